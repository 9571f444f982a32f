// Migration 5: what keeps one person apart from another over time (issue 9 items 4, 5 and 8;
// issue 17 item 4).
// - Contact ids are never reused: SQLite gives a new row max(id)+1, so removing the newest contact
//   would hand its id to the next one, and a script holding the old id would reach another person.
//   A trigger keeps the highest id ever removed in vault_meta; the contact writer starts above it.
//   (AUTOINCREMENT would need the contacts table rebuilt with foreign keys off, outside the
//   migration's transaction.) Existing vaults start from the highest id their erasure journal names.
// - removed_notes: a keyed hash (never the text) of each note the user removed from a contact, so
//   that importing the same file again does not bring it back. Goes with the contact.
// - organisations.from_contact_row: 1 when the organisation was created from a person's row (an
//   import or `contact add --org NAME`), not by `org add`; such an organisation left with no people
//   is erased with the last of them (its name is often the person's: "Boucherie Benali").
// - erasure_journal.organisations: what the erasure did to the person's organisation, for the
//   certificate. import_batches.scrubbed_at: when the batch's source, file name and hash were
//   blanked because no person of the batch remained.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV5People;
const char* const kMigrationV5People = R"SQL(
INSERT OR REPLACE INTO vault_meta(key, value)
  SELECT 'contacts_id_high_water', CAST(m AS TEXT) FROM (SELECT max(contact_id) AS m FROM erasure_journal)
  WHERE m IS NOT NULL;
CREATE TRIGGER contacts_id_high_water AFTER DELETE ON contacts
  WHEN old.id > coalesce((SELECT CAST(value AS INTEGER) FROM vault_meta WHERE key = 'contacts_id_high_water'), 0)
BEGIN
  INSERT OR REPLACE INTO vault_meta(key, value) VALUES('contacts_id_high_water', CAST(old.id AS TEXT));
END;
CREATE TABLE removed_notes(
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  hash BLOB NOT NULL,
  removed_at INTEGER NOT NULL,
  PRIMARY KEY(contact_id, hash)) WITHOUT ROWID;
ALTER TABLE organisations ADD COLUMN from_contact_row INTEGER NOT NULL DEFAULT 0;
ALTER TABLE erasure_journal ADD COLUMN organisations TEXT NOT NULL DEFAULT '';
ALTER TABLE import_batches ADD COLUMN scrubbed_at INTEGER;
)SQL";

}  // namespace coffre::storage
