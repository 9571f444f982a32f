#pragma once
#include <cstdint>

namespace coffre {

// Argon2id cost of a key slot. Stored in the slot; on unlock, values above the enforced maximum
// are refused before the KDF runs, so that a tampered slot cannot make unlock hang or exhaust
// memory (issue 17 item 8).
struct KdfSettings {
  std::uint64_t ops = 4;                   // passes over memory
  std::uint64_t mem_bytes = 256ull << 20;  // 256 MiB: about 0.4 s on the reference machine
};

// The cap: at most 8 passes, 1 GiB, and passes x MiB at most 2048 (twice the default). Measured
// on the 2-core machine this was built on, under the load of a shared build (libsodium
// crypto_pwhash, argon2id13): default 4 x 256 MiB 6.4 s, 8 x 256 MiB 11.7 s, 2 x 512 MiB 12.2 s,
// 4 x 1 GiB 30.0 s; the old cap (32 passes, 4 GiB) would have cost about 16 times the last, per
// slot. Unlock tries the cheapest slot first.
inline constexpr std::uint64_t kKdfMaxOps = 8;
inline constexpr std::uint64_t kKdfMaxMem = 1ull << 30;
inline constexpr std::uint64_t kKdfMaxCostMib = 2048;  // ops x (mem in MiB)
inline constexpr std::uint64_t kdf_cost_mib(const KdfSettings& k) { return k.ops * (k.mem_bytes >> 20); }
inline constexpr bool kdf_within_cap(const KdfSettings& k) {
  return k.ops <= kKdfMaxOps && k.mem_bytes <= kKdfMaxMem && kdf_cost_mib(k) <= kKdfMaxCostMib;
}
// Settings a stolen vault's attacker would enjoy: fewer than 2 passes or less than 64 MiB. The
// CLI accepts them only with --weak-kdf (tests use them for speed).
inline constexpr bool kdf_is_weak(const KdfSettings& k) { return k.ops < 2 || k.mem_bytes < (64ull << 20); }

}  // namespace coffre
