// `coffre check`: every integrity check the vault can run on itself.
#pragma once

#include <string>
#include <vector>

#include "coffre/progress.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

struct CheckItem {
  std::string name;     // "database", "cipher", "audit", "blobs"...
  bool ok = true;
  std::string detail;   // what was checked, or what failed and where (English, as --json says it, but
                        // for an error's own message, which is in the user's language)
  std::string said{};   // `detail` in the user's language, for people (empty: detail)
};

struct CheckReport {
  std::vector<CheckItem> items;
  bool ok() const {
    for (const auto& i : items)
      if (!i.ok) return false;
    return true;
  }
};

// Runs every registered check. A failed check is reported, not returned as an error.
Result<CheckReport> check_vault(Vault& vault, Progress* progress = nullptr);

}  // namespace coffre
