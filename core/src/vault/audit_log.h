// The append-only, hash-chained audit log (docs/design.md §6). Each entry carries the BLAKE2b hash of
// the previous one and an Ed25519 signature by the audit key (a subkey of MK), so an edited,
// removed or reordered entry is found by verify(). Entries name subjects by pseudonym only.
// Version 2 entries (migration 17) chain over a salted commitment to their details rather than the
// details, so redact_subject() can delete a person's details at erasure and verify() still holds.
// append() writes inside the caller's transaction, so an entry exists iff its change committed; in
// autocommit mode it runs the database's after-commit hook itself (the vault's anchor advances).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "coffre/clock.h"
#include "coffre/audit_entry.h"
#include "coffre/status.h"
#include "crypto/crypto.h"
#include "storage/database.h"

namespace coffre::vault {

struct AuditVerifyReport {
  bool ok = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_broken;  // seq of the first entry that fails
  std::string reason;
};

// The newest entry: its sequence number (0 when the log is empty) and hash (32 zero bytes then).
struct AuditHead {
  std::int64_t seq = 0;
  std::vector<std::uint8_t> hash = std::vector<std::uint8_t>(32, 0);
};

class AuditLog {
 public:
  AuditLog(storage::Database& db, const crypto::SigningKey& key, const Clock& clock)
      : db_(db), key_(key), clock_(clock) {}
  Status append(std::string_view action, const std::optional<std::string>& subject, std::string_view details = {});
  // Deletes the details (and their salt) of `subject`'s version 2 entries, except those whose
  // action is in `keep` (the proof of the erasure itself, the person's requests); the commitment
  // stays, so the chain verifies. Runs inside the caller's transaction. Returns how many entries
  // were redacted, and counts in `older` those written before migration 17, which cannot be.
  Result<std::int64_t> redact_subject(const std::string& subject, const std::vector<std::string>& keep_prefixes,
                                      std::int64_t* older = nullptr);
  Result<AuditVerifyReport> verify();
  Result<AuditHead> head();
  // The stored hash of entry `seq`, or nullopt when there is no such entry.
  Result<std::optional<std::vector<std::uint8_t>>> hash_at(std::int64_t seq);
  Result<std::vector<AuditEntry>> list(std::int64_t limit, std::optional<std::string> subject = std::nullopt);

 private:
  storage::Database& db_;
  const crypto::SigningKey& key_;
  const Clock& clock_;
};

}  // namespace coffre::vault
