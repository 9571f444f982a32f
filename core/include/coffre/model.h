// The domain types of a salesperson's vault. They know nothing of SQL or of encryption: the stores
// in core/src/model map them to the database. Times are Unix seconds, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/audit_entry.h"

namespace coffre {

using Id = std::int64_t;
using Time = std::int64_t;

enum class ContactKind { B2B, B2C };
enum class Category { Suspect, Prospect, Client, Partner, Supplier };
enum class Temperature { Won, Hot, Warm, Cold, Stopped, Lost };
enum class InteractionKind { Call, Email, Meeting, Letter };
enum class Direction { Inbound, Outbound };  // inbound: from the person (the retention clock)
enum class Outcome {
  CallBack, NoAnswer, Busy, Refused, RefusedToTalk, Meeting, Lead, Project, MailSent, OutOfTarget, WrongNumber
};
// What a document is. Invoices and accounting records are kept 10 years (Code de commerce art.
// L123-22), even after their person is erased (coffre/documents.h).
enum class DocumentKind { Other, Contract, Quote, Evidence, Invoice, Accounting };

// Stable spellings used on the command line, in JSON and in the database ("call-back", "b2c"...).
std::string_view to_string(ContactKind v);
std::string_view to_string(Category v);
std::string_view to_string(Temperature v);
std::string_view to_string(InteractionKind v);
std::string_view to_string(Direction v);
std::string_view to_string(Outcome v);
std::string_view to_string(DocumentKind v);
// Parsers accept the stable spelling, with '_' or ' ' for '-', any case, and French equivalents
// where salespeople use them ("rappeler", "chaud", "client"). nullopt if unknown.
std::optional<ContactKind> parse_contact_kind(std::string_view s);
std::optional<Category> parse_category(std::string_view s);
std::optional<Temperature> parse_temperature(std::string_view s);
std::optional<InteractionKind> parse_interaction_kind(std::string_view s);
std::optional<Direction> parse_direction(std::string_view s);
std::optional<Outcome> parse_outcome(std::string_view s);
std::optional<DocumentKind> parse_document_kind(std::string_view s);
// The whole vocabulary of each, for --help texts and error messages.
std::vector<std::string_view> all_categories();
std::vector<std::string_view> all_temperatures();
std::vector<std::string_view> all_outcomes();
std::vector<std::string_view> all_document_kinds();
// True for the kinds the law makes the business keep 10 years (invoice, accounting).
bool is_accounting_record(DocumentKind v);

struct Organisation {
  Id id = 0;
  std::string name;
  std::optional<std::string> siren, siret, sector, address;
  Time created_at = 0, updated_at = 0;
};

struct Labelled {
  std::string value;  // email (lower case) or phone (E.164 where it could be normalised)
  std::optional<std::string> label;  // "work", "mobile", "home"...
};

struct Contact {
  Id id = 0;
  std::string pseudonym;  // random, stable; the only way the audit log names a person
  std::optional<Id> org_id;
  std::optional<std::string> org_name;  // filled on read
  std::string first_name, last_name;
  std::optional<std::string> role, address;
  ContactKind kind = ContactKind::B2B;
  Category category = Category::Prospect;
  std::optional<Temperature> temperature;
  std::optional<std::string> source;
  std::optional<Time> collected_at;
  std::vector<Labelled> emails, phones;
  Time created_at = 0, updated_at = 0;
  std::optional<Time> last_inbound_at;
};

struct Interaction {
  Id id = 0;
  Id contact_id = 0;
  InteractionKind kind = InteractionKind::Call;
  Direction direction = Direction::Outbound;
  Time occurred_at = 0;
  std::optional<Outcome> outcome;
  std::optional<Time> follow_up_at;
  std::optional<std::string> summary;
  Time created_at = 0;
};

struct Note {
  Id id = 0;
  std::optional<Id> contact_id, org_id;  // exactly one is set
  std::string body;
  Time created_at = 0;
};

struct Document {
  Id id = 0;
  Id contact_id = 0;
  std::string name;  // the file name the user gave, without folders
  std::int64_t size = 0;
  std::string sha256;  // hex, of the plaintext
  Time added_at = 0;
  DocumentKind kind = DocumentKind::Other;
  std::optional<Time> dated_at;    // the document's own date, when the user gave one
  std::optional<Time> keep_until;  // invoices and accounting records: kept until then, even past erasure
};

}  // namespace coffre
