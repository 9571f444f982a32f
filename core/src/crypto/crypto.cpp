#include "crypto/crypto.h"

#include <botan/hash.h>
#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace coffre::crypto {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "coffre01";

Status self_test() {
  // XChaCha20-Poly1305 round trip, tamper and wrong-AD detection.
  SecretBytes key = SecretBytes::random(kKeySize);
  const std::string msg = "coffre self-test";
  Bytes sealed = seal(key, as_bytes(msg), as_bytes("ad"));
  auto opened = open(key, sealed, as_bytes("ad"));
  if (!opened.ok() || opened->view() != msg) return make_error(ErrorKind::Internal, "crypto self-test failed: AEAD round trip");
  if (open(key, sealed, as_bytes("AD")).ok()) return make_error(ErrorKind::Internal, "crypto self-test failed: AEAD accepted a wrong AD");
  sealed[sealed.size() / 2] ^= 1;
  if (open(key, sealed, as_bytes("ad")).ok()) return make_error(ErrorKind::Internal, "crypto self-test failed: AEAD accepted tampering");
  // SHA-256 known answer (FIPS 180-2, "abc").
  Sha256 h;
  h.update(as_bytes("abc"));
  if (to_hex(h.finish()) != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    return make_error(ErrorKind::Internal, "crypto self-test failed: SHA-256 known answer");
  // BLAKE2b-256 known answer of the empty string.
  if (to_hex(blake2b({})) != "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")
    return make_error(ErrorKind::Internal, "crypto self-test failed: BLAKE2b known answer");
  return {};
}

}  // namespace

Status init() {
  static std::once_flag once;
  static Status result;
  std::call_once(once, [] {
    // Botan holds no key here (SHA-256 of file fingerprints only), so its locked-memory pool is
    // switched off before its first use: the pool mmaps, guards and mlocks 128 pages one by one,
    // about 1,150 of the 1,571 system calls `coffre --version` made (418 without the pool)
    // (docs/design-decisions.md "Crypto library split"). Botan reads this variable once, at the
    // pool's creation; it is the process's own setting, not a secret, and does not outlive it.
    ::setenv("BOTAN_MLOCK_POOL_SIZE", "0", 1);
    if (sodium_init() < 0) {
      result = make_error(ErrorKind::Internal, "libsodium failed to initialise");
      return;
    }
    result = self_test();
  });
  return result;
}

void random_fill(std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); }

Bytes random_bytes(std::size_t n) {
  Bytes b(n);
  random_fill(b);
  return b;
}

std::string random_hex(std::size_t n_bytes) { return to_hex(random_bytes(n_bytes)); }

Result<SecretBytes> argon2id(const SecretBytes& password, ByteView salt, const KdfParams& params,
                             std::size_t out_len) {
  if (salt.size() != crypto_pwhash_SALTBYTES)
    return make_error(ErrorKind::Corruption, "key derivation salt has the wrong size");
  if (params.ops < crypto_pwhash_OPSLIMIT_MIN || params.ops > kMaxKdfOps || params.mem_bytes < kMinKdfMem ||
      params.mem_bytes > kMaxKdfMem || kdf_cost_mib(params) > kKdfMaxCostMib)
    return make_error(ErrorKind::Corruption, "key derivation parameters are outside the allowed range (ops " +
                                                 std::to_string(params.ops) + ", memory " +
                                                 std::to_string(params.mem_bytes >> 20) + " MiB)");
  SecretBytes out(out_len);
  if (crypto_pwhash(out.data(), out.size(), reinterpret_cast<const char*>(password.data()), password.size(),
                    salt.data(), params.ops, params.mem_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return make_error(ErrorKind::IoError, "key derivation ran out of memory (" +
                                              std::to_string(params.mem_bytes >> 20) + " MiB needed)");
  return out;
}

Bytes seal(const SecretBytes& key, ByteView plaintext, ByteView ad) {
  Bytes out(kNonceSize + plaintext.size() + kTagSize);
  randombytes_buf(out.data(), kNonceSize);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonceSize, &clen, plaintext.data(), plaintext.size(),
                                             ad.data(), ad.size(), nullptr, out.data(), key.data());
  out.resize(kNonceSize + clen);
  return out;
}

Result<SecretBytes> open(const SecretBytes& key, ByteView sealed, ByteView ad) {
  if (key.size() != kKeySize) return make_error(ErrorKind::Internal, "AEAD key has the wrong size");
  if (sealed.size() < kNonceSize + kTagSize) return make_error(ErrorKind::AuthFailed, "sealed data is too short");
  SecretBytes out(sealed.size() - kNonceSize - kTagSize);
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &mlen, nullptr, sealed.data() + kNonceSize,
                                                 sealed.size() - kNonceSize, ad.data(), ad.size(), sealed.data(),
                                                 key.data()) != 0)
    return make_error(ErrorKind::AuthFailed, "authentication failed");
  return out;
}

SecretBytes derive_subkey(const SecretBytes& master, SubkeyId id, std::size_t len) {
  SecretBytes out(len);
  crypto_kdf_derive_from_key(out.data(), out.size(), static_cast<std::uint64_t>(id), kKdfContext, master.data());
  return out;
}

std::array<std::uint8_t, 32> blake2b(ByteView data) {
  std::array<std::uint8_t, 32> out{};
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

std::array<std::uint8_t, 32> blake2b_keyed(const SecretBytes& key, ByteView data) {
  std::array<std::uint8_t, 32> out{};
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.data(), key.size());
  return out;
}

Sha256::Sha256() : impl_(Botan::HashFunction::create_or_throw("SHA-256").release()) {}
Sha256::~Sha256() { delete static_cast<Botan::HashFunction*>(impl_); }
void Sha256::update(ByteView data) { static_cast<Botan::HashFunction*>(impl_)->update(data.data(), data.size()); }
std::array<std::uint8_t, 32> Sha256::finish() {
  std::array<std::uint8_t, 32> out{};
  static_cast<Botan::HashFunction*>(impl_)->final(out.data());
  return out;
}

SigningKey signing_key_from_seed(const SecretBytes& seed32) {
  SigningKey k{SecretBytes(crypto_sign_SECRETKEYBYTES), {}};
  crypto_sign_seed_keypair(k.public_key.data(), k.secret.data(), seed32.data());
  return k;
}

std::array<std::uint8_t, kSignatureSize> sign(const SigningKey& key, ByteView message) {
  std::array<std::uint8_t, kSignatureSize> sig{};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), key.secret.data());
  return sig;
}

bool verify(ByteView public_key, ByteView message, ByteView signature) {
  if (public_key.size() != kPublicKeySize || signature.size() != kSignatureSize) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), public_key.data()) == 0;
}

using StreamState = crypto_secretstream_xchacha20poly1305_state;
static_assert(kStreamHeaderSize == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kStreamOverhead == crypto_secretstream_xchacha20poly1305_ABYTES);

StreamSealer::StreamSealer(const SecretBytes& key) : state_(sodium_malloc(sizeof(StreamState))) {
  if (!state_) throw std::bad_alloc();
  crypto_secretstream_xchacha20poly1305_init_push(static_cast<StreamState*>(state_), header_.data(), key.data());
}
StreamSealer::~StreamSealer() { sodium_free(state_); }
void StreamSealer::push(ByteView in, ByteView ad, bool final, std::uint8_t* out) {
  crypto_secretstream_xchacha20poly1305_push(static_cast<StreamState*>(state_), out, nullptr, in.data(), in.size(),
                                             ad.data(), ad.size(),
                                             final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
}

StreamOpener::StreamOpener() : state_(sodium_malloc(sizeof(StreamState))) {
  if (!state_) throw std::bad_alloc();
}
StreamOpener::~StreamOpener() { sodium_free(state_); }
Status StreamOpener::init(const SecretBytes& key, ByteView header) {
  if (header.size() != kStreamHeaderSize ||
      crypto_secretstream_xchacha20poly1305_init_pull(static_cast<StreamState*>(state_), header.data(), key.data()) != 0)
    return make_error(ErrorKind::Corruption, "invalid stream header");
  return {};
}
Status StreamOpener::pull(ByteView in, ByteView ad, std::uint8_t* out, bool& final) {
  unsigned char tag = 0;
  if (in.size() < kStreamOverhead ||
      crypto_secretstream_xchacha20poly1305_pull(static_cast<StreamState*>(state_), out, nullptr, &tag, in.data(),
                                                 in.size(), ad.data(), ad.size()) != 0)
    return make_error(ErrorKind::Corruption, "chunk failed authentication");
  final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  return {};
}

Keystream::Keystream() : key_(SecretBytes::random(crypto_stream_xchacha20_KEYBYTES)) {
  static_assert(kNonceSize == crypto_stream_xchacha20_NONCEBYTES);
  randombytes_buf(nonce_.data(), nonce_.size());
}

void Keystream::fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  std::memset(out.data(), 0, out.size());
  crypto_stream_xchacha20_xor_ic(out.data(), out.data(), out.size(), nonce_.data(), block_, key_.data());
  block_ += (out.size() + 63) / 64;
}

std::string to_hex(ByteView data) {
  std::string out(data.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data.data(), data.size());
  out.pop_back();
  return out;
}

void to_hex_into(ByteView data, std::span<char> out) {
  // sodium_bin2hex writes a terminator: encode through a small locked buffer per 16 bytes.
  std::array<char, 33> chunk{};
  for (std::size_t i = 0; i < data.size() && 2 * i < out.size(); i += 16) {
    const std::size_t n = std::min<std::size_t>(16, data.size() - i);
    sodium_bin2hex(chunk.data(), chunk.size(), data.data() + i, n);
    std::copy_n(chunk.data(), std::min(2 * n, out.size() - 2 * i), out.data() + 2 * i);
  }
  sodium_memzero(chunk.data(), chunk.size());
}

bool from_hex(std::string_view hex, Bytes& out) {
  out.assign(hex.size() / 2 + 1, 0);
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, &end) != 0 ||
      end != hex.data() + hex.size())
    return false;
  out.resize(len);
  return true;
}

std::string to_base64(ByteView data) {
  constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(data.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), variant);
  out.pop_back();
  return out;
}

bool from_base64(std::string_view text, Bytes& out) {
  out.assign(text.size(), 0);
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return false;
  out.resize(len);
  return true;
}

bool constant_time_equal(ByteView a, ByteView b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace coffre::crypto
