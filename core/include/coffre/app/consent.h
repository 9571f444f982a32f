// Consent and prospecting as a person uses them (issue 12): notices, recording a decision, the
// history and current state, "may I contact this person?", and the campaign export that hands a
// mailing or calling tool only the people the rule allows. Each use case parses its words
// (channels, events, methods, dates are validated here), writes its own audit entries and returns
// a value the front end only prints. Rules: coffre/contact_rule.h; ledger: coffre/consent.h.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coffre/app/session.h"
#include "coffre/consent.h"
#include "coffre/contact_rule.h"
#include "coffre/progress.h"

namespace coffre::app {

// Stores the text of FILE as notice VERSION (ConsentStore::add_notice). NotFound for a missing
// file, InvalidInput for one over 1 MiB.
Result<Notice> add_notice(Session& session, const std::string& version, const std::filesystem::path& file);
Result<std::vector<Notice>> list_notices(Session& session);

// The purposes consent is asked for: "prospecting" always, and the user's ("newsletter"...).
Status add_purpose(Session& session, const std::string& name, const std::string& description);
Result<std::vector<std::string>> list_purposes(Session& session);

struct RecordConsentRequest {
  Id contact_id = 0;
  std::string channel;  // email, sms, phone, post
  std::string event;    // given, refused, withdrawn, objected
  std::string purpose{kDefaultPurpose};
  std::string method;          // empty: none stated
  std::string notice_version;  // empty: none
  std::filesystem::path evidence;  // empty: none; else stored as the person's document, encrypted
  std::optional<Time> at;      // when it happened; now when absent
  std::string note, source;
};
struct RecordConsentResult {
  Id id = 0;
  std::optional<Id> evidence_document_id;
};
// InvalidInput naming the field for an unknown channel, event or method; the store's errors.
Result<RecordConsentResult> record_consent(Session& session, const RecordConsentRequest& request, Progress& progress);

struct ConsentHistory {
  std::vector<ConsentEvent> events;  // oldest first
  std::vector<ConsentState> state;   // per channel and purpose
};
Result<ConsentHistory> consent_history(Session& session, Id contact_id);

struct CanContactRequest {
  Id contact_id = 0;
  std::string channel;
  std::string purpose{kDefaultPurpose};
  std::optional<Time> at;  // now when absent
};
// The decision (allowed or not is an answer, not an error). Asking writes nothing.
Result<ContactDecision> can_contact(Session& session, const CanContactRequest& request);

struct CampaignExportRequest {
  std::string channel;
  std::string purpose{kDefaultPurpose};
  std::vector<std::string> categories;  // empty: every category
  std::optional<Time> at;               // the moment the campaign will run; now when absent
  std::filesystem::path output;         // created 0600; refused if it exists unless overwrite
  bool overwrite = false;
};
struct CampaignExportResult {
  Id campaign = 0;
  std::int64_t exported = 0, excluded = 0;
  std::map<std::string, std::int64_t> excluded_by_rule;  // rule id -> people
  std::string file_sha256;
  std::string rule_version;
};
// Writes a CSV (id, first_name, last_name, email or phone, organisation, unsubscribe_token) of the
// people the rule allows on the channel, one row per person (their first address or number), and
// records the campaign (channel, purpose, categories, rule version, counts, SHA-256 of the file;
// never the list) with an audit entry, in one transaction: a failure leaves no file and no record.
// The unsubscribe token is a MAC under the campaign subkey (7) of the master key over the campaign,
// the person's pseudonym, channel and purpose: 128 bits, no personal data. People without an
// address or number for the channel are excluded under "no-address".
Result<CampaignExportResult> export_campaign(Session& session, const CampaignExportRequest& request,
                                             Progress& progress);

}  // namespace coffre::app
