// Asking people for consent and reading their answers (issue 12): the double opt-in or
// re-permission campaign, which gives each person allowed to be written to an unforgeable token
// and a short reply code in a mail-merge file, and the consent import, which reads the answers
// (a form's responses, replies by e-mail, a mailing tool's unsubscribes) through the
// consent-capture plugins (coffre/plugin/consent.h) and records them in the ledger.
//
// Tokens: hex of the first 16 bytes (128 bits) of BLAKE2b keyed with the campaign subkey (7) of
// the master key over "coffre-optin/1", the campaign id, the person's pseudonym, channel, purpose,
// the notice's SHA-256 and the expiry. Nothing in a token names the person; without the master key
// none can be made. The vault keeps each token with its person (optin_tokens, migration 16) so
// that an answer finds them, and marks it used, so that a second answer with it is refused.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coffre/app/session.h"
#include "coffre/consent.h"
#include "coffre/progress.h"

namespace coffre::app {

struct OptinCampaignRequest {
  std::string channel;                  // the channel consent is asked for (email, sms, phone, post)
  std::string purpose{kDefaultPurpose};
  std::string notice_version;           // the text people are asked to agree to; required
  std::vector<std::string> categories;  // these categories only; empty with no contacts: everyone
  std::vector<Id> contacts;             // these people only (not with categories)
  std::string expires = "30d";          // how long the tokens are valid: "30d", "2w", "48h"
  std::optional<Time> at;               // when the campaign is sent; now when absent
  std::filesystem::path output;         // the mail-merge CSV, created 0600
  bool overwrite = false;
};
struct OptinCampaignResult {
  Id campaign = 0;
  std::int64_t invited = 0, excluded = 0;
  std::map<std::string, std::int64_t> excluded_by_rule;  // rule id (or "no-address") -> people
  Time expires_at = 0;
  std::string file_sha256;
  std::string rule_version;
};
// Writes `id,first_name,last_name,email,phone,organisation,token,reply_code,expires_at` for every
// person the rule does not forbid asking: people who objected, withdrew, refused or are on a
// suppression list are never asked (asking them again is prospecting them), nor is anyone without
// an address on the channel (e-mail needs an e-mail, SMS and phone a number, post an address).
// Records the campaign (kind 'optin', its notice and expiry, counts, the file's SHA-256; the tokens
// with their people in optin_tokens) with an audit entry, in one transaction: a failure leaves no
// file and no record. Usage for a missing -o or both categories and contacts; InvalidInput for a
// bad duration, channel or category; NotFound for an unknown notice, purpose or contact.
Result<OptinCampaignResult> run_optin_campaign(Session& session, const OptinCampaignRequest& request,
                                               Progress& progress);

// "30d" -> seconds. Units s, m, h, d, w; at most 366 days. InvalidInput otherwise.
Result<Time> parse_duration(const std::string& text);

struct ConsentImportRequest {
  std::filesystem::path file;   // a file (CSV, .eml, .mbox) or a folder of .eml files
  std::string format = "auto";  // a plugin's source name ("form-responses", "mail-replies",
                                // "unsubscribes") or auto: the plugin that recognises the file
  std::string purpose{kDefaultPurpose};  // for records without a token (unsubscribes)
  bool dry_run = false;         // check and report, write nothing
  // The zone of an answer's date written without one (a form tool's export is in its owner's
  // zone): an IANA name, or empty for this machine's (TZ).
  std::string time_zone;
};
struct ConsentImportRefusal {
  std::uint64_t line = 0;  // the line (CSV) or message number (mbox, folder) in the source
  std::string reason;      // "forged token", "expired token", "replayed token", "another person's token"...
                           // (English, as --json and the audit log say it)
  std::string said{};      // `reason` in the user's language (empty: reason)
};
struct ConsentImportResult {
  std::string plugin;  // the plugin that read the file
  std::int64_t recorded = 0, refused = 0, unmatched = 0;
  std::int64_t unchanged = 0;   // unsubscribes of people who had already withdrawn or objected
  std::int64_t suppressed = 0;  // unsubscribes of addresses the vault does not hold: scoped entries
  std::vector<ConsentImportRefusal> refusals;
  std::vector<ConsentImportRefusal> unmatched_lines;  // no token and no contact with that address
  std::vector<Id> events;  // the consent events recorded
};
// Reads the file through a consent-capture plugin and, for each record:
//  - with a token or reply code: the token must be known (else "forged token"), unexpired at the
//    answer's date (else "expired token"), not answered before (else "replayed token"), and when
//    the record names an address, it must be one of the token's person's (else "another person's
//    token"); a reply code is taken only from a mail whose sender is the person's address. An
//    accepted answer becomes a consent event of the campaign's channel, purpose and notice, with
//    method double-opt-in (form) or email-reply (mail), its proof in the note, and the mail kept
//    encrypted as evidence;
//  - without a token (an unsubscribe export): a `withdrawn` event on the channel for every contact
//    holding the address, or, when none does, a channel-scoped suppression entry (a keyed hash):
//    an address the vault does not hold is never added to it.
// Refusals are counted, reported with their line, and audited (line and reason, the pseudonym
// when the token named one); nothing is recorded from them. All of it in one transaction; a
// malformed source (the plugin fails) records nothing. NotFound when no plugin reads the file.
Result<ConsentImportResult> import_consent(Session& session, const ConsentImportRequest& request,
                                           Progress& progress);

}  // namespace coffre::app
