// Per-subject data keys (docs/design.md §3): 32 random bytes per person, stored in `subject_keys`
// wrapped with crypto::seal under the vault's subject-key-wrap subkey. The associated data binds
// the wrapped key to the person's pseudonym, so a wrapped key copied onto another person's row
// does not open.
#pragma once

#include <string_view>

#include "coffre/model.h"
#include "coffre/secret.h"
#include "coffre/status.h"
#include "vault/context.h"

namespace coffre::model {

// The contact's key, created and stored when missing. Runs inside the caller's transaction.
Result<SecretBytes> subject_key_for_write(detail::VaultContext& ctx, Id contact_id, std::string_view pseudonym);
// The contact's existing key. NotFound when they have none (never had a document, or erased);
// Corruption when the wrapped key does not open.
Result<SecretBytes> subject_key(detail::VaultContext& ctx, Id contact_id, std::string_view pseudonym);

}  // namespace coffre::model
