// The vault's anchor (issue 17): the audit log's head (sequence number and hash) kept outside the
// database, in DIR/anchor, authenticated with a subkey of the master key and replaced atomically
// (temp, fsync, rename, fsync folder). Every audit entry is written in the transaction of the
// change it records, so the head moves with every commit that changes the vault.
//
// Order: the database commits first (synchronous = FULL: the WAL is on disk), then the anchor is
// advanced. A crash between the two leaves the anchor behind the database, which is no alarm: the
// next open advances it. A database *behind* its anchor (a damaged write-ahead log that SQLite
// reads as its end, an older vault.db put back, audit entries removed) is reported as lost
// committed changes. What it cannot catch: the whole folder (database and anchor) put back
// together (docs/security.md).
//
// File format (docs/formats.md): JSON {"format": "coffre-anchor", "version": 1, "vault_id",
// "seq", "hash": hex, "mac": base64}, mac = BLAKE2b-256 keyed with subkey 8 over
// "coffre-anchor|1|<vault_id>|<seq>|<hex hash>".
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "coffre/env.h"
#include "coffre/secret.h"
#include "coffre/status.h"

namespace coffre::detail {
struct VaultContext;
}

namespace coffre::vault {

inline constexpr const char* kAnchorFileName = "anchor";
inline constexpr const char* kAnchorLockName = "anchor.lock";

struct Anchor {
  std::int64_t seq = 0;
  std::vector<std::uint8_t> hash;  // 32 bytes
};

// nullopt when the file does not exist; Corruption naming the file when it is damaged or altered.
Result<std::optional<Anchor>> load_anchor(Env& env, const std::filesystem::path& file, const std::string& vault_id,
                                          const SecretBytes& mac_key);
Status store_anchor(Env& env, const std::filesystem::path& file, const std::string& vault_id, const Anchor& anchor,
                    const SecretBytes& mac_key);

// Compares the database's audit log with the anchor: Corruption "the vault lost committed
// changes: ..." when the database is behind it or holds another entry at the anchor's sequence
// number, or when the anchor file is missing although the key-slot file says it exists.
Status verify_anchor(detail::VaultContext& ctx);
// Moves the anchor to the database's audit head when that is newer (under DIR/anchor.lock, so two
// processes never move it backwards). Does nothing while the vault is open behind its anchor.
Status advance_anchor(detail::VaultContext& ctx);
// The anchor set to the database's head whatever it held (after the user accepted the loss).
Status reset_anchor(detail::VaultContext& ctx);

}  // namespace coffre::vault
