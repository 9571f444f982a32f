// Migration 17: audit entries whose details can be removed at erasure while the chain still
// verifies (issue 17, item 4). From this version on an entry's hash covers a commitment to its
// details, BLAKE2b over a random salt and the details, instead of the details themselves, as
// transparency logs chain over a leaf's hash. Erasure deletes a person's details and salt in place
// (secure_delete) and keeps the commitment: the chain and its signatures still verify, and the
// commitment, salted, confirms no guess of what the details said. Entries written before this
// migration stay version 1 (their hash covers their details, which therefore cannot be removed
// without breaking the chain); docs/security.md says what that leaves.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV17AuditPayloads;
const char* const kMigrationV17AuditPayloads = R"SQL(
ALTER TABLE audit_log ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN payload_salt BLOB;
ALTER TABLE audit_log ADD COLUMN payload_hash BLOB;
ALTER TABLE audit_log ADD COLUMN redacted_at INTEGER;
)SQL";

}  // namespace coffre::storage
