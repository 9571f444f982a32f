// Backups that can be restored and never bring an erased person back (issue 15; format in
// docs/formats.md, "Backups").
//
// create: one encrypted file holding a consistent snapshot of the vault (the database, the key
// slots, the anchor, the blobs and the erasure ledger), taken while the vault's writers are held
// off: the erasure lock and the documents lock exclusive, the WAL checkpointed and truncated, then
// one write transaction (BEGIN IMMEDIATE) held while the files are read, so no commit, blob add or
// shred lands in the middle. Everything is encrypted under a fresh key, wrapped with subkey 11 of
// the master key; the key slots travel in the header, so the passphrase or the recovery code opens
// it on a new machine. Written to a temp name in FILE's folder and renamed when complete.
//
// restore: into a new, empty folder, through a staging folder next to it that holds a
// `restore-incomplete` marker (Vault::open refuses such a folder) until every erasure the newer
// ledger recorded after the backup has been replayed through the one erasure path; then the
// marker goes and the staging folder is renamed to the target. A killed restore leaves only the
// staging folder, which does not open as a vault.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "coffre/app/session.h"
#include "coffre/model.h"
#include "coffre/progress.h"
#include "coffre/status.h"

namespace coffre::app {

struct BackupReport {
  std::filesystem::path file;
  std::uint64_t bytes = 0;
  std::int64_t contacts = 0, documents = 0;
  std::string sha256;  // of the whole file, hex
};
Result<BackupReport> create_backup(Session& session, const std::filesystem::path& file, Progress& progress);

// How to open a backup: the vault's passphrase, or its recovery code.
struct BackupSecret {
  const SecretBytes* secret = nullptr;
  bool recovery_code = false;
  // Or the master key of the open vault the backup was taken from (no key derivation); the
  // header's key slots must still carry their integrity code under it.
  const SecretBytes* master_key = nullptr;
};

// What the header says (readable without a secret) and, once opened, what is inside.
struct BackupInfo {
  std::filesystem::path file;
  std::string vault_id;
  Time created_at = 0;
  std::uint64_t bytes = 0;
  std::int64_t contacts = -1, documents = -1, files = -1, ledger_records = -1;  // -1: not opened
};
Result<BackupInfo> read_backup_header(Env& env, const std::filesystem::path& file);

// Every chunk, the database's integrity and every document (app::check on a staged copy that is
// removed afterwards); nothing restored. Corruption naming the offset of a bad chunk; a vault check
// that fails is Corruption listing what failed.
Result<BackupInfo> verify_backup(const std::filesystem::path& file, const BackupSecret& secret, PluginHost& plugins,
                                 Progress& progress, const SessionOptions& options = {});

struct RestoreRequest {
  std::filesystem::path file, to;
  std::optional<std::filesystem::path> ledger;  // the live vault's erasure-ledger, or a newer one
  bool accept_resurrection_risk = false;
};
struct RestoreReport {
  std::filesystem::path dir;
  std::int64_t contacts = 0, documents = 0;
  std::int64_t ledger_records_after_backup = 0;  // erasures replayed (or suppressed only)
  std::vector<std::string> certificates;         // "erased again at restore"
  bool resurrection_risk_accepted = false;       // restored without a newer ledger
};
Result<RestoreReport> restore_backup(const RestoreRequest& request, const BackupSecret& secret, PluginHost& plugins,
                                     Progress& progress, const SessionOptions& options = {});

// `coffre backup list DIR`: every file of DIR that starts as a backup, oldest first, with what its
// header says and, once opened with `secret` (one key derivation per distinct set of key slots),
// whether every chunk authenticates and its records are whole (`verified`), with the counts of its
// manifest; `problem` says why not. This is the chunk check of verify_backup without the staged
// vault check. A file that is not a backup is left out.
struct BackupListEntry {
  BackupInfo info;
  bool verified = false;
  std::string problem;
};
Result<std::vector<BackupListEntry>> list_backups(const std::filesystem::path& dir, const BackupSecret& secret,
                                                  Progress& progress, const SessionOptions& options = {});
// The same with the key of the open vault (an agent's session: no passphrase): its own backups are
// opened and checked; another vault's are listed from their header, with a problem saying so.
Result<std::vector<BackupListEntry>> list_backups(Session& session, const std::filesystem::path& dir,
                                                  Progress& progress);

// `coffre backup prune DIR --keep DURATION`: the backups of this vault in DIR taken more than
// `keep_seconds` before now, their date authenticated with the session's master key (a backup of
// another vault, or one whose header does not authenticate, is never touched). Unless `dry_run`,
// each is shredded through the vault's shredder plugin (coffre/app/shred.h), the run is recorded in
// the audit log ("backup.prune": keep, count, SHA-256 of each file) and the retention is kept in
// the vault (backup_retention_days), which erasure certificates then cite (docs/design-decisions.md).
struct PruneEntry {
  std::filesystem::path file;
  Time created_at = 0;
  std::uint64_t bytes = 0;
  std::string sha256;
  bool shredded = false;
  std::string note;  // the shredder's, when it could not shred
};
struct PruneReport {
  std::int64_t keep_days = 0;
  std::vector<PruneEntry> pruned;  // older than the retention
  std::int64_t kept = 0;           // this vault's backups within it
  std::int64_t failed = 0;
};
// What prune would remove, without changing anything (for the confirmation).
Result<PruneReport> plan_prune(Session& session, const std::filesystem::path& dir, Time keep_seconds);
Result<PruneReport> prune_backups(Session& session, const std::filesystem::path& dir, Time keep_seconds,
                                  Progress& progress);

// The backup retention set by the last prune, in days; none when never set.
Result<std::optional<std::int64_t>> backup_retention_days(Session& session);

}  // namespace coffre::app
