// Migration 3: the provenance of imported contacts (the first half of the consent proof, issue 3).
// One row per import run (file, fingerprint, source, lawful basis, counts), one row per contact
// that a run added or merged into. A contact's provenance rows go with the contact when it is
// erased (ON DELETE CASCADE); the batch row stays, holding no personal data beyond the file name.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV3Import;
const char* const kMigrationV3Import = R"SQL(
CREATE TABLE import_batches(
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  lawful_basis TEXT NOT NULL CHECK(lawful_basis IN ('consent','legitimate-interest','contract')),
  kind TEXT NOT NULL CHECK(kind IN ('b2b','b2c')),
  imported_at INTEGER NOT NULL,
  added INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  suppressed INTEGER NOT NULL DEFAULT 0,
  sensitive INTEGER NOT NULL DEFAULT 0,
  undone_at INTEGER);
CREATE TABLE contact_provenance(
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  batch_id TEXT NOT NULL REFERENCES import_batches(id),
  action TEXT NOT NULL CHECK(action IN ('added','merged')),
  line INTEGER NOT NULL,
  PRIMARY KEY(contact_id, batch_id)) WITHOUT ROWID;
CREATE INDEX contact_provenance_batch ON contact_provenance(batch_id, action);
)SQL";

}  // namespace coffre::storage
