#include "keystream.h"

#include <sodium.h>
#include <sys/mman.h>

#include <algorithm>
#include <climits>
#include <cstring>

#ifdef COFFRE_SHRED_OPENSSL
#include <openssl/evp.h>
#endif

namespace coffre::shred {
namespace {

constexpr std::size_t kZeroBytes = 8u << 20;

// The plaintext is zeros, so the output is the keystream. The zeros are an untouched read-only
// mapping: every page of it is the kernel's one zero page, which stays in cache, so there is no
// memset and no memory traffic for them. Mapped once per process, never unmapped (address space
// only, no memory). Null if the mapping failed.
const std::uint8_t* zeros() {
  static const std::uint8_t* const z = [] {
    void* m = ::mmap(nullptr, kZeroBytes, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? nullptr : static_cast<const std::uint8_t*>(m);
  }();
  return z;
}

void sodium_keystream(const KeystreamSeed& s, std::uint64_t offset, std::size_t length, std::uint8_t* out) {
  const std::uint8_t* z = zeros();
  while (length) {
    const std::size_t n = z ? std::min(length, kZeroBytes) : length;
    if (!z) std::memset(out, 0, n);
    crypto_stream_xchacha20_xor_ic(out, z ? z : out, n, s.nonce, offset / 64, s.key);
    out += n;
    offset += n;
    length -= n;
  }
}

#ifdef COFFRE_SHRED_OPENSSL
// ChaCha20 with a 32-bit block counter and a 96-bit nonce (RFC 8439 layout in OpenSSL's 16-byte
// IV: counter little-endian, then nonce). The stream is cut into segments of 2^32 blocks (256 GiB);
// each segment's nonce is the seed's first 12 nonce bytes with the segment number XORed into the
// last 4, so no (nonce, counter) pair repeats within a file.
bool openssl_keystream(const KeystreamSeed& s, std::uint64_t offset, std::size_t length, std::uint8_t* out) {
  const std::uint8_t* z = zeros();
  if (!z) return false;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (!ctx) return false;
  bool ok = true;
  while (ok && length) {
    const std::uint64_t block = offset / 64;
    const std::uint64_t left_in_segment = (std::uint64_t{1} << 32) - (block & 0xffffffffu);
    std::size_t n = std::min<std::uint64_t>({length, kZeroBytes, left_in_segment * 64, INT_MAX & ~63u});
    unsigned char iv[16];
    const auto counter = static_cast<std::uint32_t>(block);
    const auto segment = static_cast<std::uint32_t>(block >> 32);
    for (int i = 0; i < 4; ++i) iv[i] = static_cast<unsigned char>(counter >> (8 * i));
    std::memcpy(iv + 4, s.nonce, 12);
    for (int i = 0; i < 4; ++i) iv[12 + i] ^= static_cast<unsigned char>(segment >> (8 * i));
    int written = 0;
    ok = EVP_EncryptInit_ex(ctx, EVP_chacha20(), nullptr, s.key, iv) == 1 &&
         EVP_EncryptUpdate(ctx, out, &written, z, static_cast<int>(n)) == 1 && written == static_cast<int>(n);
    out += n;
    offset += n;
    length -= n;
  }
  EVP_CIPHER_CTX_free(ctx);
  return ok;
}

// Whether libcrypto's ChaCha20 works here and gives RFC 8439's answer (appendix A.1, test vector
// 1: key 0, nonce 0, counter 0 starts 76 b8 e0 ad a0 f1 3d 90).
bool openssl_usable() {
  KeystreamSeed zero;
  std::uint8_t out[64];
  static const std::uint8_t kExpected[8] = {0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90};
  return openssl_keystream(zero, 0, sizeof out, out) && std::memcmp(out, kExpected, sizeof kExpected) == 0;
}
#endif

bool use_openssl() {
#ifdef COFFRE_SHRED_OPENSSL
  static const bool usable = openssl_usable();
  return usable;
#else
  return false;
#endif
}

}  // namespace

void keystream(const KeystreamSeed& seed, std::uint64_t offset, std::size_t length, std::uint8_t* out) {
#ifdef COFFRE_SHRED_OPENSSL
  if (use_openssl() && openssl_keystream(seed, offset, length, out)) return;
#endif
  // Not reached with a working libcrypto; a chunk made here after a libcrypto failure would not
  // match on --verify, which then reports it rather than hiding it.
  sodium_keystream(seed, offset, length, out);
}

const char* keystream_implementation() { return use_openssl() ? "openssl" : "libsodium"; }

}  // namespace coffre::shred
