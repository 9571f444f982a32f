// Deduplication and writing for the import pipeline. A row whose personal e-mail is already in the
// vault, or whose phone or role address is and whose name agrees (services/import/same_person.h),
// is merged into that contact: empty fields filled (names, role, address, organisation), new
// e-mails and phones appended, its note added; nothing the contact had is overwritten. A row
// matching an earlier row of the same chunk is merged into it before the chunk is written.
// Everything runs inside the import's transaction, so earlier chunks are found in the database.
#pragma once

#include <string>
#include <vector>

#include "coffre/import.h"
#include "coffre/vault.h"
#include "model/removed_notes.h"
#include "services/import/row_builder.h"
#include "storage/database.h"

namespace coffre::services::import {

class Merger {
 public:
  static Result<Merger> prepare(Vault& vault, std::string batch, ImportSummary& summary);
  // Writes `rows` (added or merged) with their provenance and notes; counts into the summary.
  Status flush(std::vector<BuiltRow>& rows);

 private:
  Merger() = default;
  struct Match {
    Id id = 0;
    const char* by = "";  // "email", "phone" or "name" (a row with neither, see prepare())
    std::string value;
  };
  // The vault's contact this row is, if any; `apart` receives the first contact it shares a phone
  // or role address with but was kept apart from (names differ).
  Result<std::optional<Match>> find_existing(const NewContact& c, std::optional<Match>& apart);
  Result<bool> same_names(Id id, const NewContact& c);
  Status report_apart(std::uint64_t line, const Match& match, std::uint64_t other_line = 0);
  // Names a contact `id` matched in the vault: by `line` when this import added it, else `contact`.
  Status name_contact(Id id, std::optional<Id>& contact, std::uint64_t& line);
  Status merge_into(Id id, const BuiltRow& row);
  // Lists a merge in the summary (the first ImportSummary::kMaxListed): with the row at
  // `first_line` of the current chunk, or (first_line 0) into the contact `match.id`.
  Status report(std::uint64_t line, const Match& match, std::uint64_t first_line = 0);
  // The provenance row: the batch, the line, and what this row's terms were (its basis when not the
  // batch's, where its B2B/B2C and collection date came from).
  Status provenance(Id id, const char* action, const BuiltRow& row);
  // A row that opted out of e-mail: an `objected` event on the e-mail channel for contact `id`
  // (method import, source the file, at the file's date), unless its latest word on e-mail
  // already is an objection (the same file imported again, a later export).
  Status objection(Id id, const BuiltRow& row);

  Vault* vault_ = nullptr;
  std::string batch_;
  ImportSummary* summary_ = nullptr;
  model::RemovedNotes removed_notes_;
  storage::Statement by_email_, by_phone_, by_name_, names_, provenance_, same_note_, added_line_;
};

// Fills what `into` lacks from `from` and appends the e-mails and phones it does not have.
// True if anything changed.
bool merge_new_contact(NewContact& into, const NewContact& from);

}  // namespace coffre::services::import
