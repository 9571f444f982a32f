// The crypto facade: every cryptographic operation of Coffre goes through here. No libsodium or
// Botan type appears in this header. libsodium does Argon2id, XChaCha20-Poly1305, secretstream,
// BLAKE2b, Ed25519, randomness and guarded memory; Botan does SHA-256 (hardware-accelerated where
// the CPU has SHA extensions, which libsodium is not). Library exceptions become Status values.
// All functions are thread-safe once crypto::init() has succeeded.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/kdf_settings.h"
#include "coffre/secret.h"
#include "coffre/status.h"

namespace coffre::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Initialises libsodium and runs known-answer self-tests. Call once at start; idempotent.
Status init();

void random_fill(std::span<std::uint8_t> out);
Bytes random_bytes(std::size_t n);
std::string random_hex(std::size_t n_bytes);

// ---- Argon2id (libsodium crypto_pwhash) --------------------------------------------------------
using KdfParams = ::coffre::KdfSettings;
inline constexpr std::size_t kSaltSize = 16;
inline constexpr std::uint64_t kMaxKdfOps = ::coffre::kKdfMaxOps;
inline constexpr std::uint64_t kMaxKdfMem = ::coffre::kKdfMaxMem;
inline constexpr std::uint64_t kMinKdfMem = 8ull << 10;
Result<SecretBytes> argon2id(const SecretBytes& password, ByteView salt, const KdfParams& params,
                             std::size_t out_len = 32);

// ---- XChaCha20-Poly1305 (IETF) AEAD ------------------------------------------------------------
inline constexpr std::size_t kKeySize = 32;
inline constexpr std::size_t kNonceSize = 24;
inline constexpr std::size_t kTagSize = 16;
// Returns nonce || ciphertext || tag, with a fresh random nonce.
Bytes seal(const SecretBytes& key, ByteView plaintext, ByteView ad);
// Opens what seal() produced. AuthFailed if the key, the data or the associated data differ.
Result<SecretBytes> open(const SecretBytes& key, ByteView sealed, ByteView ad);

// ---- Subkeys (libsodium crypto_kdf, BLAKE2b) ---------------------------------------------------
// Independent subkeys of the vault master key. The ids are part of the vault format: never reuse.
enum class SubkeyId : std::uint64_t {
  Database = 1,
  SubjectKeyWrap = 2,
  SuppressionHash = 3,
  AuditSigning = 4,
  Pseudonym = 5,
  KeySlotMac = 6,
  CampaignToken = 7,  // unsubscribe and opt-in tokens of campaigns (issue 12)
  AnchorMac = 8,      // the anchor file's MAC (issue 17)
  BackupKeyWrap = 11,  // wraps each backup's fresh key (issue 15, coffre/app/backup.h)
};
SecretBytes derive_subkey(const SecretBytes& master, SubkeyId id, std::size_t len = 32);

// ---- Hashes ------------------------------------------------------------------------------------
std::array<std::uint8_t, 32> blake2b(ByteView data);
std::array<std::uint8_t, 32> blake2b_keyed(const SecretBytes& key, ByteView data);
// Streaming SHA-256 (Botan) for file fingerprints in provenance records.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(ByteView data);
  std::array<std::uint8_t, 32> finish();

 private:
  void* impl_;
};

// ---- Ed25519 -----------------------------------------------------------------------------------
inline constexpr std::size_t kSignatureSize = 64;
inline constexpr std::size_t kPublicKeySize = 32;
struct SigningKey {
  SecretBytes secret;  // 64 bytes, libsodium layout
  std::array<std::uint8_t, kPublicKeySize> public_key;
};
SigningKey signing_key_from_seed(const SecretBytes& seed32);
std::array<std::uint8_t, kSignatureSize> sign(const SigningKey& key, ByteView message);
bool verify(ByteView public_key, ByteView message, ByteView signature);

// ---- Streams of authenticated chunks (libsodium secretstream XChaCha20-Poly1305) ---------------
inline constexpr std::size_t kStreamHeaderSize = 24;
inline constexpr std::size_t kStreamOverhead = 17;  // per chunk
class StreamSealer {
 public:
  explicit StreamSealer(const SecretBytes& key);  // writes a fresh header
  ~StreamSealer();
  StreamSealer(const StreamSealer&) = delete;
  StreamSealer& operator=(const StreamSealer&) = delete;
  const std::array<std::uint8_t, kStreamHeaderSize>& header() const { return header_; }
  // out must hold in.size() + kStreamOverhead bytes.
  void push(ByteView in, ByteView ad, bool final, std::uint8_t* out);

 private:
  void* state_;
  std::array<std::uint8_t, kStreamHeaderSize> header_{};
};
class StreamOpener {
 public:
  StreamOpener();
  ~StreamOpener();
  StreamOpener(const StreamOpener&) = delete;
  StreamOpener& operator=(const StreamOpener&) = delete;
  Status init(const SecretBytes& key, ByteView header);
  // out must hold in.size() - kStreamOverhead bytes. Sets `final` when the chunk ends the stream.
  Status pull(ByteView in, ByteView ad, std::uint8_t* out, bool& final);

 private:
  void* state_;
};

// ---- Keystream (XChaCha20) for overwriting files ----------------------------------------------
// Pseudorandom bytes from a random key and nonce drawn once, for shredding: a ChaCha20 keystream
// runs at about 1.2 GiB/s where randombytes_buf per chunk does 180 MiB/s (docs/design.md §8). It hides
// what was overwritten; it is not a cipher for data anyone will read back.
class Keystream {
 public:
  Keystream();
  Keystream(const Keystream&) = delete;
  Keystream& operator=(const Keystream&) = delete;
  // Fills `out` with the next keystream bytes (every call starts on a fresh 64-byte block).
  void fill(std::span<std::uint8_t> out);

 private:
  SecretBytes key_;
  std::array<std::uint8_t, kNonceSize> nonce_{};
  std::uint64_t block_ = 0;
};

// ---- Encodings ---------------------------------------------------------------------------------
std::string to_hex(ByteView data);
// Lower-case hex of `data` into `out` (2 * data.size() characters, no terminator), in constant
// time: for key material written into locked memory, never through a std::string.
void to_hex_into(ByteView data, std::span<char> out);
bool from_hex(std::string_view hex, Bytes& out);
std::string to_base64(ByteView data);
bool from_base64(std::string_view text, Bytes& out);
bool constant_time_equal(ByteView a, ByteView b);

}  // namespace coffre::crypto
