// The erasure path's and the import's half of retention: a person erased for retention leaves
// keyed-hash tombstones of their e-mails and phones (retention_tombstones, migration 10; the
// suppression list's hash, model::suppression_hash, in a table of its own), written in the
// erasure's transaction and read by every row of an import once one exists.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/status.h"
#include "model/suppression_list.h"
#include "storage/database.h"
#include "vault/context.h"

namespace coffre::services {

Status add_retention_tombstone(detail::VaultContext& ctx, model::SuppressionKind kind, std::string_view value, Time now);

// The tombstone lookup with its statement prepared once, for an import's rows.
class TombstoneLookup {
 public:
  static Result<TombstoneLookup> prepare(detail::VaultContext& ctx);
  bool any() const { return any_; }  // no tombstone at all: nothing to look up
  // When one of these values was last erased for retention, if ever.
  Result<std::optional<Time>> latest(const std::vector<std::string>& emails, const std::vector<std::string>& phones);

 private:
  detail::VaultContext* ctx_ = nullptr;
  storage::Statement st_;
  bool any_ = false;
};

}  // namespace coffre::services
