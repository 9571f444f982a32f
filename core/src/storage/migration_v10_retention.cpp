// Migration 10: retention (issue 13). Policies the user set over the built-in defaults (no personal
// data), legal holds (the person's: they go with them), keyed-hash tombstones of the e-mails and
// phones of people erased for retention (so that a file collected before their erasure does not
// bring them back), and the record of each retention run (counts only).
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV10Retention;
const char* const kMigrationV10Retention = R"SQL(
CREATE TABLE retention_policies(
  category TEXT NOT NULL CHECK(category IN ('suspect','prospect','client','partner','supplier')),
  kind TEXT NOT NULL CHECK(kind IN ('any','b2b','b2c')),
  after_months INTEGER,
  clock TEXT NOT NULL CHECK(clock IN ('collected','last-inbound','last-interaction')),
  recontact_days INTEGER,
  version INTEGER NOT NULL,
  set_at INTEGER NOT NULL,
  PRIMARY KEY(category, kind)) WITHOUT ROWID;
CREATE TABLE legal_holds(
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  until INTEGER,
  created_at INTEGER NOT NULL);
CREATE TABLE retention_tombstones(
  kind TEXT NOT NULL CHECK(kind IN ('email','phone')),
  hash BLOB NOT NULL,
  erased_at INTEGER NOT NULL,
  PRIMARY KEY(kind, hash)) WITHOUT ROWID;
CREATE TABLE retention_runs(
  id INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  policy_version INTEGER NOT NULL,
  due INTEGER NOT NULL DEFAULT 0,
  erased INTEGER NOT NULL DEFAULT 0,
  held INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  summary TEXT);
)SQL";

}  // namespace coffre::storage
