// The erasure ledger (issue 15): DIR/erasure-ledger, one signed line per erasure, append-only,
// kept outside the database so that it outlives a restored backup's older database and can be
// handed to `coffre backup restore --ledger`. It holds no personal data: the pseudonym, the keyed
// hashes of the person's e-mails and phones exactly as the suppression list computes them (subkey 3,
// model::suppression_hash), the reason and the date. Format in docs/formats.md.
//
// Crash order (the one erasure path, services::delete_rows): the records are appended and fsynced
// *inside* the deletion's transaction (one transaction for a chunk of people), after the people's
// e-mails and phones are read and before the commit. A crash before the append leaves the
// erasures `pending` with nothing deleted (resumed later: the records are written then); a crash
// after the append and before the commit leaves records for erasures still `pending`, which every
// open and every erasure run finishes, and the retry finds the records (one per pseudonym) and
// does not write them twice. So no committed erasure is ever missing from the ledger. A torn last
// line (a crash inside the write) is ignored on reading and cut off before the next append.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "coffre/erasure.h"
#include "coffre/status.h"
#include "vault/context.h"
#include "vault/ledger_file.h"

namespace coffre::services {

inline constexpr const char* kLedgerFileName = vault::kLedgerFileName;

struct LedgerRecord {
  std::int64_t seq = 0;
  std::string subject;
  ErasureReason reason = ErasureReason::Manual;
  Time at = 0;
  std::vector<std::string> email_hashes, phone_hashes;  // hex
  std::string hash;                                     // hex, this record's chain hash
};

struct Ledger {
  std::string vault_id;
  std::string genesis_hash;  // the first line's: every vault's ledger starts with one
  Time created_at = 0;
  std::vector<LedgerRecord> records;
  std::uint64_t valid_bytes = 0;  // up to the last complete line
  bool torn_tail = false;
};

// Reads and checks a ledger file: each line's chain hash, its signature under `public_key`, the
// sequence and the vault id, and that it starts with its genesis record. Corruption naming the
// file and line otherwise; NotFound when there is no such file.
Result<Ledger> read_ledger(Env& env, const std::filesystem::path& path, const std::string& vault_id,
                           crypto::ByteView public_key);

// One erasure's record, to append.
struct LedgerAppend {
  std::string subject;
  ErasureReason reason = ErasureReason::Manual;
  Time at = 0;
  std::vector<std::string> emails, phones;  // the text: hashed here, never written
};

// Appends the records of erasures (once per pseudonym: an existing record is kept) in one write,
// and fsyncs once.
Status append_ledger(detail::VaultContext& ctx, const std::vector<LedgerAppend>& records);

}  // namespace coffre::services
