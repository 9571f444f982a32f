// The ChaCha20 keystream of the `random` method: a CSPRNG seeded once per file and pass (a random
// 256-bit key and nonce), addressed by file offset so that any chunk can be made, on any thread,
// and made again for verification.
//
// Two implementations of the same cipher. OpenSSL's libcrypto (already in every coffre process:
// SQLCipher links it) has an AVX-512 ChaCha20 that made 3.3-3.7 GiB/s per core on this machine
// where libsodium 1.0.18's AVX2 one made 1.25 GiB/s in the same minute; the keystream's CPU cost
// is what limits shredding on a busy machine. libsodium (XChaCha20) is used when the plugin was
// built without libcrypto, or when libcrypto refuses at run time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace coffre::shred {

struct KeystreamSeed {
  unsigned char key[32] = {};
  unsigned char nonce[24] = {};
};

// Writes `length` bytes of the keystream of `seed` from byte `offset` (a multiple of 64) of the
// stream into `out`. Deterministic for a given seed and implementation.
void keystream(const KeystreamSeed& seed, std::uint64_t offset, std::size_t length, std::uint8_t* out);

// "openssl" or "libsodium": the implementation this process uses.
const char* keystream_implementation();

}  // namespace coffre::shred
