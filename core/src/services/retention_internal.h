// The erasure path's half of retention: a person erased for retention leaves keyed-hash tombstones
// of their e-mails and phones (retention_tombstones, migration 10), in the erasure's transaction.
#pragma once

#include <string_view>

#include "coffre/status.h"
#include "model/suppression_list.h"
#include "vault/context.h"

namespace coffre::services {

Status add_retention_tombstone(detail::VaultContext& ctx, model::SuppressionKind kind, std::string_view value, Time now);

}  // namespace coffre::services
