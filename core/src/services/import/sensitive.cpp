#include "services/import/sensitive.h"

#include "coffre/special_categories.h"

namespace coffre::services::import {

// One list for the import and every other write (coffre/special_categories.h).
std::optional<std::string> find_special_category(std::string_view text) {
  auto hits = find_special_categories(text);
  if (hits.empty()) return std::nullopt;
  return std::move(hits.front().word);
}

}  // namespace coffre::services::import
