// The steps of the one erasure path, each recorded in the `erasure_journal` table (migration 2) so
// that a crash at any point is finished later (at the next vault open or the next erasure run):
//   pending  -> the person is marked: their blob names are in the journal, nothing deleted yet
//   deleted  -> one transaction (for a chunk of people) removed every row of the person that the data map
//               (coffre/data_map.h) says goes with them (the contact, cascading to emails, phones,
//               interactions, notes, documents and provenance; the wrapped subject key; their
//               search-index row), added suppression entries (objection) and the audit entry;
//               an organisation created from the person's row and left with no one goes too,
//               and an import batch no one remains of keeps only its counts
//   (shred)  -> blob files and leftover temp files overwritten and unlinked (idempotent)
//   done     -> search index optimised, WAL checkpointed and truncated, certificate stored
// Journal rows are kept when done: they hold the pseudonym, reason, counts and certificate, no
// personal data, so that a restored backup can replay them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "coffre/erasure.h"
#include "util/files.h"
#include "vault/context.h"

namespace coffre::services {

struct JournalEntry {
  std::int64_t id = 0;
  Id contact_id = 0;
  std::string subject;
  ErasureReason reason = ErasureReason::Manual;
  std::string state;
  std::vector<std::string> blobs;
  std::int64_t rows = 0, documents = 0;
  bool subject_key = false, suppressed = false;
  Time started_at = 0;
  // What became of the person's organisation: "" (none), "shared" (colleagues remain), "erased",
  // or "kept:ID:why" (no one left, but kept: see settle_organisation in erasure_journal.cpp).
  std::string organisation;
  // The channels whose withdrawal or objection is kept as channel-scoped suppression entries
  // ("email sms"), listed on the certificate.
  std::vector<std::string> consent_kept;
  // In memory only: a restore that dies is thrown away whole (coffre/app/backup.h).
  bool at_restore = false;
};

std::optional<ErasureReason> parse_erasure_reason(std::string_view s);

// Marks the contacts for erasure, in one transaction. NotFound (and nothing marked) when one is
// not there; an erasure already pending for a person is returned as is.
Result<std::vector<JournalEntry>> mark_pending(detail::VaultContext& ctx, const std::vector<Id>& contact_ids,
                                               ErasureReason reason);
// pending -> deleted for every pending entry (the others are left as they are), in one
// transaction with one fsync of the ledger: a crash leaves them all pending or all deleted. `on_person`, when set, is called after each person's rows
// (for a progress bar; their deletion is committed only when this returns).
Status delete_rows(detail::VaultContext& ctx, std::vector<JournalEntry>& entries,
                   const std::function<void()>& on_person = {});
// Shreds every blob of the entry (and its temp file) with the vault's BlobShredder.
Status shred_blobs(detail::VaultContext& ctx, const JournalEntry& j);
// Optimises the search index, checkpoints and truncates the WAL, then marks the entries done with
// their signed certificates (returned in the same order).
Result<std::vector<ErasureProof>> complete(detail::VaultContext& ctx, std::vector<JournalEntry>& entries);
// Only one process erases at a time: an exclusive flock on DIR/erasure.lock, released by the
// kernel if the holder dies, so a crash never leaves it held.
class ErasureLock {
 public:
  // wait=false: Conflict at once when another process holds it.
  Status acquire(Env& env, const std::filesystem::path& vault_dir, bool wait) {
    return lock_.acquire(env, vault_dir / "erasure.lock", util::FileLock::Mode::Exclusive, wait,
                         "another coffre is erasing in " + vault_dir.string());
  }

 private:
  util::FileLock lock_;
};

// Finishes every erasure a crash or an error left unfinished; the caller holds the ErasureLock.
// Returns how many it finished.
Result<std::int64_t> resume_erasures_locked(detail::VaultContext& ctx);
// The same, taking the lock; does nothing (0) when another process is erasing right now, since
// its erasures are not unfinished but in progress.
Result<std::int64_t> resume_erasures(detail::VaultContext& ctx);
// Erasures not yet done (for `coffre check`).
Result<std::int64_t> unfinished_erasures(detail::VaultContext& ctx);

// What no erasure reaches, as the certificate's stable codes (ErasureProof::residual_risks).
const std::vector<std::string>& residual_risks();
// The signed certificate of a finished erasure.
Result<std::string> make_certificate(detail::VaultContext& ctx, const ErasureProof& proof, Time started_at);

}  // namespace coffre::services
