// What an open vault holds: the database, the subkeys of the master key, the clock, the audit
// log and the blob shredder. Private to the core; the stores and services reach it through Vault::context().
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "coffre/blob_shredder.h"
#include "coffre/clock.h"
#include "coffre/env.h"
#include "coffre/secret.h"
#include "crypto/crypto.h"
#include "vault/audit_log.h"
#include "storage/database.h"
#include "vault/keyslots.h"

namespace coffre::detail {

struct VaultContext {
  std::filesystem::path dir;
  const Clock* clock = nullptr;
  Env* env = nullptr;  // every file of the vault but the database's pages goes through it
  SecretBytes master_key;
  SecretBytes subject_wrap_key;   // wraps the per-subject data keys
  SecretBytes suppression_key;    // keyed hashes of the suppression list
  SecretBytes pseudonym_key;      // reserved for deterministic pseudonyms in exports
  SecretBytes anchor_key;         // authenticates DIR/anchor (vault/anchor.h)
  crypto::SigningKey audit_key;   // signs audit entries
  vault::KeySlotFile slots;
  storage::Database db;
  std::unique_ptr<vault::AuditLog> audit;
  std::shared_ptr<BlobShredder> blob_shredder;  // never null once open
  // Why the database is behind its anchor, when it was opened anyway (VaultOptions::
  // open_behind_anchor); empty otherwise. The anchor is not advanced while it is set.
  std::string anchor_problem;
  // The erasure ledger's tail as last read or written (services/erasure_ledger.h), so that an
  // erasure of many people does not reread the file per person; reloaded when the size differs.
  struct LedgerTail {
    bool loaded = false;
    std::uint64_t size = 0;
    std::int64_t seq = 0;
    std::string hash;
    std::set<std::string> subjects;
  } ledger_tail;

  std::filesystem::path db_path() const { return dir / "vault.db"; }
  std::filesystem::path blob_dir() const { return dir / "blobs"; }
  std::filesystem::path slots_path() const { return dir / vault::kKeySlotFileName; }
};

}  // namespace coffre::detail
