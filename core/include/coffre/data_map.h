// The map of a person's data: every table of the vault's schema, whether it holds data about a
// person, how its rows reach the person's contact, what an erasure does to them and which section
// of the access export shows them. It is declared once, as data (core/src/model/person_data.cpp),
// and read by the erasure (what to count and delete), the access export (its sections), the tests
// (a new vault's schema must match it) and docs/data-map.md, the backbone of the register of
// processing activities (GDPR art. 30), which is rendered from it.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace coffre::data_map {

// How a table's rows are found from a contact id.
enum class Reach {
  NotPersonal,  // holds no data about anyone
  Contact,      // the contacts table: a row is a person, `column` its id
  ContactId,    // `column` holds the contact's id (a foreign key, or an FTS docid)
  Through,      // `column` matches `via`.`via_column`, a mapped table that reaches the person
  Pseudonym,    // `column` holds the person's pseudonym, never their name
  KeyedHash,    // rows are keyed hashes of an e-mail or phone: found only by hashing them again
  Shadow,       // an FTS4 shadow table: its rows are those of its owner, `via`
};

// What erasing the person does to their rows in the table.
enum class OnErasure {
  Nothing,       // not personal
  Delete,        // the erasure deletes them itself, in ascending `step`
  Cascade,       // they go with the contact row (ON DELETE CASCADE)
  KeepProof,     // kept as proof; `why` says of what, and why it is no longer the person's data
  KeepShared,    // related and shared with other people: kept unless orphaned (issue 9)
  WithOwner,     // shadow rows: they follow their owner's rows
};

// The sections of the access export (coffre/access.h), in the export's order.
enum class AccessSection {
  None,
  Identity,
  Emails,
  Phones,
  Organisation,
  Notes,
  Interactions,
  Documents,
  Provenance,
  Consent,
  History,
};

struct Table {
  std::string_view name;
  Reach reach = Reach::NotPersonal;
  std::string_view column;      // the column that reaches the person (Contact .. KeyedHash)
  std::string_view via;         // Through: the table it reaches the person through; Shadow: its owner
  std::string_view via_column;  // Through: the column of `via` that `column` equals
  OnErasure on_erasure = OnErasure::Nothing;
  int step = 0;                 // Delete: the order of the deletes
  AccessSection section = AccessSection::None;
  std::string_view holds;       // what the rows are, in a few words
  std::string_view why;         // why kept, why not personal, or why deleted at this step
};

// Every table of a new vault's schema, the person's tables first.
std::span<const Table> tables();
// The table named `name`, or nullptr.
const Table* find(std::string_view name);
// The access export's sections in their order (None excluded).
std::span<const AccessSection> access_sections();

bool is_personal(const Table& t);
// Rows the erasure removes: Delete or Cascade.
bool is_erased(const Table& t);

std::string_view to_string(AccessSection s);  // "identity", "emails"...; "" for None
std::string_view to_string(Reach r);          // "contact-id", "through"...
std::string_view to_string(OnErasure e);      // "delete", "cascade", "keep-proof"...

// The map as the Markdown of docs/data-map.md, and as JSON (`coffre data-map --json`).
std::string render_markdown();
std::string render_json();

}  // namespace coffre::data_map
