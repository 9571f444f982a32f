// Migration 14: the register of processing (GDPR art. 30, issue 14, coffre/app/register.h). One row
// per field the user set ("controller.name", "processing.prospecting.recipients"); a field with no
// row takes its built-in default (the CNIL's model register for small businesses). The register
// describes the controller and its processing, never a prospect: it holds no data subject's data
// (docs/data-map.md), so erasure does not touch it.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV14Register;
const char* const kMigrationV14Register = R"SQL(
CREATE TABLE processing_register(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL) WITHOUT ROWID;
)SQL";

}  // namespace coffre::storage
