// The suppression list inside the core: keyed hashes in the `suppression` table (migration 2).
// Works on the caller's open transaction, so the erasure path can add a person's entries in the
// same transaction that deletes them.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "coffre/model.h"
#include "coffre/status.h"
#include "vault/context.h"

namespace coffre::model {

enum class SuppressionKind { Email, Phone };
// "email" or "phone": the kind column of the keyed-hash tables (suppression, consent_suppression,
// retention_tombstones).
std::string_view kind_name(SuppressionKind kind);

// BLAKE2b-256 keyed with the suppression subkey over "email:<value>" or "phone:<value>".
std::array<std::uint8_t, 32> suppression_hash(const detail::VaultContext& ctx, SuppressionKind kind,
                                              std::string_view normalised);
// Lower-cases and trims e-mails, trims phones: the same person hashes the same way everywhere.
std::string canonical_value(SuppressionKind kind, std::string_view value);
Status add_suppression(detail::VaultContext& ctx, SuppressionKind kind, std::string_view normalised, Time now);
Result<bool> is_suppressed(detail::VaultContext& ctx, SuppressionKind kind, std::string_view normalised);

// The one check of every write path that gives a contact an e-mail or a phone (add, edit, and
// through them an import's new rows and merges): Conflict, saying the person objected, when any of
// these normalised values is on the list. Costs one count when the list is empty.
Status refuse_suppressed(detail::VaultContext& ctx, const std::vector<Labelled>& emails,
                         const std::vector<Labelled>& phones);

}  // namespace coffre::model
