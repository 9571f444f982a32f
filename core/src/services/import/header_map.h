// Column headers to contact fields. Headers are compared folded: lower case, accents removed,
// everything but letters and digits dropped ("E-mail", "e mail" and "Email" are one; "Prénom" is
// "prenom"). French and English aliases cover what spreadsheets call things; the presets add what
// differs in the exports of Google Contacts, Outlook, Zoho CRM and HubSpot (detected from their
// headers); a --map file overrides both.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/import.h"

namespace coffre::services::import {

enum class Target {
  Ignore, FirstName, LastName, FullName, Email, Phone, Org, Role, Address, Address2, Postcode, City, Country,
  Note, Source,
  Region,     // a state or region of the address (vCard ADR's region)
  Kind,       // B2B or B2C ("b2b", "pro", "entreprise" / "b2c", "particulier")
  Collected,  // when the person's data was collected ("Date de collecte", "Created Time")
  EmailOptOut,  // the person opted out of e-mail (Zoho "Email Opt Out", HubSpot "Unsubscribed from all email")
  Label,  // the type of a value column of the same group (Google's "E-mail 1 - Label")
};

struct ColumnSpec {
  Target target = Target::Ignore;
  std::string label;  // for Email/Phone: "mobile", "work"...
  std::string group;  // Google's "email1", "phone2": pairs a Label column with its value column
};

std::string fold_header(std::string_view header);
// The same folding for running text: words kept apart by single spaces ("Arrêt-maladie !" ->
// "arret maladie ").
void fold_into(std::string_view s, std::string& out, bool separators);
// "email", "phone:mobile", "first_name", "ignore"... nullopt if unknown.
std::optional<ColumnSpec> parse_field(std::string_view field);
std::string_view field_name(Target t);

class HeaderMapper {
 public:
  explicit HeaderMapper(const ColumnMap& overrides);
  // Looks at the first record's column names to pick a preset ("" when none fits).
  void detect_preset(const std::vector<std::string>& headers);
  const std::string& preset() const { return preset_; }
  // The spec of a column (cached). Unknown headers map to Ignore.
  const ColumnSpec& map(const std::string& header);

 private:
  std::map<std::string, ColumnSpec> overrides_;  // by folded header
  std::map<std::string, ColumnSpec> cache_;      // by header as written
  std::string preset_;
};

}  // namespace coffre::services::import
