// The prospecting rule's matrix: B2B/B2C/unknown × channel × event × before/after 11 August 2026 ×
// call hours, holidays and frequency. Each cell's name starts with the rule id of its row in
// docs/legal.md (dashes as underscores), so a failing cell names the rule it breaks.
#include <gtest/gtest.h>

#include "coffre/contact_rule.h"

namespace coffre {
namespace {

// Paris times (see the comments), as Unix seconds.
constexpr Time kWed1100After = 1795600800;   // Wed 2026-11-25 11:00 Paris, after 11 August 2026
constexpr Time kWed1100Before = 1780477200;  // Wed 2026-06-03 11:00 Paris, before
constexpr Time kLastMinuteBefore = 1786399140;  // Mon 2026-08-10 23:59 Paris
constexpr Time kArmistice = 1794391200;      // Wed 2026-11-11 11:00 Paris (11 November)
constexpr Time kEasterMonday = 1806310800;   // Mon 2027-03-29 11:00 Paris
constexpr Time kAscension = 1809594000;      // Thu 2027-05-06 11:00 Paris
constexpr Time kWhitMonday = 1810544400;     // Mon 2027-05-17 11:00 Paris
constexpr Time kLunch = 1795609800;          // Wed 2026-11-25 13:30 Paris
constexpr Time kEight = 1795633200;          // Wed 2026-11-25 20:00 Paris
constexpr Time kSaturday = 1795860000;       // Sat 2026-11-28 11:00 Paris
constexpr Time kEarly = 1795595400;          // Wed 2026-11-25 09:30 Paris = 12:30 in Réunion
constexpr Time kDay = 24 * 3600;

enum class Kind { B2B, B2C, Unknown };

struct Cell {
  // A constructor rather than an aggregate, so that the rows give only the facts they need.
  Cell(const char* name_, Kind kind_, Channel channel_, std::optional<ConsentEventKind> event_, Time at_, bool allowed_,
       const char* rule_, bool client_ = false, bool suppressed_ = false, bool suppressed_on_channel_ = false,
       const char* zone_ = "Europe/Paris", int calls_ = 0, std::optional<Time> refused_call_ago_ = std::nullopt,
       const char* purpose_of_event_ = "prospecting")
      : name(name_), kind(kind_), channel(channel_), event(event_), at(at_), allowed(allowed_), rule(rule_),
        client(client_), suppressed(suppressed_), suppressed_on_channel(suppressed_on_channel_), zone(zone_),
        calls(calls_), refused_call_ago(refused_call_ago_), purpose_of_event(purpose_of_event_) {}
  const char* name;
  Kind kind;
  Channel channel;
  std::optional<ConsentEventKind> event;  // the person's latest decision on the channel, if any
  Time at;
  bool allowed;
  const char* rule;
  bool client, suppressed, suppressed_on_channel;
  const char* zone;
  int calls;  // calls in the last 30 days
  std::optional<Time> refused_call_ago;
  const char* purpose_of_event;
};

using E = ConsentEventKind;
using C = Channel;

const Cell kCells[] = {
    // E-mail and SMS (CPCE L34-5).
    {"email_b2b_no_event_allowed", Kind::B2B, C::Email, std::nullopt, kWed1100After, true, "email-b2b"},
    {"email_b2b_sms_allowed", Kind::B2B, C::Sms, std::nullopt, kWed1100After, true, "email-b2b"},
    {"email_b2b_on_sunday_allowed", Kind::B2B, C::Email, std::nullopt, kSaturday + kDay, true, "email-b2b"},
    {"email_b2c_consent_none_refused", Kind::B2C, C::Email, std::nullopt, kWed1100After, false, "email-b2c-consent"},
    {"email_b2c_consent_given_allowed", Kind::B2C, C::Email, E::Given, kWed1100After, true, "email-b2c-consent"},
    {"email_b2c_consent_sms_given_allowed", Kind::B2C, C::Sms, E::Given, kWed1100After, true, "email-b2c-consent"},
    {"email_b2c_consent_other_purpose_refused", Kind::B2C, C::Email, E::Given, kWed1100After, false,
     "email-b2c-consent", false, false, false, "Europe/Paris", 0, std::nullopt, "newsletter"},
    {"email_b2c_consent_unknown_kind_refused", Kind::Unknown, C::Email, std::nullopt, kWed1100After, false,
     "email-b2c-consent"},
    {"email_b2c_soft_opt_in_client_allowed", Kind::B2C, C::Email, std::nullopt, kWed1100After, true,
     "email-b2c-soft-opt-in", true},
    // What the person said wins (GDPR art. 7(3), 21).
    {"withdrawn_b2b_email", Kind::B2B, C::Email, E::Withdrawn, kWed1100After, false, "withdrawn"},
    {"withdrawn_b2c_email_client", Kind::B2C, C::Email, E::Withdrawn, kWed1100After, false, "withdrawn", true},
    {"refused_b2c_email", Kind::B2C, C::Email, E::Refused, kWed1100After, false, "refused"},
    {"objection_b2b_email", Kind::B2B, C::Email, E::Objected, kWed1100After, false, "objection"},
    {"objection_other_purpose_applies", Kind::B2B, C::Email, E::Objected, kWed1100After, false, "objection", false,
     false, false, "Europe/Paris", 0, std::nullopt, "newsletter"},
    {"objection_post", Kind::B2C, C::Post, E::Objected, kWed1100After, false, "objection"},
    {"objection_phone_b2b", Kind::B2B, C::Phone, E::Objected, kWed1100After, false, "objection"},
    {"suppression_wins_over_consent", Kind::B2C, C::Email, E::Given, kWed1100After, false, "suppression", false,
     true},
    {"channel_suppression_wins_over_b2b", Kind::B2B, C::Email, std::nullopt, kWed1100After, false,
     "channel-suppression", false, false, true},
    // Post (GDPR art. 21).
    {"post_b2c_allowed", Kind::B2C, C::Post, std::nullopt, kWed1100After, true, "post"},
    {"post_b2b_allowed", Kind::B2B, C::Post, std::nullopt, kSaturday, true, "post"},
    // Phone, B2B.
    {"phone_b2b_allowed", Kind::B2B, C::Phone, std::nullopt, kWed1100After, true, "phone-b2b"},
    {"phone_b2b_saturday_allowed", Kind::B2B, C::Phone, std::nullopt, kSaturday, true, "phone-b2b"},
    // Phone, B2C: consent since 11 August 2026 (L223-1), opt-out before.
    {"phone_b2c_opt_out_before_allowed", Kind::B2C, C::Phone, std::nullopt, kWed1100Before, true,
     "phone-b2c-opt-out"},
    {"phone_b2c_consent_after_none_refused", Kind::B2C, C::Phone, std::nullopt, kWed1100After, false,
     "phone-b2c-consent"},
    {"phone_b2c_consent_unknown_kind_refused", Kind::Unknown, C::Phone, std::nullopt, kWed1100After, false,
     "phone-b2c-consent"},
    {"phone_b2c_consent_first_day_refused", Kind::B2C, C::Phone, std::nullopt, kPhoneConsentSince + 12 * 3600,
     false, "phone-b2c-consent"},
    {"phone_b2c_opt_out_last_day_before", Kind::B2C, C::Phone, std::nullopt, kLastMinuteBefore, false,
     "phone-b2c-hours"},  // allowed in law but 23:59: hours
    {"phone_b2c_consent_given_allowed", Kind::B2C, C::Phone, E::Given, kWed1100After, true, "phone-b2c-consent"},
    {"phone_b2c_contract_client_allowed", Kind::B2C, C::Phone, std::nullopt, kWed1100After, true,
     "phone-b2c-contract", true},
    {"phone_b2c_opt_out_objected_before", Kind::B2C, C::Phone, E::Objected, kWed1100Before, false, "objection"},
    // Phone, B2C: when (D223-9, L3133-1), in the consumer's zone.
    {"phone_b2c_hours_lunch", Kind::B2C, C::Phone, E::Given, kLunch, false, "phone-b2c-hours"},
    {"phone_b2c_hours_eight_pm", Kind::B2C, C::Phone, E::Given, kEight, false, "phone-b2c-hours"},
    {"phone_b2c_hours_eight_pm_minus_one", Kind::B2C, C::Phone, E::Given, kEight - 60, true, "phone-b2c-consent"},
    {"phone_b2c_hours_saturday", Kind::B2C, C::Phone, E::Given, kSaturday, false, "phone-b2c-hours"},
    {"phone_b2c_hours_before_ten", Kind::B2C, C::Phone, E::Given, kEarly, false, "phone-b2c-hours"},
    {"phone_b2c_hours_reunion_time", Kind::B2C, C::Phone, E::Given, kEarly, true, "phone-b2c-consent", false, false,
     false, "Indian/Reunion"},
    {"phone_b2c_hours_before_date_too", Kind::B2C, C::Phone, std::nullopt, kSaturday - 196 * kDay, false,
     "phone-b2c-hours"},
    {"phone_b2c_holiday_armistice", Kind::B2C, C::Phone, E::Given, kArmistice, false, "phone-b2c-holiday"},
    {"phone_b2c_holiday_easter_monday", Kind::B2C, C::Phone, E::Given, kEasterMonday, false, "phone-b2c-holiday"},
    {"phone_b2c_holiday_ascension", Kind::B2C, C::Phone, E::Given, kAscension, false, "phone-b2c-holiday"},
    {"phone_b2c_holiday_whit_monday", Kind::B2C, C::Phone, E::Given, kWhitMonday, false, "phone-b2c-holiday"},
    {"phone_b2c_holiday_b2b_unaffected", Kind::B2B, C::Phone, std::nullopt, kArmistice, true, "phone-b2b"},
    // Phone, B2C: how often (D223-9 al. 3).
    {"phone_b2c_frequency_three_calls_allowed", Kind::B2C, C::Phone, E::Given, kWed1100After, true,
     "phone-b2c-consent", false, false, false, "Europe/Paris", 3},
    {"phone_b2c_frequency_four_calls", Kind::B2C, C::Phone, E::Given, kWed1100After, false, "phone-b2c-frequency",
     false, false, false, "Europe/Paris", 4},
    {"phone_b2c_refusal_60_days_day_59", Kind::B2C, C::Phone, E::Given, kWed1100After, false,
     "phone-b2c-refusal-60-days", false, false, false, "Europe/Paris", 0, 59 * kDay},
    {"phone_b2c_refusal_60_days_day_60_allowed", Kind::B2C, C::Phone, E::Given, kWed1100After, true,
     "phone-b2c-consent", false, false, false, "Europe/Paris", 0, 60 * kDay},
};

class ContactRuleMatrix : public ::testing::TestWithParam<Cell> {};

TEST_P(ContactRuleMatrix, Cell) {
  const Cell& c = GetParam();
  ContactFacts f;
  if (c.kind == Kind::B2B) f.kind = ContactKind::B2B;
  if (c.kind == Kind::B2C) f.kind = ContactKind::B2C;
  f.client = c.client;
  f.suppressed = c.suppressed;
  f.suppressed_on_channel = c.suppressed_on_channel;
  f.time_zone = c.zone;
  f.calls_last_30_days = c.calls;
  if (c.refused_call_ago) f.last_refused_call = c.at - *c.refused_call_ago;
  if (c.event) {
    ConsentEvent e;
    e.id = 1;
    e.event = *c.event;
    e.channel = c.channel;
    e.purpose = c.purpose_of_event;
    e.occurred_at = c.at - 30 * kDay;
    f.events.push_back(e);
  }
  const auto d = decide_contact(f, c.channel, "prospecting", c.at);
  EXPECT_EQ(d.allowed, c.allowed) << c.name << ": " << d.rule << ": " << d.reason;
  EXPECT_EQ(d.rule, c.rule) << c.name << ": " << d.reason;
  EXPECT_FALSE(d.reason.empty());
  EXPECT_FALSE(d.source.empty());
}

INSTANTIATE_TEST_SUITE_P(Rows, ContactRuleMatrix, ::testing::ValuesIn(kCells),
                         [](const ::testing::TestParamInfo<Cell>& p) { return std::string(p.param.name); });

TEST(ContactRule, ALaterConsentAfterAWithdrawalAllowsAgainAndTheLatestDecisionWins) {
  ContactFacts f;
  f.kind = ContactKind::B2C;
  auto ev = [](Id id, E kind, Time at) {
    ConsentEvent e;
    e.id = id;
    e.event = kind;
    e.channel = C::Email;
    e.purpose = "prospecting";
    e.occurred_at = at;
    return e;
  };
  f.events = {ev(1, E::Given, kWed1100After - 10 * kDay), ev(2, E::Withdrawn, kWed1100After - 5 * kDay)};
  EXPECT_FALSE(decide_contact(f, C::Email, "prospecting", kWed1100After).allowed);
  f.events.push_back(ev(3, E::Given, kWed1100After - kDay));
  EXPECT_TRUE(decide_contact(f, C::Email, "prospecting", kWed1100After).allowed);
  // Recorded later but dated earlier: the decision made last still stands.
  f.events.push_back(ev(4, E::Withdrawn, kWed1100After - 20 * kDay));
  EXPECT_TRUE(decide_contact(f, C::Email, "prospecting", kWed1100After).allowed);
  // A withdrawal on e-mail says nothing of the phone of a professional contact.
  f.kind = ContactKind::B2B;
  f.events.push_back(ev(5, E::Withdrawn, kWed1100After - 1));
  EXPECT_FALSE(decide_contact(f, C::Email, "prospecting", kWed1100After).allowed);
  EXPECT_TRUE(decide_contact(f, C::Phone, "prospecting", kWed1100After).allowed);
}

}  // namespace
}  // namespace coffre
