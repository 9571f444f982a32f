// May I contact this person, now, on this channel? The rule of French prospecting law as of late
// 2026 (docs/legal.md, "Prospecting"), as a pure decision over facts, and the same decision read
// from the vault. Every answer names its rule id (a row of docs/legal.md), a reason in words and
// its source (article and date), so that a user can show why a person was or was not contacted.
//
// Order: a suppression entry (the list, or one scoped to the channel) or the latest decision of
// the person being refused, withdrawn or objected wins over everything; then the channel's rule
// for the person's kind (B2B, B2C; unknown counts as B2C); then, for phone calls to a consumer,
// when and how often (D223-9) in the consumer's time zone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/consent.h"
#include "coffre/model.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

// Changes whenever a rule changes; campaigns record it.
inline constexpr std::string_view kContactRuleVersion = "fr-2026-08-11.1";
// 11 August 2026 00:00 in Paris: prior consent for phone prospecting of consumers (Code de la
// consommation art. L223-1 as amended by loi n° 2025-594 of 30 June 2025, art. 13).
inline constexpr Time kPhoneConsentSince = 1786399200;

struct ContactFacts {
  std::optional<ContactKind> kind;  // nullopt: unknown, treated as a consumer (B2C)
  bool client = false;  // a client: soft opt-in for e-mail and SMS, a contract in progress for phone
  std::vector<ConsentEvent> events;
  bool suppressed = false;             // on the suppression list (objection, erasure request)
  bool suppressed_on_channel = false;  // on the channel-scoped list (a withdrawal kept after erasure)
  std::string time_zone = "Europe/Paris";  // the consumer's (consumer_time_zone)
  int calls_last_30_days = 0;              // our calls and attempts in the 30 days before the moment asked
  std::optional<Time> last_refused_call;   // the latest call in which the person refused
};

struct ContactDecision {
  bool allowed = false;
  std::string rule;    // a rule id of docs/legal.md: "email-b2b", "phone-b2c-hours"...
  std::string reason;  // in words, naming the date or event it rests on (English, as --json says it)
  std::string source;  // article and date
  std::string said{};  // `reason` in the user's language (empty: reason)
};

ContactDecision decide_contact(const ContactFacts& facts, Channel channel, std::string_view purpose, Time at);

// The facts of contact `id` read from the vault (events, suppression lists, calls), then
// decide_contact. NotFound for an unknown contact.
Result<ContactFacts> contact_facts(Vault& vault, Id id, Channel channel, Time at);
Result<ContactDecision> can_contact(Vault& vault, Id id, Channel channel, std::string_view purpose, Time at);

// ---- The French calendar ------------------------------------------------------------------------
struct LocalTime {
  int year = 0, month = 0, day = 0;
  int weekday = 0;  // 1 Monday .. 7 Sunday
  int hour = 0, minute = 0;
};
// `at` in the IANA zone (ICU's time-zone data). InvalidInput for an unknown zone.
Result<LocalTime> local_time(Time at, const std::string& zone);
// The instant of a wall-clock time in the IANA zone, given as the seconds it would be in UTC
// (`wall_as_utc`, as parse_utc reads "2026-11-30 10:00"). A time in a DST gap or overlap is
// resolved as ICU does (the earlier offset). InvalidInput for an unknown zone.
Result<Time> utc_of_local_wall(Time wall_as_utc, const std::string& zone);
// The IANA name of `zone` as ICU knows it, or of this machine's zone (TZ, /etc/localtime) when
// empty: resolve it once before converting many times. InvalidInput for an unknown zone.
Result<std::string> resolve_time_zone(const std::string& zone);
// The public holidays of Code du travail art. L3133-1: 1 January, Easter Monday, 1 May, 8 May,
// Ascension, Whit Monday, 14 July, 15 August, 1 November, 11 November, 25 December (Easter by the
// Gregorian computus). Alsace-Moselle's Good Friday and 26 December and the overseas departments'
// abolition-of-slavery days are not included.
bool is_french_public_holiday(int year, int month, int day);
// The consumer's zone from their numbers: an overseas prefix (+262 Réunion, +262 269/639 Mayotte,
// +590 Guadeloupe, +594 Guyane, +596 Martinique, +508 Saint-Pierre-et-Miquelon, +687 New
// Caledonia, +689 French Polynesia) gives its zone; otherwise Europe/Paris.
std::string consumer_time_zone(const std::vector<std::string>& e164_phones);

}  // namespace coffre
