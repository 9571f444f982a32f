// Migration 8: what an import knows of its people's terms, recorded as known (issue 10, item 2).
// - import_batches: the lawful basis may be 'unspecified' (none was given: nothing is assumed), the
//   kind 'per-row' (no --b2b/--b2c: each row's kind comes from a column or is inferred), and the
//   collection date given by --collected or taken from the file's own date, with where it came from.
//   SQLite cannot change a CHECK constraint, so the table is rebuilt under the same name: its rows
//   are copied aside (temp store is memory), the table dropped and created again, the rows put back
//   with their rowids. contact_provenance refers to it by name; the foreign-key checks are deferred
//   to the commit, by which time every batch id is back.
//   `scrubbed_at` (migration 5, which always runs before this one) is kept.
// - contact_provenance: per contact and batch, the basis recorded for that row when it differs
//   from the batch's (a B2C row under legitimate interest, which does not cover e-mail prospecting
//   of consumers, gets 'unspecified'), where its B2B/B2C came from, and its collection date and
//   where that came from.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV8ImportTerms;
const char* const kMigrationV8ImportTerms = R"SQL(
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE import_batches_v7 AS SELECT rowid AS old_rowid, * FROM import_batches;
DROP TABLE import_batches;
CREATE TABLE import_batches(
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  lawful_basis TEXT NOT NULL CHECK(lawful_basis IN ('consent','legitimate-interest','contract','unspecified')),
  kind TEXT NOT NULL CHECK(kind IN ('b2b','b2c','per-row')),
  imported_at INTEGER NOT NULL,
  added INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  suppressed INTEGER NOT NULL DEFAULT 0,
  sensitive INTEGER NOT NULL DEFAULT 0,
  undone_at INTEGER,
  collected_at INTEGER,
  collected_from TEXT CHECK(collected_from IN ('option','file-date')),
  scrubbed_at INTEGER);
INSERT INTO import_batches(rowid, id, source, file_name, file_sha256, format, lawful_basis, kind, imported_at, added,
                           merged, rejected, suppressed, sensitive, undone_at, scrubbed_at)
  SELECT old_rowid, id, source, file_name, file_sha256, format, lawful_basis, kind, imported_at, added, merged,
         rejected, suppressed, sensitive, undone_at, scrubbed_at FROM temp.import_batches_v7;
DROP TABLE temp.import_batches_v7;
ALTER TABLE contact_provenance ADD COLUMN lawful_basis TEXT
  CHECK(lawful_basis IS NULL OR lawful_basis IN ('consent','legitimate-interest','contract','unspecified'));
ALTER TABLE contact_provenance ADD COLUMN kind_from TEXT CHECK(kind_from IS NULL OR kind_from IN ('option','column','inferred'));
ALTER TABLE contact_provenance ADD COLUMN collected_at INTEGER;
ALTER TABLE contact_provenance ADD COLUMN collected_from TEXT
  CHECK(collected_from IS NULL OR collected_from IN ('column','option','file-date'));
)SQL";

}  // namespace coffre::storage
