// Migration 14: the register of processing (GDPR art. 30, issue 14, coffre/app/register.h). One row
// per field the user set ("controller.name", "processing.prospecting.recipients"); a field with no
// row takes its built-in default (the CNIL's model register for small businesses). The register
// describes the controller and its processing, never a prospect: it holds no data subject's data
// (docs/data-map.md), so erasure does not touch it.
// The same migration indexes the audit log by subject: an access answer lists one person's
// history, which was a scan of the whole log (seconds in a vault of millions of entries;
// bench/pack_bench.cpp measures both). Named audit_log_subject_seq: main's migration 17 creates an
// index audit_log_subject of its own, which serves the same query; at merge one can go.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV14Register;
const char* const kMigrationV14Register = R"SQL(
CREATE TABLE processing_register(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX audit_log_subject_seq ON audit_log(subject, seq);
)SQL";

}  // namespace coffre::storage
