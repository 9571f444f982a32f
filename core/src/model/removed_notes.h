// What the user removed from a contact's notes stays removed (issue 9, item 4). Importing the same
// file again skips a comment the contact already has; once the user removed it (`note rm`, or a
// redaction), it no longer has it, and only this memory keeps the import from bringing it back. It
// holds keyed hashes (BLAKE2b under the suppression subkey, domain "removed-note:<contact id>:"),
// never the text, and goes with the contact when the contact is erased.
#pragma once

#include <string_view>

#include "coffre/model.h"
#include "coffre/status.h"
#include "vault/context.h"

namespace coffre::model {

// Remembers the note `body` (cleaned as notes are) and each of its lines as removed from the
// contact. The caller holds the transaction.
Status remember_removed_note(detail::VaultContext& ctx, Id contact_id, std::string_view body, Time now);
// Whether `comment` (cleaned as notes are) was removed from the contact, as a note or a line of one.
Result<bool> was_removed_note(detail::VaultContext& ctx, Id contact_id, std::string_view comment);

}  // namespace coffre::model
