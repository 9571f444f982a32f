// `check`: every integrity check the vault runs on itself, after an optional repair of what
// interrupted document adds left behind.
#pragma once

#include <optional>

#include "coffre/app/session.h"
#include "coffre/check.h"
#include "coffre/progress.h"

namespace coffre::app {

struct CheckResult {
  std::optional<std::int64_t> repaired;  // with repair: interrupted document adds cleaned up
  CheckReport report;
};

// A failed check is in the report, not an error. With repair, Conflict while a document add runs.
Result<CheckResult> check(Session& session, bool repair, Progress& progress);

}  // namespace coffre::app
