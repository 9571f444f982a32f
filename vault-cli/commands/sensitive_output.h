// How special-category findings (coffre/app/sensitive.h) are shown: a warning on stderr after a
// write (the command still succeeds), and their JSON objects (docs/cli.md, "special_categories").
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "coffre/app/sensitive.h"
#include "command.h"

namespace coffre::cli {

nlohmann::json finding_json(const app::SensitiveFinding& f);
nlohmann::json findings_json(const std::vector<app::SensitiveFinding>& findings);
// "WARNING: note 12 mentions special-category data (GDPR art. 9): "maladie" (health). ..."
// on stderr, with what to do about it; nothing when `findings` is empty or -q.
void warn_special_categories(Context& ctx, const std::vector<app::SensitiveFinding>& findings);

}  // namespace coffre::cli
