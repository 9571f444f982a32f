#include "commands/model_input.h"

#include <algorithm>
#include <cctype>

#include "coffre/clock.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

template <typename E>
Result<E> vocabulary(const std::string& option, const std::string& text, std::optional<E> parsed,
                     const std::vector<std::string_view>& known) {
  if (parsed) return *parsed;
  return make_error(ErrorKind::InvalidInput, trf("{0}: unknown value \"{1}\" (expected one of: {2})", {option, text, join(known)}));
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<Category> category_arg(const std::string& option, const std::string& text) {
  return vocabulary(option, text, parse_category(text), all_categories());
}
Result<Temperature> temperature_arg(const std::string& option, const std::string& text) {
  return vocabulary(option, text, parse_temperature(text), all_temperatures());
}
Result<Outcome> outcome_arg(const std::string& option, const std::string& text) {
  return vocabulary(option, text, parse_outcome(text), all_outcomes());
}
Result<InteractionKind> interaction_kind_arg(const std::string& option, const std::string& text) {
  return vocabulary(option, text, parse_interaction_kind(text), {"call", "email", "meeting", "letter"});
}
Result<Direction> direction_arg(const std::string& option, const std::string& text) {
  return vocabulary(option, text, parse_direction(text), {"inbound", "outbound"});
}

Result<Time> date_arg(const std::string& option, const std::string& text, Time now) {
  constexpr Time kDay = 24 * 3600;
  const std::string t = lower(text);
  if (t == "today" || t == "aujourd'hui" || t == "now" || t == "maintenant") return now;
  if (t == "tomorrow" || t == "demain") return now + kDay;
  if (t == "yesterday" || t == "hier") return now - kDay;
  if (t.size() >= 3 && (t[0] == '+' || t[0] == '-') && (t.back() == 'd' || t.back() == 'j' || t.back() == 'w')) {
    const std::string digits = t.substr(1, t.size() - 2);
    if (!digits.empty() && digits.size() <= 4 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      const Time n = std::stoll(digits) * (t.back() == 'w' ? 7 * kDay : kDay);
      return t[0] == '+' ? now + n : now - n;
    }
  }
  Time out = 0;
  if (parse_utc(text, out)) return out;
  return make_error(ErrorKind::InvalidInput, trf("{0}: invalid date \"{1}\" (YYYY-MM-DD, \"YYYY-MM-DD HH:MM\", today, tomorrow, +3d, +2w)",
                                                     {option, text}));
}

Labelled labelled_arg(const std::string& text) {
  const auto colon = text.find(':');
  if (colon != std::string::npos && colon > 0 && colon <= 20) {
    const std::string label = text.substr(0, colon);
    const bool word = std::all_of(label.begin(), label.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    const std::string l = lower(label);
    if (word && l != "mailto" && l != "tel") return {text.substr(colon + 1), label};
  }
  return {text, std::nullopt};
}

Result<Id> id_arg(const std::string& what, const std::string& text) {
  if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return make_error(ErrorKind::InvalidInput, trf("{0} id must be a number, not \"{1}\"", {tr(what.c_str()), text}));
  return static_cast<Id>(std::stoll(text));
}

// ---- ContactOptions ----------------------------------------------------------------------------
void ContactOptions::add_to(CLI::App& app, bool edit) {
  first_opt_ = app.add_option("--first-name", first_name_, tr("First name"))->type_name("TEXT");
  last_opt_ = app.add_option("--last-name", last_name_, tr("Last name"))->type_name("TEXT");
  emails_opt_ = app.add_option("--email", emails_,
                               edit ? "E-mail address (repeat for several; replaces the list)"
                                    : "E-mail address (repeat for several), optionally LABEL:ADDRESS")
                    ->type_name("EMAIL")->allow_extra_args(false);
  phones_opt_ = app.add_option("--phone", phones_,
                               edit ? "Phone number (repeat for several; replaces the list)"
                                    : "Phone number (repeat for several), optionally LABEL:NUMBER; France by default")
                    ->type_name("PHONE")->allow_extra_args(false);
  org_opt_ = app.add_option("--org", org_, tr("Organisation name: found (case-insensitive) or created"))->type_name("NAME");
  app.add_flag("--b2c", b2c_, tr("A private person (B2C)"));
  app.add_flag("--b2b", b2b_, tr("A professional contact (B2B, the default)"));
  category_opt_ = app.add_option("--category", category_,
                                 tr("suspect, prospect (default), client, partner or supplier (French words accepted)"))
                      ->type_name("CATEGORY");
  temperature_opt_ = app.add_option("--temperature", temperature_, tr("won, hot, warm, cold, stopped or lost (chaud, tiède...)"))
                         ->type_name("TEMP");
  role_opt_ = app.add_option("--role", role_, tr("Job title or role"))->type_name("TEXT");
  address_opt_ = app.add_option("--address", address_, tr("Postal address"))->type_name("TEXT");
  source_opt_ = app.add_option("--source", source_, tr("Where the data was collected (CNIL: keep the source)"))->type_name("TEXT");
  if (!edit)  // collection is a fact of the past: it is recorded once, not edited
    collected_opt_ = app.add_option("--collected", collected_, tr("When the data was collected (default: now)"))->type_name("DATE");
}

Result<NewContact> ContactOptions::new_contact(Time now) const {
  NewContact c;
  c.first_name = first_name_;
  c.last_name = last_name_;
  if (role_opt_->count()) c.role = role_;
  if (address_opt_->count()) c.address = address_;
  if (source_opt_->count()) c.source = source_;
  if (org_opt_->count()) c.org_name = org_;
  if (b2c_ && b2b_) return make_error(ErrorKind::Usage, tr("--b2b and --b2c exclude each other"));
  c.kind = b2c_ ? ContactKind::B2C : ContactKind::B2B;
  if (category_opt_->count()) {
    COFFRE_ASSIGN_OR_RETURN(c.category, category_arg("--category", category_));
  }
  if (temperature_opt_->count()) {
    COFFRE_ASSIGN_OR_RETURN(c.temperature, temperature_arg("--temperature", temperature_));
  }
  c.collected_at = now;
  if (collected_opt_->count()) {
    COFFRE_ASSIGN_OR_RETURN(c.collected_at, date_arg("--collected", collected_, now));
  }
  for (const auto& e : emails_) c.emails.push_back(labelled_arg(e));
  for (const auto& p : phones_) c.phones.push_back(labelled_arg(p));
  return c;
}

Result<ContactPatch> ContactOptions::patch() const {
  ContactPatch p;
  if (first_opt_->count()) p.first_name = first_name_;
  if (last_opt_->count()) p.last_name = last_name_;
  if (role_opt_->count()) p.role = role_;
  if (address_opt_->count()) p.address = address_;
  if (source_opt_->count()) p.source = source_;
  if (org_opt_->count()) p.org_name = org_;
  if (b2c_ && b2b_) return make_error(ErrorKind::Usage, tr("--b2b and --b2c exclude each other"));
  if (b2c_) p.kind = ContactKind::B2C;
  if (b2b_) p.kind = ContactKind::B2B;
  if (category_opt_->count()) {
    COFFRE_ASSIGN_OR_RETURN(p.category, category_arg("--category", category_));
  }
  if (temperature_opt_->count()) {
    COFFRE_ASSIGN_OR_RETURN(p.temperature, temperature_arg("--temperature", temperature_));
  }
  if (emails_opt_->count()) {
    p.emails.emplace();
    for (const auto& e : emails_)
      if (!e.empty()) p.emails->push_back(labelled_arg(e));
  }
  if (phones_opt_->count()) {
    p.phones.emplace();
    for (const auto& ph : phones_)
      if (!ph.empty()) p.phones->push_back(labelled_arg(ph));
  }
  return p;
}

}  // namespace coffre::cli
