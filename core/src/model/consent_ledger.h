// What the erasure needs of the consent ledger, inside the core (coffre/consent.h is the public
// side). Both work on the caller's open transaction.
#pragma once

#include <vector>

#include "coffre/consent.h"
#include "vault/context.h"

namespace coffre::model {

// The channels on which the person's latest decision, for some purpose, is a withdrawal or an
// objection: what must outlive them as channel-scoped suppression entries.
Result<std::vector<Channel>> withdrawn_channels(detail::VaultContext& ctx, Id contact_id);
// Adds keyed hashes of these normalised values to consent_suppression for `channel` (idempotent).
Status add_channel_suppression(detail::VaultContext& ctx, Channel channel, const std::vector<std::string>& emails,
                               const std::vector<std::string>& phones, Time now);

// The columns every event query selects (`e` is consent_events), in read_consent_event's order,
// and the event on the current row of such a statement.
extern const char* const kConsentEventColumns;
Result<ConsentEvent> read_consent_event(const storage::Statement& st);

}  // namespace coffre::model
