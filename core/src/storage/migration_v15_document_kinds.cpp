// Migration 15: documents the law makes the business keep (issue 13). A document has a kind; an
// invoice or an accounting record is kept 10 years (Code de commerce art. L123-22) and survives its
// person's erasure as a kept document: under its own key from the start (wrapped by the subject
// wrap key and bound to its blob name, not to the person), so that destroying the person's key
// leaves it readable, and moved at erasure into kept_documents under the person's pseudonym until
// `keep_until`, when retention shreds it.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV15DocumentKinds;
const char* const kMigrationV15DocumentKinds = R"SQL(
ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
  CHECK(kind IN ('other','contract','quote','evidence','invoice','accounting'));
ALTER TABLE documents ADD COLUMN dated_at INTEGER;
ALTER TABLE documents ADD COLUMN keep_until INTEGER;
ALTER TABLE documents ADD COLUMN wrapped_key BLOB;
CREATE TABLE kept_documents(
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  dated_at INTEGER,
  keep_until INTEGER NOT NULL,
  blob_id TEXT NOT NULL UNIQUE,
  wrapped_key BLOB NOT NULL,
  kept_at INTEGER NOT NULL);
CREATE INDEX kept_documents_until ON kept_documents(keep_until);
)SQL";

}  // namespace coffre::storage
