// Output of `coffre import`: the JSON summary (stable names, docs/cli.md) and the human summary.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

#include "coffre/import.h"

namespace coffre::cli {

nlohmann::json import_summary_json(const ImportSummary& s, const ImportRequest& req);
void print_import_summary(std::ostream& out, const ImportSummary& s, const ImportRequest& req);

}  // namespace coffre::cli
