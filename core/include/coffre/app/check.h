// `check`: every integrity check the vault runs on itself, after an optional repair of what
// interrupted document adds left behind.
#pragma once

#include <optional>

#include "coffre/app/session.h"
#include "coffre/check.h"
#include "coffre/progress.h"

namespace coffre::app {

struct CheckRequest {
  bool repair = false;
  // The database is behind its anchor (it lost committed changes) and the user chose to go on with
  // what it holds: the anchor moves to the database's last entry (Vault::accept_loss). Needs a
  // session opened with SessionOptions::open_behind_anchor.
  bool accept_loss = false;
};

struct CheckResult {
  std::optional<std::int64_t> repaired;  // with repair: interrupted document adds cleaned up
  std::optional<std::int64_t> debris_removed;  // with repair: crash debris shredded (coffre/debris.h)
  std::optional<std::string> loss_accepted;  // with accept_loss, when there was a loss: what it was
  std::string signing_key_fingerprint;       // coffre/app/keys.h: printed so the user can compare
  CheckReport report;
};

// A failed check is in the report, not an error. With repair, Conflict while a document add runs.
Result<CheckResult> check(Session& session, bool repair, Progress& progress);
Result<CheckResult> check(Session& session, const CheckRequest& request, Progress& progress);

}  // namespace coffre::app
