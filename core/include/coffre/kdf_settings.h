#pragma once
#include <cstdint>

namespace coffre {

// Argon2id cost of a key slot. Stored in the slot; on unlock, values above the enforced maximum
// (32 passes, 4 GiB) are refused so that a tampered slot cannot make unlock hang or exhaust memory.
struct KdfSettings {
  std::uint64_t ops = 4;                   // passes over memory
  std::uint64_t mem_bytes = 256ull << 20;  // 256 MiB: about 0.4 s on the reference machine
};

}  // namespace coffre
