// Numbered schema migrations. Each runs in one transaction and is recorded in schema_migrations;
// a vault written by a newer Coffre (a version we do not know) is refused rather than guessed at.
// To change the schema, append a migration to the list in migrations.cpp: never edit a shipped one.
#pragma once

#include <cstdint>

#include "coffre/status.h"
#include "storage/database.h"

namespace coffre::storage {

int latest_schema_version();
Result<int> current_schema_version(Database& db);
Status migrate(Database& db, std::int64_t now);

}  // namespace coffre::storage
