// Migration 12: the register of data-subject requests (issue 14, coffre/app/requests.h). The
// request itself names the person by pseudonym and keeps only dates, type, status and the evidence
// of the answer, so that it outlives their erasure as proof of compliance; contact_id is set to
// NULL when they go. Their own words and the evidence file's document id are in
// subject_request_texts, which goes with them (ON DELETE CASCADE).
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV12Requests;
const char* const kMigrationV12Requests = R"SQL(
CREATE TABLE subject_requests(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subject TEXT NOT NULL,
  contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
  type TEXT NOT NULL CHECK(type IN ('access','rectification','erasure','restriction','portability','objection')),
  via TEXT CHECK(via IS NULL OR via IN ('email','post','phone','in-person')),
  received_on TEXT NOT NULL,
  first_due_on TEXT NOT NULL,
  extended_months INTEGER NOT NULL DEFAULT 0 CHECK(extended_months BETWEEN 0 AND 2),
  person_told INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','closed','refused')),
  answered_at INTEGER,
  subject_erased INTEGER NOT NULL DEFAULT 0,
  opened_at INTEGER NOT NULL);
CREATE INDEX subject_requests_contact ON subject_requests(contact_id);
CREATE INDEX subject_requests_subject ON subject_requests(subject);
CREATE TABLE subject_request_answers(
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES subject_requests(id),
  kind TEXT NOT NULL CHECK(kind IN ('erasure','access-export','rectification')),
  evidence TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX subject_request_answers_request ON subject_request_answers(request_id);
CREATE TABLE subject_request_texts(
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES subject_requests(id),
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK(kind IN ('note','extension-reason','refusal-reason','close-note','evidence')),
  text TEXT,
  document_id INTEGER,
  at INTEGER NOT NULL);
CREATE INDEX subject_request_texts_contact ON subject_request_texts(contact_id);
CREATE INDEX subject_request_texts_request ON subject_request_texts(request_id);
)SQL";

}  // namespace coffre::storage
