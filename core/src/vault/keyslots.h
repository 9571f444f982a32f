// The key-slot file: the vault master key (MK) wrapped once per way of unlocking it (docs/design.md §3,
// modelled on LUKS key slots). Each slot stores its own Argon2id parameters and salt; the slot key
// derived from the passphrase (or recovery code) unwraps MK with XChaCha20-Poly1305, the slot's
// header being the associated data, so editing a parameter breaks the slot instead of weakening it.
// A MAC under a subkey of MK covers the whole file, so a removed or altered slot is noticed once
// the vault is open. File format: docs/formats.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "coffre/env.h"
#include "coffre/kdf_settings.h"
#include "coffre/secret.h"
#include "coffre/status.h"
#include "crypto/crypto.h"

namespace coffre::vault {

enum class SlotType { Passphrase, Recovery };

struct KeySlot {
  int id = 0;
  SlotType type = SlotType::Passphrase;
  KdfSettings kdf;
  crypto::Bytes salt;
  crypto::Bytes wrapped;  // nonce || ciphertext(MK) || tag
  // The slot does not match the checksum stored with it (a changed byte on disk): unlock() skips
  // it and, when no other slot of its type opens, says so naming the file instead of "wrong
  // passphrase". Files written before checksums have none: their damage still looks like a wrong
  // passphrase.
  bool damaged = false;
};

struct KeySlotFile {
  std::filesystem::path path;  // where it was loaded from (for messages); not stored
  std::string vault_id;  // 32 hex digits, random at init
  std::int64_t created_at = 0;
  std::vector<KeySlot> slots;
  // The vault keeps an anchor file (vault/anchor.h): once set, a missing anchor is tampering, not
  // a vault older than the anchor. Covered by the MAC, so it cannot be removed unnoticed.
  bool anchored = false;
  crypto::Bytes mac;
};

inline constexpr std::size_t kMasterKeySize = 32;
inline constexpr const char* kKeySlotFileName = "keyslots";

Result<KeySlotFile> load_keyslots(Env& env, const std::filesystem::path& file);
// The same from text already read (a backup's header); `file` only names it in errors.
Result<KeySlotFile> parse_keyslots(const std::string& text, const std::filesystem::path& file);
std::string serialize_keyslots(const KeySlotFile& f);
// Atomically replaces the file (temp, fsync, rename, fsync folder).
Status store_keyslots(Env& env, const std::filesystem::path& file, const KeySlotFile& f);

Result<KeySlot> make_slot(const KeySlotFile& f, int id, SlotType type, const SecretBytes& secret,
                          const KdfSettings& kdf, const SecretBytes& master_key);
// Tries every slot of `type`; returns MK or AuthFailed ("wrong passphrase or not a Coffre vault").
Result<SecretBytes> unlock(const KeySlotFile& f, SlotType type, const SecretBytes& secret);

void seal_mac(KeySlotFile& f, const SecretBytes& master_key);
bool mac_valid(const KeySlotFile& f, const SecretBytes& master_key);

// Recovery codes: 160 random bits as 8 groups of 4 Crockford base32 characters.
std::string format_recovery_code(std::span<const std::uint8_t> bytes20);
// Accepts lower case, spaces and dashes, and the usual confusions (O for 0, I/L for 1).
Result<SecretBytes> parse_recovery_code(std::string_view text);
// The recovery code is high-entropy; a light KDF is enough and keeps recovery quick.
inline constexpr KdfSettings kRecoveryKdf{2, 64ull << 20};

}  // namespace coffre::vault
