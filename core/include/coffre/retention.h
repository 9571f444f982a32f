// Retention (issue 13; docs/legal.md, "Retention"): how long a person's data is kept, counted from
// a clock start, and who is due for erasure at a given time. The erasure itself is the one path of
// coffre/erasure.h (reason `retention`); this decides who and when.
//
// Built-in defaults (CNIL, "La prospection commerciale", and its référentiel "gestion des
// activités commerciales", 2021): a prospect or suspect 3 years after the later of collection and
// the last contact coming from them; a client 3 years after the end of the relationship (its last
// inbound contact: Coffre records no purchases or contracts yet); partners and suppliers are never
// erased by default. The user's policies (`retention policy set`) override them per category and,
// optionally, per B2B/B2C.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "coffre/documents.h"
#include "coffre/model.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

enum class RetentionClock {
  Collected,        // collection only (contacts.collected_at, else when it was added)
  LastInbound,      // the later of collection and the last inbound interaction (the CNIL's clock)
  LastInteraction,  // the later of collection and any interaction, outbound included
};
std::string_view to_string(RetentionClock c);
std::optional<RetentionClock> parse_retention_clock(std::string_view s);

struct RetentionPolicy {
  Category category = Category::Prospect;
  std::optional<ContactKind> kind;        // none: both
  std::optional<int> after_months;        // none: never erased by retention
  RetentionClock clock = RetentionClock::LastInbound;
  std::optional<int> recontact_days;      // listed as upcoming this long before they are due
  int version = 0;                        // 0: the built-in default
  Time set_at = 0;
  std::string rule;                       // "default:prospect" or "policy:prospect:b2c:v3"
  std::string source;                     // the text the default comes from, or "your policy"
};

// The policy of every category (and B2B/B2C override) in force: built-in defaults and the user's.
Result<std::vector<RetentionPolicy>> retention_policies(Vault& vault);
// Sets (or replaces) the user's policy for a category, optionally for one kind; audited.
// Returns the new policy version (one counter for the whole policy set).
Result<int> set_retention_policy(Vault& vault, const RetentionPolicy& policy);

struct LegalHold {
  Id contact_id = 0;
  std::string pseudonym;
  std::string reason;
  std::optional<Time> until;
  Time created_at = 0;
};
// A held person is never erased by retention (GDPR art. 17(3)(e)). NotFound for no such contact.
Status add_hold(Vault& vault, Id contact_id, const std::string& reason, std::optional<Time> until);
Status remove_hold(Vault& vault, Id contact_id);  // NotFound when the person is not held
Result<std::vector<LegalHold>> list_holds(Vault& vault, bool include_expired = false);
// The hold in force on `contact_id` at `at`, if any.
Result<std::optional<LegalHold>> hold_on(Vault& vault, Id contact_id, Time at);

struct RetentionEntry {
  Id id = 0;
  std::string pseudonym;
  Category category = Category::Prospect;
  ContactKind kind = ContactKind::B2B;
  std::string rule;
  Time clock_start = 0;
  std::string clock_moved_by;  // "collected", "added" (no collection date), "inbound", "interaction"
  Time due_at = 0;
  std::string hold_reason;     // for held entries
};
struct RetentionPlan {
  Time at = 0;
  int policy_version = 0;
  std::vector<RetentionEntry> due, held, upcoming;
  // Invoices and accounting records kept past their person's erasure whose 10 years end by `at`
  // (coffre/documents.h): a run shreds them.
  std::vector<KeptDocument> documents_due;
};
// Who is due at `at` (due_at <= at), who would be but is held, and who becomes due within
// `within` seconds of `at` or within their policy's recontact window.
Result<RetentionPlan> plan_retention(Vault& vault, Time at, Time within);

// Keyed-hash tombstones of a person erased for retention (written by the erasure): whether one of
// these values was erased for retention, and when (the latest), so that an import of a file
// collected before then skips it.
Result<std::optional<Time>> retention_tombstone(Vault& vault, const std::vector<std::string>& emails,
                                                const std::vector<std::string>& phones);

// Calendar arithmetic of the retention dates: `t` plus `months` months (UTC; the 31st becomes the
// month's last day).
Time add_months(Time t, int months);

}  // namespace coffre
