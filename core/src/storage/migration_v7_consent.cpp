// Migration 7: the consent ledger (issue 12). Consent events are append-only (a trigger refuses any
// UPDATE; a correction is a new event) and go with their contact (ON DELETE CASCADE); the notices
// people were shown are stored once, by version and SHA-256 of their exact text, and are no one's
// data. A withdrawal or an objection outlives the person's erasure as a keyed hash scoped to its
// channel (`consent_suppression`), like the suppression list but per channel. Campaigns keep
// their rule version, counts and the SHA-256 of the file, never the list of people. Every statement
// is idempotent (IF NOT EXISTS), so that a test may replay the migrations after an earlier one.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV7Consent;
const char* const kMigrationV7Consent = R"SQL(
CREATE TABLE IF NOT EXISTS consent_purposes(
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  added_at INTEGER NOT NULL);
INSERT OR IGNORE INTO consent_purposes(name, description, added_at)
  VALUES('prospecting', 'commercial prospecting by the business itself', 0);
CREATE TABLE IF NOT EXISTS consent_notices(
  version TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  text TEXT NOT NULL,
  added_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS consent_events(
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  event TEXT NOT NULL CHECK(event IN ('given','refused','withdrawn','objected')),
  channel TEXT NOT NULL CHECK(channel IN ('email','sms','phone','post')),
  purpose TEXT NOT NULL REFERENCES consent_purposes(name),
  method TEXT CHECK(method IN ('web-form','double-opt-in','email-reply','oral','paper','in-person','import')),
  notice_version TEXT REFERENCES consent_notices(version),
  notice_sha256 TEXT,
  occurred_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  source TEXT,
  note TEXT,
  evidence_document_id INTEGER,
  evidence_sha256 TEXT,
  hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS consent_events_contact ON consent_events(contact_id, channel, occurred_at);
CREATE TRIGGER IF NOT EXISTS consent_events_append_only BEFORE UPDATE ON consent_events
BEGIN SELECT RAISE(ABORT, 'consent events are never edited: record a new event'); END;
CREATE TABLE IF NOT EXISTS consent_suppression(
  channel TEXT NOT NULL CHECK(channel IN ('email','sms','phone','post')),
  kind TEXT NOT NULL CHECK(kind IN ('email','phone')),
  hash BLOB NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY(channel, kind, hash)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS campaigns(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK(kind IN ('export','optin')),
  channel TEXT NOT NULL,
  purpose TEXT NOT NULL,
  categories TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  rule_version TEXT NOT NULL,
  exported INTEGER NOT NULL DEFAULT 0,
  excluded INTEGER NOT NULL DEFAULT 0,
  excluded_by_rule TEXT NOT NULL DEFAULT '{}',
  file_sha256 TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS erasure_consent_kept(
  journal_id INTEGER PRIMARY KEY REFERENCES erasure_journal(id),
  channels TEXT NOT NULL);
)SQL";

}  // namespace coffre::storage
