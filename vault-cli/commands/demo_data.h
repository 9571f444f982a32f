// The demo vault's content: a few dozen French B2B and B2C prospects with their companies,
// interactions and notes, generated deterministically (the same names, companies and outcomes on
// every run; dates are relative to now so that follow-ups are due).
#pragma once

#include <cstdint>
#include <vector>

#include "coffre/model.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre::cli {

struct DemoSummary {
  std::int64_t organisations = 0, contacts = 0, interactions = 0, notes = 0;
  std::vector<Id> contact_ids;
};

// Fills an empty vault through the stores (every write audited, as a real user's would be).
Result<DemoSummary> fill_demo_vault(Vault& vault);

}  // namespace coffre::cli
