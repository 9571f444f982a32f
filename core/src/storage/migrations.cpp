#include "storage/migrations.h"
#include "coffre/i18n.h"

#include <algorithm>
#include <string>
#include <vector>

namespace coffre::storage {

// Migrations 3 (import provenance), 5 (ids, removed notes, orphan organisations) and 10 (retention)
// live in their own files.
extern const char* const kMigrationV3Import;
extern const char* const kMigrationV5People;
extern const char* const kMigrationV10Retention;
extern const char* const kMigrationV11SearchTerms;
// Migration 12 (subject requests) lives in migration_v12_requests.cpp.
extern const char* const kMigrationV12Requests;
// Migration 7 (the consent ledger) lives in migration_v7_consent.cpp.
extern const char* const kMigrationV7Consent;
// Migration 6 (the search row in columns, for ranking) lives in migration_v6_search.cpp.
extern const char* const kMigrationV6Search;
// Migration 8 (what an import knows of basis, kind and collection date): migration_v8_import_terms.cpp.
extern const char* const kMigrationV8ImportTerms;
extern const char* const kMigrationV15DocumentKinds;
// Migration 14 (the register of processing, GDPR art. 30) lives in migration_v14_register.cpp.
extern const char* const kMigrationV14Register;
extern const char* const kMigrationV16Optin;
extern const char* const kMigrationV17AuditPayloads;

namespace {

struct Migration {
  int version;
  const char* sql;
};

// Migration 1: the data model of a salesperson's vault (docs/formats.md, "Database").
constexpr const char* kV1 = R"SQL(
CREATE TABLE vault_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE organisations(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  siren TEXT, siret TEXT, sector TEXT, address TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX organisations_name ON organisations(name COLLATE NOCASE);
CREATE TABLE contacts(
  id INTEGER PRIMARY KEY,
  pseudonym TEXT NOT NULL UNIQUE,
  org_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  role TEXT, address TEXT,
  kind TEXT NOT NULL DEFAULT 'b2b' CHECK(kind IN ('b2b','b2c')),
  category TEXT NOT NULL DEFAULT 'prospect'
    CHECK(category IN ('suspect','prospect','client','partner','supplier')),
  temperature TEXT CHECK(temperature IN ('won','hot','warm','cold','stopped','lost')),
  source TEXT, collected_at INTEGER,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  last_inbound_at INTEGER);
CREATE INDEX contacts_org ON contacts(org_id);
CREATE INDEX contacts_name ON contacts(last_name COLLATE NOCASE, first_name COLLATE NOCASE);
CREATE TABLE contact_emails(
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  email TEXT NOT NULL,
  label TEXT,
  PRIMARY KEY(contact_id, position)) WITHOUT ROWID;
CREATE INDEX contact_emails_email ON contact_emails(email);
CREATE TABLE contact_phones(
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  phone TEXT NOT NULL,
  label TEXT,
  PRIMARY KEY(contact_id, position)) WITHOUT ROWID;
CREATE INDEX contact_phones_phone ON contact_phones(phone);
CREATE TABLE interactions(
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK(kind IN ('call','email','meeting','letter')),
  direction TEXT NOT NULL CHECK(direction IN ('inbound','outbound')),
  occurred_at INTEGER NOT NULL,
  outcome TEXT,
  follow_up_at INTEGER,
  summary TEXT,
  created_at INTEGER NOT NULL);
CREATE INDEX interactions_contact ON interactions(contact_id, occurred_at);
CREATE INDEX interactions_follow_up ON interactions(follow_up_at) WHERE follow_up_at IS NOT NULL;
CREATE TABLE notes(
  id INTEGER PRIMARY KEY,
  contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
  org_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  CHECK((contact_id IS NULL) <> (org_id IS NULL)));
CREATE INDEX notes_contact ON notes(contact_id);
CREATE INDEX notes_org ON notes(org_id);
CREATE TABLE subject_keys(
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
  wrapped BLOB NOT NULL);
CREATE TABLE documents(
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  blob_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  added_at INTEGER NOT NULL);
CREATE INDEX documents_contact ON documents(contact_id);
CREATE TABLE audit_log(
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  subject TEXT,
  details TEXT NOT NULL DEFAULT '',
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL,
  signature BLOB NOT NULL);
CREATE VIRTUAL TABLE search_index USING fts4(body, tokenize=unicode61 "remove_diacritics=1");
)SQL";

// Migration 2: the erasure journal, the suppression list, and documents still being written.
// The journal is kept after an erasure completes (pseudonym, reason, counts, certificate; no
// personal data): a crash resumes from it, and a restored backup replays it (docs/design.md §6).
// A document row is inserted `pending` before its blob is written, so an erasure always knows
// every blob name of a person, even of an add that crashed part-way.
constexpr const char* kV2 = R"SQL(
CREATE TABLE erasure_journal(
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  contact_id INTEGER NOT NULL,
  reason TEXT NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('pending','deleted','done')),
  blobs TEXT NOT NULL DEFAULT '',
  rows_removed INTEGER NOT NULL DEFAULT 0,
  documents INTEGER NOT NULL DEFAULT 0,
  subject_key INTEGER NOT NULL DEFAULT 0,
  suppressed INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  certificate TEXT);
CREATE INDEX erasure_journal_open ON erasure_journal(state) WHERE state <> 'done';
CREATE INDEX erasure_journal_contact ON erasure_journal(contact_id);
CREATE TABLE suppression(
  kind TEXT NOT NULL CHECK(kind IN ('email','phone')),
  hash BLOB NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY(kind, hash)) WITHOUT ROWID;
ALTER TABLE documents ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
)SQL";

// Migration 4: the search index split in two (docs/design-decisions.md, "Search index"). A
// contact's row keeps its names, role and notes; organisations (name, sector, notes) get their own
// table, so a company's text is indexed once instead of once per person who works there, and an
// organisation's note rewrites one row; emails are found by their beginning through their own
// index. Both tables are built from the data; the old index is dropped (secure_delete zeroes the
// pages it leaves). matchinfo=fts3: Coffre ranks nothing by FTS statistics, so the per-row
// %_docsize table FTS4 keeps for matchinfo() is one write per contact for nothing.
constexpr const char* kV4 = R"SQL(
CREATE VIRTUAL TABLE org_search_index USING fts4(body, matchinfo=fts3, tokenize=unicode61 "remove_diacritics=1");
INSERT INTO org_search_index(docid, body)
  SELECT o.id, o.name || coalesce(' ' || o.sector, '') ||
               coalesce((SELECT char(10) || group_concat(n.body, char(10)) FROM notes n WHERE n.org_id = o.id), '')
  FROM organisations o;
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts4(body, matchinfo=fts3, tokenize=unicode61 "remove_diacritics=1");
INSERT INTO search_index(docid, body)
  SELECT c.id, c.first_name || ' ' || c.last_name || coalesce(char(10) || c.role, '') ||
               coalesce((SELECT char(10) || group_concat(n.body, char(10)) FROM notes n WHERE n.contact_id = c.id), '')
  FROM contacts c;
)SQL";

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, kV1},
      {2, kV2},
      {3, kMigrationV3Import},
      {4, kV4},
      {5, kMigrationV5People},
      {6, kMigrationV6Search},
      {7, kMigrationV7Consent},
      {8, kMigrationV8ImportTerms},
      {10, kMigrationV10Retention},
      {11, kMigrationV11SearchTerms},
      {12, kMigrationV12Requests},
      {14, kMigrationV14Register},
      {15, kMigrationV15DocumentKinds},
      {16, kMigrationV16Optin},
      {17, kMigrationV17AuditPayloads},
  };
  return list;
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

Result<int> current_schema_version(Database& db) {
  COFFRE_TRY(db.exec("CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"));
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? static_cast<int>(st.column_int(0)) : 0;
}

Status migrate(Database& db, std::int64_t now) {
  COFFRE_ASSIGN_OR_RETURN(int current, current_schema_version(db));
  if (current > latest_schema_version())
    return make_error(ErrorKind::Conflict, trf("this vault has schema version {0}, newer than this Coffre knows ({1}): "
                                               "upgrade Coffre",
                                               {std::to_string(current), std::to_string(latest_schema_version())}));
  // Every migration not recorded yet, in order (in a vault this Coffre made, the ones after
  // `current`; a test that removes one record sees that one applied again).
  COFFRE_ASSIGN_OR_RETURN(auto recorded_st, db.prepare("SELECT version FROM schema_migrations"));
  COFFRE_ASSIGN_OR_RETURN(auto recorded, recorded_st.all_ints());
  recorded_st.reset();
  for (const auto& m : migrations()) {
    if (std::find(recorded.begin(), recorded.end(), m.version) != recorded.end()) continue;
    Transaction tx(db);
    COFFRE_TRY(tx.begin());
    COFFRE_TRY(db.exec(m.sql));
    COFFRE_ASSIGN_OR_RETURN(auto rec, db.prepare("INSERT INTO schema_migrations(version, applied_at) VALUES(?, ?)"));
    COFFRE_TRY(rec.bind(1, m.version).bind(2, now).run());
    COFFRE_TRY(tx.commit());
  }
  return {};
}

}  // namespace coffre::storage
