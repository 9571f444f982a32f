// Migration 11: the search index as terms deleted in place (issue 9, item 9; docs/design-
// decisions.md "Search index: terms deleted in place"). FTS4 keeps an erased row's terms in every
// older segment until a merge rewrites it, so erasing one person merged the whole index (5.7 s at a
// million contacts). The terms go into two ordinary WITHOUT ROWID tables, one row per distinct
// term of a contact's column or of an organisation; deleting a person's rows under secure_delete
// zeroes their cells in place. The terms are made from the FTS4 tables' own text by SQLite's
// fts3tokenize with the same unicode61 rules (case and accents folded); the phone column's tokens
// are already folded. The FTS4 tables are then dropped (secure_delete zeroes their pages).
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV11SearchTerms;
const char* const kMigrationV11SearchTerms = R"SQL(
CREATE TABLE search_terms(
  col INTEGER NOT NULL,
  term TEXT NOT NULL,
  contact_id INTEGER NOT NULL,
  PRIMARY KEY(col, term, contact_id)) WITHOUT ROWID;
CREATE INDEX search_terms_contact ON search_terms(contact_id);
CREATE TABLE org_search_terms(
  term TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  PRIMARY KEY(term, org_id)) WITHOUT ROWID;
CREATE INDEX org_search_terms_org ON org_search_terms(org_id);
CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tok USING fts3tokenize(unicode61, "remove_diacritics=1");
INSERT OR IGNORE INTO search_terms(col, term, contact_id)
  SELECT 0, t.token, s.docid FROM main.search_index s, temp.search_tok t WHERE t.input = s.names;
INSERT OR IGNORE INTO search_terms(col, term, contact_id)
  SELECT 1, t.token, s.docid FROM main.search_index s, temp.search_tok t WHERE t.input = s.other;
INSERT OR IGNORE INTO search_terms(col, term, contact_id)
  SELECT 2, t.token, s.docid FROM main.search_index s, temp.search_tok t WHERE t.input = s.phones;
INSERT OR IGNORE INTO org_search_terms(term, org_id)
  SELECT t.token, s.docid FROM main.org_search_index s, temp.search_tok t WHERE t.input = s.body;
DROP TABLE main.search_index;
DROP TABLE main.org_search_index;
)SQL";

}  // namespace coffre::storage
