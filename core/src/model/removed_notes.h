// What the user removed from a contact's notes stays removed (issue 9, item 4). Importing the same
// file again skips a comment the contact already has; once the user removed it (`note rm`, or a
// redaction), it no longer has it, and only this memory keeps the import from bringing it back. It
// holds keyed hashes (BLAKE2b under the suppression subkey, domain "removed-note:<contact id>:"),
// never the text, and goes with the contact when the contact is erased.
#pragma once

#include <string_view>

#include "coffre/model.h"
#include "coffre/status.h"
#include "storage/database.h"
#include "vault/context.h"

namespace coffre::model {

// Remembers the note `body` (cleaned as notes are) and each of its lines as removed from the
// contact. The caller holds the transaction.
Status remember_removed_note(detail::VaultContext& ctx, Id contact_id, std::string_view body, Time now);
// Whether a comment was removed from a contact, as a note or a line of one; the statement is
// prepared once, for an import's rows.
class RemovedNotes {
 public:
  static Result<RemovedNotes> prepare(detail::VaultContext& ctx);
  // `cleaned`: the comment cleaned as notes are (clean_note_body).
  Result<bool> contains(Id contact_id, std::string_view cleaned);

 private:
  detail::VaultContext* ctx_ = nullptr;
  storage::Statement lookup_;
};

}  // namespace coffre::model
