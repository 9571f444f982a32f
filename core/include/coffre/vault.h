// A Coffre vault: a folder holding the key-slot file, the SQLCipher database and the encrypted
// document blobs (docs/formats.md). Opening it derives the master key from a passphrase (or the
// recovery code) and keeps the derived subkeys in locked memory until the Vault is destroyed.
// The stores (ContactStore, DocumentStore...) take a Vault& and work through it.
// A Vault is used from one thread at a time; several processes may open the same vault.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "coffre/blob_shredder.h"
#include "coffre/clock.h"
#include "coffre/env.h"
#include "coffre/kdf_settings.h"
#include "coffre/secret.h"
#include "coffre/status.h"

namespace coffre {

namespace detail {
struct VaultContext;
}

// Starts Coffre: disables core dumps, initialises libsodium (with self-tests) and refuses to run
// if SQLCipher is not what sqlite3_* resolve to. Call once before anything else; idempotent.
Status initialise_runtime();

// $COFFRE_VAULT, else $XDG_DATA_HOME/coffre/vault, else ~/.local/share/coffre/vault.
std::filesystem::path default_vault_dir();

struct VaultOptions {
  const Clock* clock = nullptr;  // SystemClock when null
  Env* env = nullptr;            // the real one (Env::posix()) when null; must outlive the Vault
  // Shreds the vault's blob files on erasure; the core's default (one overwrite) when null.
  std::shared_ptr<BlobShredder> blob_shredder;
  // A database behind its anchor (lost committed changes, docs/security.md) makes open() fail with
  // Corruption. With this set it opens anyway, so that `check` and `audit verify` can report it
  // and `check --accept-loss` can go on; the anchor is then not advanced until accept_loss().
  bool open_behind_anchor = false;
  // A folder holding `restore-incomplete` (a `coffre backup restore` that has not finished
  // replaying erasures, or was killed) is refused; only the restore itself sets this.
  bool restoring = false;
};

// What creating a vault hands back once: the recovery code, to be shown to the user and never
// stored, and the public half of the vault's signing key (certificates, `coffre keys export-public`).
struct CreatedVault {
  std::string recovery_code;
  std::array<std::uint8_t, 32> signing_public_key{};
};

// The file a restore in progress keeps in its folder (coffre/app/backup.h).
inline constexpr const char* kRestoreMarker = "restore-incomplete";

class Vault {
 public:
  // Creates a new vault in `dir` (which must not exist or be empty). Returns the recovery code,
  // to be shown to the user once and never stored.
  static Result<std::string> create(const std::filesystem::path& dir, const SecretBytes& passphrase,
                                    const KdfSettings& kdf, const VaultOptions& options = {});
  // The same, with the signing key's public half too.
  static Result<CreatedVault> create_with_key(const std::filesystem::path& dir, const SecretBytes& passphrase,
                                              const KdfSettings& kdf, const VaultOptions& options = {});
  // AuthFailed: "wrong passphrase or not a Coffre vault"; nothing on disk is changed.
  static Result<std::unique_ptr<Vault>> open(const std::filesystem::path& dir, const SecretBytes& passphrase,
                                             const VaultOptions& options = {});
  static Result<std::unique_ptr<Vault>> open_with_recovery_code(const std::filesystem::path& dir,
                                                                const SecretBytes& recovery_code,
                                                                const VaultOptions& options = {});
  // Opens the vault with its master key as handed over by the agent (coffre/app/agent.h): no
  // Argon2id. AuthFailed when the key does not open this vault's key-slot file (another vault put
  // at the same path); nothing on disk is changed then.
  static Result<std::unique_ptr<Vault>> open_with_key(const std::filesystem::path& dir, SecretBytes master_key,
                                                      const VaultOptions& options = {});
  ~Vault();
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

  // Rewraps the master key under a new passphrase: instant, nothing else is re-encrypted. The
  // key-slot file is replaced atomically, so a crash leaves the old or the new passphrase working.
  Status change_passphrase(const SecretBytes& new_passphrase, const KdfSettings& kdf);
  // Checks that `recovery_code` opens this vault's recovery slot, without changing anything.
  Status check_recovery_code(const SecretBytes& recovery_code) const;

  // Empty when the database is at or ahead of its anchor; else why it is behind (see
  // VaultOptions::open_behind_anchor).
  const std::string& anchor_problem() const;
  // The user accepts that the changes after the database's last audit entry are lost: the anchor
  // is moved to it and an audit entry `vault.anchor_reset` records both sequence numbers.
  Status accept_loss();

  const std::filesystem::path& dir() const;
  // The vault's public identifier (the key-slot file's vault id, not a secret).
  const std::string& vault_id() const;
  // A copy of the master key in locked memory, for `coffre agent` only (docs/security.md, "The
  // agent"): whoever holds it opens the vault without the passphrase until the key is rotated.
  SecretBytes master_key_for_agent() const;
  const Clock& clock() const;
  Env& env() const;
  // The shredder this vault was opened with (VaultOptions::blob_shredder or the core's default).
  BlobShredder& blob_shredder() const;
  detail::VaultContext& context() { return *ctx_; }

 private:
  explicit Vault(std::unique_ptr<detail::VaultContext> ctx);
  static Result<std::unique_ptr<Vault>> open_with_master_key(const std::filesystem::path& dir,
                                                             SecretBytes master_key, const VaultOptions& options);
  std::unique_ptr<detail::VaultContext> ctx_;
};

}  // namespace coffre
