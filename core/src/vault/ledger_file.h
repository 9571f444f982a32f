// The erasure ledger's file (issue 15): what the vault layer needs to give every vault one from
// `init` on (an old vault gets one at open), and to notice when it has been removed. The records
// themselves are written and read by services/erasure_ledger.h; the format is in docs/formats.md.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include <cstdint>

#include "coffre/clock.h"
#include "coffre/env.h"
#include "coffre/status.h"
#include "crypto/crypto.h"

namespace coffre::vault {

inline constexpr const char* kLedgerFileName = "erasure-ledger";
inline constexpr const char* kLedgerFormat = "coffre-erasure-ledger/1";
// The vault_meta key that says the vault has a ledger, so that a deleted ledger is noticed.
inline constexpr const char* kLedgerMetaKey = "erasure_ledger_since";
// The vault_meta key of the backup retention the user set (`coffre backup prune --keep`), in days:
// erasure certificates cite it next to their "backups-until-they-expire" residual risk.
inline constexpr const char* kBackupRetentionMetaKey = "backup_retention_days";

// The chain hash of a record's body (every field but "hash" and "signature", compact JSON with
// sorted keys): hex BLAKE2b-256 of "coffre-erasure-ledger/1\n" || body.
std::string ledger_body_hash(const nlohmann::json& body);
// The record as one line: the body with its "hash" and its Ed25519 "signature" over the hash bytes.
std::string ledger_signed_line(nlohmann::json body, const crypto::SigningKey& key);
// The genesis record's body (seq 0, prev 64 zeros, "genesis": true): an empty ledger is still signed.
nlohmann::json ledger_genesis_body(const std::string& vault_id, std::int64_t at);

// Writes DIR/erasure-ledger holding only its genesis record (temp file, fsync, rename, fsync of
// DIR; 0600). Conflict if the file exists.
Status create_ledger(Env& env, const std::filesystem::path& dir, const std::string& vault_id,
                     const crypto::SigningKey& key, std::int64_t at);

}  // namespace coffre::vault
