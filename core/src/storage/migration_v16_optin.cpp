// Migration 16: opt-in campaigns and their tokens (issue 12, consent capture). An opt-in campaign
// (`coffre campaign optin`) is a row of `campaigns` (kind 'optin') with the notice people are asked
// to agree to and the tokens' expiry in `optin_campaigns` (no one's data). Each person asked gets a
// row of `optin_tokens`: the token (a MAC under the campaign subkey, hex, 128 bits; it holds no
// personal data and cannot be made without the master key), a short reply code for answers by
// e-mail, the expiry, and once answered when and by which consent event (so that a replayed answer
// is refused). The rows go with their person (ON DELETE CASCADE): after an erasure their token is
// unknown, and an answer bearing it is refused as forged.
#include "storage/migrations.h"

namespace coffre::storage {

extern const char* const kMigrationV16Optin;
const char* const kMigrationV16Optin = R"SQL(
CREATE TABLE IF NOT EXISTS optin_campaigns(
  campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
  notice_version TEXT NOT NULL REFERENCES consent_notices(version),
  notice_sha256 TEXT NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS optin_tokens(
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  token TEXT NOT NULL UNIQUE,
  reply_code TEXT NOT NULL UNIQUE,
  used_at INTEGER,
  used_event_id INTEGER);
CREATE INDEX IF NOT EXISTS optin_tokens_contact ON optin_tokens(contact_id);
)SQL";

}  // namespace coffre::storage
