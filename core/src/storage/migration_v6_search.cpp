// Migration 6: the contact's search row in three columns, so that search can rank (issue 9,
// item 9): `names` (first and last name), `other` (role, the contact's notes, the summaries of
// their interactions) and `phones` (each phone number's digits, last digit first, after a "p":
// "+33612345678" is "p87654321633", so that the end of a number is the start of a token and a
// caller's number, or its last six digits or more, is found by a prefix query). The table is
// rebuilt from the data; secure_delete zeroes the pages the old one leaves.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV6Search;
const char* const kMigrationV6Search = R"SQL(
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts4(names, other, phones, matchinfo=fts3,
                                             tokenize=unicode61 "remove_diacritics=1");
CREATE TEMP TABLE v6_phone_tokens AS
  WITH RECURSIVE r(contact_id, rest, acc) AS (
    SELECT contact_id, phone, '' FROM main.contact_phones
    UNION ALL SELECT contact_id, substr(rest, 2), substr(rest, 1, 1) || acc FROM r WHERE rest <> '')
  SELECT contact_id, 'p' || replace(acc, '+', '') AS token FROM r WHERE rest = '';
INSERT INTO search_index(docid, names, other, phones)
  SELECT c.id, c.first_name || ' ' || c.last_name,
         ltrim(coalesce(c.role, '') ||
               coalesce((SELECT char(10) || group_concat(n.body, char(10)) FROM main.notes n WHERE n.contact_id = c.id), '') ||
               coalesce((SELECT char(10) || group_concat(i.summary, char(10)) FROM main.interactions i
                         WHERE i.contact_id = c.id AND i.summary IS NOT NULL), ''), char(10)),
         coalesce((SELECT group_concat(t.token, ' ') FROM temp.v6_phone_tokens t WHERE t.contact_id = c.id), '')
  FROM main.contacts c;
DROP TABLE temp.v6_phone_tokens;
)SQL";

}  // namespace coffre::storage
