// The consent ledger (issue 12): who agreed or refused, to what, on which channel, when, how,
// having seen which text. The proof of consent is the controller's burden (GDPR art. 7(1),
// recital 42); field names follow the Kantara Consent Receipt v1.1 and ISO/IEC TS 27560 where they
// overlap (purpose, method, notice, occurred/recorded times, source).
//
// Events are append-only: never edited (the database refuses an UPDATE), a correction is a new
// event. Each is hashed (BLAKE2b over its canonical fields) and the hash is written in its audit
// entry, which names the person by pseudonym only. Notices (the exact texts people saw) are stored
// once and referenced by version and SHA-256. Events and their evidence go with the person when
// they are erased (the data map); a withdrawal or an objection leaves a keyed hash of the person's
// addresses and numbers scoped to its channel (consent_suppression), which outlives them.
// A ConsentStore holds a reference to the Vault, which must outlive it. One thread at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/model.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

enum class ConsentEventKind { Given, Refused, Withdrawn, Objected };
enum class Channel { Email, Sms, Phone, Post };
enum class ConsentMethod { WebForm, DoubleOptIn, EmailReply, Oral, Paper, InPerson, Import };

// Stable spellings: "given", "email", "web-form"...; parsers accept them in any case, with '_'
// for '-', and a few French words ("donné", "retiré", "opposition", "courrier", "téléphone").
std::string_view to_string(ConsentEventKind v);
std::string_view to_string(Channel v);
std::string_view to_string(ConsentMethod v);
std::optional<ConsentEventKind> parse_consent_event(std::string_view s);
std::optional<Channel> parse_channel(std::string_view s);
std::optional<ConsentMethod> parse_consent_method(std::string_view s);

inline constexpr std::string_view kDefaultPurpose = "prospecting";

struct Notice {
  std::string version;
  std::string sha256;  // hex, of the exact UTF-8 text
  std::string text;
  Time added_at = 0;
};

struct NewConsentEvent {
  Id contact_id = 0;
  ConsentEventKind event = ConsentEventKind::Given;
  Channel channel = Channel::Email;
  std::string purpose{kDefaultPurpose};  // must be in the purpose registry
  std::optional<ConsentMethod> method;
  std::optional<std::string> notice_version;  // must name a stored notice; its SHA-256 is copied
  std::optional<Time> occurred_at;            // now when absent; never in the future
  std::optional<std::string> source, note;
  std::optional<Id> evidence_document_id;     // a document of the same contact (DocumentStore)
};

struct ConsentEvent {
  Id id = 0;
  Id contact_id = 0;
  ConsentEventKind event = ConsentEventKind::Given;
  Channel channel = Channel::Email;
  std::string purpose;
  std::optional<ConsentMethod> method;
  std::optional<std::string> notice_version, notice_sha256;
  Time occurred_at = 0, recorded_at = 0;
  std::optional<std::string> source, note;
  std::optional<Id> evidence_document_id;
  std::optional<std::string> evidence_sha256;
  std::string hash;  // hex BLAKE2b-256 of the canonical fields, as written in the audit entry
};

// The person's standing for one channel and purpose: the latest decision that applies to it. An
// objection applies to every purpose of its channel (GDPR art. 21(3): direct marketing as a
// whole); given, refused and withdrawn to their own purpose. A later `given` for a purpose lifts
// an earlier objection for that purpose only.
struct ConsentState {
  Channel channel = Channel::Email;
  std::string purpose;
  ConsentEventKind status = ConsentEventKind::Given;
  Time since = 0;
  Id event_id = 0;
};
// Every (channel, purpose) the events speak of, in channel then purpose order.
std::vector<ConsentState> consent_states(const std::vector<ConsentEvent>& events);
// The decision that applies to (channel, purpose), or nullopt when the events say nothing of it.
std::optional<ConsentState> consent_state(const std::vector<ConsentEvent>& events, Channel channel,
                                          std::string_view purpose);

class ConsentStore {
 public:
  explicit ConsentStore(Vault& vault) : vault_(vault) {}

  // Stores a notice. The same version with the same text again is not an error (returns the
  // stored one); with another text it is Conflict: a notice, once shown, never changes. InvalidInput
  // for an empty version or text, or a text over 1 MiB. The text is kept byte for byte. Audited
  // ("notice.add").
  Result<Notice> add_notice(const std::string& version, const std::string& text);
  Result<std::vector<Notice>> notices();  // oldest first
  Result<Notice> notice(const std::string& version);  // NotFound names the version

  // The purpose registry: "prospecting" always, and what the user adds ("newsletter"...): lower-case
  // letters, digits and '-', 1 to 40 characters (InvalidInput otherwise). Idempotent.
  Status add_purpose(const std::string& name, const std::string& description);
  Result<std::vector<std::string>> purposes();
  // NotFound, naming it, when `name` is not in the registry.
  Status check_purpose(const std::string& name);
  // What record() refuses, checked without writing: an unknown contact, purpose or notice, or a
  // date in the future. A front end calls it before storing evidence, so a typo leaves no document.
  Status check(const NewConsentEvent& event);

  // Appends an event and its audit entry ("consent.record", with the event's hash) in one
  // transaction. NotFound for an unknown contact, notice or purpose; InvalidInput for a date in
  // the future or evidence that is not one of the contact's documents.
  Result<Id> record(const NewConsentEvent& event);
  // The contact's events, oldest first (by occurred_at, then id). NotFound for an unknown contact.
  Result<std::vector<ConsentEvent>> history(Id contact_id);
  // Recomputes every event's hash and compares it with the stored one and its audit entry;
  // returns the ids that differ (empty when the ledger is intact).
  Result<std::vector<Id>> verify_hashes();

 private:
  Vault& vault_;
};

// The channel-scoped suppression list: keyed hashes (the suppression subkey) of a person's
// e-mails and phones for one channel, written when a person who withdrew or objected is erased.
// Values are normalised (normalize.h).
Result<bool> is_suppressed_for_channel(Vault& vault, Channel channel, const std::vector<std::string>& emails,
                                       const std::vector<std::string>& phones);

}  // namespace coffre
