// Ids in a message a person reads: "3, 5, 9 and 12 more".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace coffre {

// The first `shown` ids, then how many more.
inline std::string id_list(const std::vector<std::int64_t>& ids, std::size_t shown = 20) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < shown; ++i) out += (i ? ", " : "") + std::to_string(ids[i]);
  if (ids.size() > shown) out += " and " + std::to_string(ids.size() - shown) + " more";
  return out;
}

}  // namespace coffre
