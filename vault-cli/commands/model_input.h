// What people type for the model's commands: vocabularies (category, outcome...), dates, labelled
// emails and phones, and the contact options `contact add` and `contact edit` share. Every error
// is InvalidInput (exit 4) and names the option that was wrong.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "coffre/model.h"
#include "coffre/status.h"
#include "coffre/stores.h"

namespace coffre::cli {

Result<Category> category_arg(const std::string& option, const std::string& text);
Result<Temperature> temperature_arg(const std::string& option, const std::string& text);
Result<Outcome> outcome_arg(const std::string& option, const std::string& text);
Result<InteractionKind> interaction_kind_arg(const std::string& option, const std::string& text);
Result<Direction> direction_arg(const std::string& option, const std::string& text);
// "2026-12-01", "2026-12-01 14:30", "2026-12-01T14:30Z", "today"/"aujourd'hui", "tomorrow"/
// "demain", "yesterday"/"hier", "+3d", "+2w", "-1d" (relative to now). Times are UTC.
Result<Time> date_arg(const std::string& option, const std::string& text, Time now);
// "jean@x.fr" or "work:jean@x.fr"; "06 12 34 56 78" or "mobile:06 12 34 56 78". A label is a word
// of letters before a colon ("mailto:" and "tel:" are not labels).
Labelled labelled_arg(const std::string& text);
// A contact or organisation id given on the command line.
Result<Id> id_arg(const std::string& what, const std::string& text);

// The options of a contact, for `contact add` (every field) and `contact edit` (only the options
// given change; an empty value clears an optional text field).
class ContactOptions {
 public:
  void add_to(CLI::App& app, bool edit);
  Result<NewContact> new_contact(Time now) const;
  Result<ContactPatch> patch() const;

 private:
  std::string first_name_, last_name_, role_, address_, source_, org_, category_, temperature_, collected_;
  std::vector<std::string> emails_, phones_;
  bool b2c_ = false, b2b_ = false;
  CLI::Option *first_opt_ = nullptr, *last_opt_ = nullptr, *role_opt_ = nullptr, *address_opt_ = nullptr,
              *source_opt_ = nullptr, *org_opt_ = nullptr, *category_opt_ = nullptr, *temperature_opt_ = nullptr,
              *collected_opt_ = nullptr, *emails_opt_ = nullptr, *phones_opt_ = nullptr;
};

}  // namespace coffre::cli
