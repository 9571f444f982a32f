// The prospecting rule (coffre/contact_rule.h). Each rule id below is a row of docs/legal.md and
// names a cell of the ContactRule matrix test.
#include "coffre/contact_rule.h"

#include "coffre/i18n.h"

#include "coffre/suppression.h"
#include "model/store_support.h"
#include "util/english.h"

namespace coffre {
namespace {

// The sources and the reasons that are fixed texts are marked for the catalogue: `can-contact` shows
// them translated (they stay English in --json and in what the vault records).
constexpr const char* kGdpr21 = N_("GDPR art. 21(2)-(3) (Regulation (EU) 2016/679 of 27 April 2016)");
constexpr const char* kGdpr7 = N_("GDPR art. 7(3) (Regulation (EU) 2016/679 of 27 April 2016)");
constexpr const char* kL345 = N_("CPCE art. L34-5 (as amended by loi n° 2004-575 of 21 June 2004); CNIL guidance on "
                                 "e-mail prospecting");
constexpr const char* kL2231 = N_("Code de la consommation art. L223-1, as amended by loi n° 2025-594 of 30 June 2025, "
                                  "art. 13 (in force 11 August 2026)");
constexpr const char* kD2239 = N_("Code de la consommation art. D223-9 (décret n° 2022-1313 of 13 October 2022); Code "
                                  "du travail art. L3133-1");
constexpr Time kDay = 24 * 3600;

// A decision whose reason is `msgid` with `args`: in English (reason) and in the user's language
// (said, left empty in English: a campaign decides for every person and shows no reason). `said_args`,
// when given, are the user's words for `args` (a channel's name).
ContactDecision decision(bool allowed, const char* rule, const char* msgid, std::initializer_list<std::string_view> args,
                         const char* source, std::initializer_list<std::string_view> said_args = {}) {
  return {allowed, rule, english(msgid, args), source,
          i18n::current() == i18n::Language::En ? std::string() : trf(msgid, said_args.size() ? said_args : args)};
}
ContactDecision yes(const char* rule, const char* msgid, const char* source) {
  return decision(true, rule, msgid, {}, source);
}
ContactDecision no(const char* rule, const char* msgid, const char* source) { return decision(false, rule, msgid, {}, source); }

std::string day_of(Time t) { return format_utc(t).substr(0, 10); }

bool has_given(const ContactFacts& f, Channel channel, std::string_view purpose) {
  auto s = consent_state(f.events, channel, purpose);
  return s && s->status == ConsentEventKind::Given;
}

// When and how often a consumer may be called (art. D223-9), once the call itself is allowed.
ContactDecision call_window(const ContactFacts& f, Time at, ContactDecision allowed) {
  auto lt = local_time(at, f.time_zone);
  if (!lt)
    return decision(false, "phone-b2c-hours", N_("the consumer's local time is unknown: {}"), {lt.error().message}, kD2239);
  char when[64];
  std::snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d %s", lt->year, lt->month, lt->day, lt->hour, lt->minute,
                f.time_zone.c_str());
  if (is_french_public_holiday(lt->year, lt->month, lt->day))
    return decision(false, "phone-b2c-holiday", N_("no calls to consumers on a public holiday ({})"), {when}, kD2239);
  const int minutes = lt->hour * 60 + lt->minute;
  const bool hours = lt->weekday <= 5 && ((minutes >= 600 && minutes < 780) || (minutes >= 840 && minutes < 1200));
  if (!hours)
    return decision(false, "phone-b2c-hours",
                    N_("calls to consumers only Monday to Friday, 10:00-13:00 and 14:00-20:00 in their time zone ({})"),
                    {when}, kD2239);
  if (f.last_refused_call && at - *f.last_refused_call < 60 * kDay)
    return decision(false, "phone-b2c-refusal-60-days", N_("the person refused during a call on {}: no call for 60 days"),
                    {day_of(*f.last_refused_call)}, kD2239);
  if (f.calls_last_30_days >= 4)
    return decision(false, "phone-b2c-frequency", N_("{} calls or attempts in the last 30 days: at most 4"),
                    {std::to_string(f.calls_last_30_days)}, kD2239);
  return allowed;
}

}  // namespace

ContactDecision decide_contact(const ContactFacts& f, Channel channel, std::string_view purpose, Time at) {
  const std::string ch(to_string(channel));
  const char* ch_said = tr(ch.c_str());  // the channel's name in the user's words ("courrier")
  if (f.suppressed)
    return no("suppression", N_("the person's address or number is on the suppression list (an objection or an "
                                "erasure request)"), kGdpr21);
  if (f.suppressed_on_channel)
    return decision(false, "channel-suppression", N_("the person withdrew or objected on {} (kept after their erasure)"),
                    {ch}, kGdpr21, {ch_said});
  if (auto s = consent_state(f.events, channel, purpose)) {
    const std::string day = day_of(s->since), event = std::to_string(s->event_id);
    switch (s->status) {
      case ConsentEventKind::Objected:
        return decision(false, "objection", N_("the person objected to prospecting on {0} on {1} (event {2})"),
                        {ch, day, event}, kGdpr21, {ch_said, day, event});
      case ConsentEventKind::Withdrawn:
        return decision(false, "withdrawn", N_("the person withdrew consent for {0} on {1} on {2} (event {3})"),
                        {purpose, ch, day, event}, kGdpr7, {purpose, ch_said, day, event});
      case ConsentEventKind::Refused:
        return decision(false, "refused", N_("the person refused {0} on {1} on {2} (event {3})"), {purpose, ch, day, event},
                        kGdpr7, {purpose, ch_said, day, event});
      case ConsentEventKind::Given: break;
    }
  }
  const bool b2b = f.kind == ContactKind::B2B;
  auto given = [&](const char* rule, const char* source) {
    return decision(true, rule, N_("consent given for {0} on {1}"), {purpose, ch}, source, {purpose, ch_said});
  };
  switch (channel) {
    case Channel::Post:
      return yes("post", N_("post is allowed unless the person objected"), kGdpr21);
    case Channel::Email:
    case Channel::Sms:
      if (b2b) return yes("email-b2b", N_("a professional contact, about their profession, unless they object"), kL345);
      if (has_given(f, channel, purpose)) return given("email-b2c-consent", kL345);
      if (f.client)
        return yes("email-b2c-soft-opt-in",
                   N_("a client, for products or services similar to those bought, offered an opt-out in every message"),
                   kL345);
      return f.kind ? decision(false, "email-b2c-consent", N_("a consumer with no consent for {0} on {1}"), {purpose, ch},
                               kL345, {purpose, ch_said})
                    : decision(false, "email-b2c-consent",
                               N_("a contact of unknown kind, treated as a consumer, with no consent for {0} on {1}"),
                               {purpose, ch}, kL345, {purpose, ch_said});
    case Channel::Phone:
      if (b2b) return yes("phone-b2b", N_("a professional contact, unless they object"), kL2231);
      if (at < kPhoneConsentSince)
        return call_window(f, at, yes("phone-b2c-opt-out", N_("before 11 August 2026, calls are allowed unless the "
                                                               "person objected or is on Bloctel (not checked here)"),
                                      kL2231));
      if (has_given(f, channel, purpose)) return call_window(f, at, given("phone-b2c-consent", kL2231));
      if (f.client)
        return call_window(f, at, yes("phone-b2c-contract", N_("a contract in progress, for related products or services"),
                                      kL2231));
      return decision(false, "phone-b2c-consent",
                      f.kind ? N_("since 11 August 2026, calling a consumer needs their prior consent, and there is "
                                  "none for {}")
                             : N_("since 11 August 2026, calling a contact of unknown kind needs their prior consent, and "
                                  "there is none for {}"),
                      {purpose}, kL2231);
  }
  return no("unknown-channel", N_("unknown channel"), kGdpr21);
}

Result<ContactFacts> contact_facts(Vault& vault, Id id, Channel channel, Time at) {
  auto& db = model::context_of(vault).db;
  ContactFacts f;
  {
    COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT kind, category FROM contacts WHERE id = ?"));
    st.bind(1, id);
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return make_error(ErrorKind::NotFound, trf("no contact with id {}", {std::to_string(id)}));
    f.kind = parse_contact_kind(st.column_text(0));
    f.client = st.column_text(1) == "client";
  }
  COFFRE_ASSIGN_OR_RETURN(auto emails, db.prepare("SELECT email FROM contact_emails WHERE contact_id = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto em, emails.bind(1, id).all_texts());
  COFFRE_ASSIGN_OR_RETURN(auto phones, db.prepare("SELECT phone FROM contact_phones WHERE contact_id = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto ph, phones.bind(1, id).all_texts());
  COFFRE_ASSIGN_OR_RETURN(f.events, ConsentStore(vault).history(id));
  COFFRE_ASSIGN_OR_RETURN(f.suppressed, is_suppressed(vault, em, ph));
  COFFRE_ASSIGN_OR_RETURN(f.suppressed_on_channel, is_suppressed_for_channel(vault, channel, em, ph));
  f.time_zone = consumer_time_zone(ph);
  if (channel == Channel::Phone) {
    COFFRE_ASSIGN_OR_RETURN(auto calls, db.prepare("SELECT count(*) FROM interactions WHERE contact_id = ? AND "
                                                   "kind = 'call' AND direction = 'outbound' AND occurred_at > ? AND "
                                                   "occurred_at <= ?"));
    calls.bind(1, id).bind(2, at - 30 * kDay).bind(3, at);
    COFFRE_ASSIGN_OR_RETURN(bool row, calls.step());
    f.calls_last_30_days = row ? static_cast<int>(calls.column_int(0)) : 0;
    COFFRE_ASSIGN_OR_RETURN(auto refused, db.prepare("SELECT max(occurred_at) FROM interactions WHERE contact_id = ? "
                                                     "AND kind = 'call' AND outcome IN ('refused','refused-to-talk') "
                                                     "AND occurred_at <= ?"));
    refused.bind(1, id).bind(2, at);
    COFFRE_ASSIGN_OR_RETURN(bool r, refused.step());
    if (r) f.last_refused_call = refused.column_opt_int(0);
  }
  return f;
}

Result<ContactDecision> can_contact(Vault& vault, Id id, Channel channel, std::string_view purpose, Time at) {
  COFFRE_ASSIGN_OR_RETURN(auto f, contact_facts(vault, id, channel, at));
  return decide_contact(f, channel, purpose, at);
}

}  // namespace coffre
