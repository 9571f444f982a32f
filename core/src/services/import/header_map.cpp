#include "services/import/header_map.h"

#include <nlohmann/json.hpp>

#include "coffre/normalize.h"
#include "coffre/i18n.h"
#include "util/files.h"

namespace coffre::services::import {

namespace {

struct Alias {
  const char* folded;
  Target target;
  const char* label;
};

// Folded header -> field. Kept flat and explicit: this table is the documentation (docs/import.md).
const Alias kAliases[] = {
    // Names
    {"prenom", Target::FirstName, ""}, {"prenoms", Target::FirstName, ""}, {"firstname", Target::FirstName, ""},
    {"givenname", Target::FirstName, ""}, {"first", Target::FirstName, ""}, {"forename", Target::FirstName, ""},
    {"nom", Target::LastName, ""}, {"nomdefamille", Target::LastName, ""}, {"lastname", Target::LastName, ""},
    {"familyname", Target::LastName, ""}, {"surname", Target::LastName, ""}, {"last", Target::LastName, ""},
    {"nomdusage", Target::LastName, ""},
    {"name", Target::FullName, ""}, {"fullname", Target::FullName, ""}, {"nomcomplet", Target::FullName, ""},
    {"nometprenom", Target::FullName, ""}, {"prenometnom", Target::FullName, ""}, {"contact", Target::FullName, ""},
    {"contactname", Target::FullName, ""}, {"displayname", Target::FullName, ""}, {"interlocuteur", Target::FullName, ""},
    // E-mail
    {"email", Target::Email, ""}, {"mail", Target::Email, ""}, {"courriel", Target::Email, ""},
    {"adressemail", Target::Email, ""}, {"adresseemail", Target::Email, ""}, {"adressecourriel", Target::Email, ""},
    {"emailaddress", Target::Email, ""}, {"primaryemail", Target::Email, ""}, {"emailprofessionnel", Target::Email, "work"},
    {"emailpro", Target::Email, "work"}, {"emailpersonnel", Target::Email, "home"}, {"secondaryemail", Target::Email, ""},
    {"email2", Target::Email, ""}, {"email2address", Target::Email, ""}, {"email3address", Target::Email, ""},
    {"workemail", Target::Email, "work"}, {"homeemail", Target::Email, "home"},
    // Phones
    {"telephone", Target::Phone, ""}, {"tel", Target::Phone, ""}, {"phone", Target::Phone, ""},
    {"phonenumber", Target::Phone, ""}, {"numerodetelephone", Target::Phone, ""}, {"telfixe", Target::Phone, "work"},
    {"telephonefixe", Target::Phone, "work"}, {"fixe", Target::Phone, "work"}, {"telbureau", Target::Phone, "work"},
    {"telephonebureau", Target::Phone, "work"}, {"lignedirecte", Target::Phone, "work"},
    {"telephoneprofessionnel", Target::Phone, "work"}, {"telpro", Target::Phone, "work"},
    {"businessphone", Target::Phone, "work"}, {"workphone", Target::Phone, "work"}, {"homephone", Target::Phone, "home"},
    {"teldomicile", Target::Phone, "home"}, {"portable", Target::Phone, "mobile"}, {"mobile", Target::Phone, "mobile"},
    {"telportable", Target::Phone, "mobile"}, {"telephoneportable", Target::Phone, "mobile"},
    {"telmobile", Target::Phone, "mobile"}, {"telephonemobile", Target::Phone, "mobile"}, {"gsm", Target::Phone, "mobile"},
    {"cell", Target::Phone, "mobile"}, {"cellphone", Target::Phone, "mobile"}, {"mobilephone", Target::Phone, "mobile"},
    {"mobilephonenumber", Target::Phone, "mobile"}, {"fax", Target::Phone, "fax"}, {"businessfax", Target::Phone, "fax"},
    // Organisation and role
    {"societe", Target::Org, ""}, {"entreprise", Target::Org, ""}, {"raisonsociale", Target::Org, ""},
    {"company", Target::Org, ""}, {"companyname", Target::Org, ""}, {"organisation", Target::Org, ""},
    {"organization", Target::Org, ""}, {"organizationname", Target::Org, ""}, {"organization1name", Target::Org, ""},
    {"accountname", Target::Org, ""}, {"etablissement", Target::Org, ""}, {"employeur", Target::Org, ""},
    {"structure", Target::Org, ""}, {"enseigne", Target::Org, ""}, {"org", Target::Org, ""},
    {"fonction", Target::Role, ""}, {"poste", Target::Role, ""}, {"titre", Target::Role, ""},
    {"jobtitle", Target::Role, ""}, {"title", Target::Role, ""}, {"role", Target::Role, ""},
    {"position", Target::Role, ""}, {"organizationtitle", Target::Role, ""}, {"organization1title", Target::Role, ""},
    {"intituledeposte", Target::Role, ""},
    // Address
    {"adresse", Target::Address, ""}, {"adresse1", Target::Address, ""}, {"adressepostale", Target::Address, ""},
    {"address", Target::Address, ""}, {"address1", Target::Address, ""}, {"rue", Target::Address, ""},
    {"voie", Target::Address, ""}, {"street", Target::Address, ""}, {"streetaddress", Target::Address, ""},
    {"businessstreet", Target::Address, ""}, {"mailingstreet", Target::Address, ""},
    {"address1street", Target::Address, ""}, {"homestreet", Target::Address, ""},
    {"adresse2", Target::Address2, ""}, {"address2", Target::Address2, ""}, {"complementdadresse", Target::Address2, ""},
    {"complementadresse", Target::Address2, ""}, {"businessstreet2", Target::Address2, ""},
    {"address1extendedaddress", Target::Address2, ""},
    {"cp", Target::Postcode, ""}, {"codepostal", Target::Postcode, ""}, {"postcode", Target::Postcode, ""},
    {"postalcode", Target::Postcode, ""}, {"zip", Target::Postcode, ""}, {"zipcode", Target::Postcode, ""},
    {"businesspostalcode", Target::Postcode, ""}, {"mailingzip", Target::Postcode, ""},
    {"address1postalcode", Target::Postcode, ""}, {"homepostalcode", Target::Postcode, ""},
    {"ville", Target::City, ""}, {"city", Target::City, ""}, {"commune", Target::City, ""},
    {"localite", Target::City, ""}, {"businesscity", Target::City, ""}, {"mailingcity", Target::City, ""},
    {"address1city", Target::City, ""}, {"homecity", Target::City, ""},
    {"region", Target::Region, ""}, {"state", Target::Region, ""}, {"etat", Target::Region, ""},
    {"province", Target::Region, ""}, {"businessstate", Target::Region, ""}, {"mailingstate", Target::Region, ""},
    {"pays", Target::Country, ""}, {"country", Target::Country, ""}, {"countryregion", Target::Country, ""},
    {"businesscountryregion", Target::Country, ""}, {"mailingcountry", Target::Country, ""},
    {"address1country", Target::Country, ""}, {"homecountryregion", Target::Country, ""},
    // Free text and origin
    {"commentaire", Target::Note, ""}, {"commentaires", Target::Note, ""}, {"note", Target::Note, ""},
    {"notes", Target::Note, ""}, {"remarque", Target::Note, ""}, {"remarques", Target::Note, ""},
    {"observations", Target::Note, ""}, {"observation", Target::Note, ""}, {"comment", Target::Note, ""},
    {"comments", Target::Note, ""}, {"description", Target::Note, ""}, {"informations", Target::Note, ""},
    {"infos", Target::Note, ""},
    {"source", Target::Source, ""}, {"origine", Target::Source, ""}, {"leadsource", Target::Source, ""},
    {"provenance", Target::Source, ""}, {"sourceducontact", Target::Source, ""},
    // B2B or B2C, and when the data was collected (issue 10)
    {"b2bb2c", Target::Kind, ""}, {"b2cb2b", Target::Kind, ""}, {"typedeclient", Target::Kind, ""},
    {"typeclient", Target::Kind, ""}, {"typedecontact", Target::Kind, ""}, {"particulierprofessionnel", Target::Kind, ""},
    {"professionnelparticulier", Target::Kind, ""}, {"proparticulier", Target::Kind, ""}, {"kind", Target::Kind, ""},
    {"datedecollecte", Target::Collected, ""}, {"datecollecte", Target::Collected, ""},
    {"datedecontact", Target::Collected, ""}, {"datedupremiercontact", Target::Collected, ""},
    {"datedecreation", Target::Collected, ""}, {"datecreation", Target::Collected, ""},
    {"datedajout", Target::Collected, ""}, {"dateajout", Target::Collected, ""}, {"createdtime", Target::Collected, ""},
    {"createdate", Target::Collected, ""}, {"createdat", Target::Collected, ""}, {"createdon", Target::Collected, ""},
    {"collectedat", Target::Collected, ""}, {"collected", Target::Collected, ""},
    // Opted out of e-mail: an objection to e-mail recorded for the person (issue 10)
    {"emailoptout", Target::EmailOptOut, ""}, {"unsubscribedfromallemail", Target::EmailOptOut, ""},
    {"optedoutofallemail", Target::EmailOptOut, ""}, {"desinscritemail", Target::EmailOptOut, ""},
    {"desabonneemail", Target::EmailOptOut, ""}, {"optoutemail", Target::EmailOptOut, ""},
    // Outlook in French (Fichier > Ouvrir et exporter > Importer/Exporter, CSV)
    {"adressedemessagerie", Target::Email, ""}, {"adressedemessagerie2", Target::Email, ""},
    {"adressedemessagerie3", Target::Email, ""}, {"telephonedomicile", Target::Phone, "home"},
    {"telephone2bureau", Target::Phone, "work"}, {"telephonesociete", Target::Phone, "work"},
    {"telephoneprincipal", Target::Phone, ""}, {"autretelephone", Target::Phone, ""},
    {"telecopiebureau", Target::Phone, "fax"}, {"ruebureau", Target::Address, ""}, {"ruebureau2", Target::Address2, ""},
    {"villebureau", Target::City, ""}, {"codepostalbureau", Target::Postcode, ""},
    {"paysregionbureau", Target::Country, ""},
    // Zoho CRM leads
    {"designation", Target::Role, ""},
};

struct Preset {
  const char* name;
  std::vector<const char*> signature;  // folded headers that all appear in this export
  std::vector<Alias> extra;            // what differs from the generic aliases
};

// Real header names of each export (docs/import.md lists them with their sources).
const std::vector<Preset>& presets() {
  static const std::vector<Preset> p = {
      // Google Contacts CSV: "Given Name"/"First Name", "E-mail 1 - Value", "Phone 1 - Value"...
      {"google", {"email1value"}, {}},
      {"google", {"phone1value"}, {}},
      // Outlook CSV: "Title" is the salutation (M., Mme), "Job Title" the role.
      {"outlook", {"emailaddress", "businessphone"}, {{"title", Target::Ignore, ""}, {"middlename", Target::Ignore, ""}}},
      {"outlook", {"emailaddress", "mobilephone", "jobtitle"}, {{"title", Target::Ignore, ""}}},
      // Outlook in French: "Titre" is the salutation (M., Mme) there; "Deuxième prénom" a middle name.
      {"outlook", {"adressedemessagerie", "telephonebureau"},
       {{"titre", Target::Ignore, ""}, {"deuxiemeprenom", Target::Ignore, ""}}},
      {"outlook", {"adressedemessagerie", "telmobile"}, {{"titre", Target::Ignore, ""}, {"deuxiemeprenom", Target::Ignore, ""}}},
      // Zoho CRM leads: "Lead Owner" is a Zoho user; "Title" the job title.
      {"zoho", {"leadowner"}, {{"leadowner", Target::Ignore, ""}}},
      // Zoho CRM contacts: "Contact Owner" is a Zoho user, not the contact.
      {"zoho", {"contactowner", "accountname"}, {{"contactowner", Target::Ignore, ""}}},
      {"zoho", {"mailingzip"}, {{"contactowner", Target::Ignore, ""}}},
      // HubSpot contacts: "Contact owner" likewise.
      {"hubspot", {"recordid", "phonenumber"}, {{"contactowner", Target::Ignore, ""}}},
      {"hubspot", {"lifecyclestage"}, {{"contactowner", Target::Ignore, ""}}},
  };
  return p;
}

}  // namespace

// Appends the UTF-8 bytes of `s` folded: ASCII letters lower-cased, Latin accents removed,
// anything else dropped, or turned into one space when `separators` is set.
void fold_into(std::string_view s, std::string& out, bool separators) {
  auto sep = [&] {
    if (separators && !out.empty() && out.back() != ' ') out += ' ';
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
      else sep();
      continue;
    }
    if ((c == 0xC3 || c == 0xC5) && i + 1 < s.size()) {
      auto d = static_cast<unsigned char>(s[++i]);
      unsigned cp = ((c & 0x1Fu) << 6) | (d & 0x3Fu);
      static const char* const kLatin1 =  // U+00C0..U+00FF without accents
          "aaaaaaaceeeeiiiidnooooo*ouuuuyts" "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
      if (cp >= 0xC0 && cp <= 0xFF) {
        char f = kLatin1[cp - 0xC0];
        if (f != '*' && f != '/') out += f;
        if (cp == 0xC6 || cp == 0xE6) out += 'e';  // æ
        if (cp == 0xDF) out += 's';                // ß
      } else if (cp == 0x152 || cp == 0x153) {
        out += "oe";  // œ
      }
      continue;
    }
    // Other non-ASCII characters (punctuation, other scripts): skip the whole sequence.
    while (i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) ++i;
    sep();
  }
}

std::string fold_header(std::string_view header) {
  std::string out;
  fold_into(header, out, false);
  return out;
}

std::string_view field_name(Target t) {
  switch (t) {
    case Target::Ignore: return "ignore";
    case Target::FirstName: return "first_name";
    case Target::LastName: return "last_name";
    case Target::FullName: return "full_name";
    case Target::Email: return "email";
    case Target::Phone: return "phone";
    case Target::Org: return "org";
    case Target::Role: return "role";
    case Target::Address: return "address";
    case Target::Address2: return "address2";
    case Target::Postcode: return "postcode";
    case Target::City: return "city";
    case Target::Country: return "country";
    case Target::Note: return "note";
    case Target::Source: return "source";
    case Target::Region: return "region";
    case Target::Kind: return "kind";
    case Target::Collected: return "collected";
    case Target::EmailOptOut: return "email_opt_out";
    case Target::Label: return "label";
  }
  return "ignore";
}

std::optional<ColumnSpec> parse_field(std::string_view field) {
  std::string f = trim(field);
  std::string label;
  if (auto colon = f.find(':'); colon != std::string::npos) {
    label = trim(f.substr(colon + 1));
    f = trim(f.substr(0, colon));
  }
  for (auto& c : f)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (f == "mobile") return ColumnSpec{Target::Phone, "mobile", {}};
  static const Target kAll[] = {Target::Ignore, Target::FirstName, Target::LastName, Target::FullName, Target::Email,
                                Target::Phone, Target::Org, Target::Role, Target::Address, Target::Address2,
                                Target::Postcode, Target::City, Target::Country, Target::Note, Target::Source,
                                Target::Kind, Target::Collected, Target::EmailOptOut, Target::Region};
  for (Target t : kAll)
    if (field_name(t) == f) {
      if (!label.empty() && t != Target::Email && t != Target::Phone) return std::nullopt;
      return ColumnSpec{t, label, {}};
    }
  return std::nullopt;
}

HeaderMapper::HeaderMapper(const ColumnMap& overrides) {
  for (const auto& [header, field] : overrides)
    if (auto spec = parse_field(field)) overrides_[fold_header(header)] = *spec;
}

void HeaderMapper::detect_preset(const std::vector<std::string>& headers) {
  std::vector<std::string> folded;
  for (const auto& h : headers) folded.push_back(fold_header(h));
  for (const auto& p : presets()) {
    bool all = true;
    for (const char* sig : p.signature) {
      bool found = false;
      for (const auto& f : folded) found |= f == sig;
      all &= found;
    }
    if (!all) continue;
    preset_ = p.name;
    for (const auto& a : p.extra)
      if (!overrides_.count(a.folded)) overrides_[a.folded] = ColumnSpec{a.target, a.label, {}};
    return;
  }
}

const ColumnSpec& HeaderMapper::map(const std::string& header) {
  auto it = cache_.find(header);
  if (it != cache_.end()) return it->second;
  std::string f = fold_header(header);
  ColumnSpec spec;
  if (auto o = overrides_.find(f); o != overrides_.end()) {
    spec = o->second;
  } else {
    bool found = false;
    for (const auto& a : kAliases)
      if (f == a.folded) {
        spec = {a.target, a.label, {}};
        found = true;
        break;
      }
    // Google: "E-mail 2 - Value" / "E-mail 2 - Label" (or "- Type"), "Phone 1 - Value"...
    if (!found) {
      for (auto [prefix, target] : {std::pair{"email", Target::Email}, std::pair{"phone", Target::Phone}}) {
        std::string_view p(prefix);
        if (f.rfind(p, 0) != 0) continue;
        std::size_t k = p.size();
        while (k < f.size() && f[k] >= '0' && f[k] <= '9') ++k;
        if (k == p.size()) continue;
        std::string rest = f.substr(k), group = f.substr(0, k);
        if (rest == "value") spec = {target, {}, group};
        else if (rest == "type" || rest == "label") spec = {Target::Label, {}, group};
      }
    }
  }
  return cache_.emplace(header, spec).first->second;
}

}  // namespace coffre::services::import

namespace coffre {

Result<ColumnMap> parse_column_map(const std::string& text) {
  ColumnMap map;
  auto check = [](const std::string& header, const std::string& field, const std::string& where) -> Status {
    if (header.empty()) return make_error(ErrorKind::InvalidInput, trf("mapping file, {}: empty header", {where}));
    if (!services::import::parse_field(field))
      return make_error(ErrorKind::InvalidInput,
                        trf("mapping file, {0}: unknown field \"{1}\" (first_name, last_name, full_name, email, phone, "
                            "mobile, org, role, address, address2, postcode, city, country, region, note, source, kind, "
                            "collected, email_opt_out, ignore; email:LABEL, phone:LABEL)",
                            {where, field}));
    return {};
  };
  std::string t = trim(text);
  if (!t.empty() && t[0] == '{') {
    auto j = nlohmann::json::parse(t, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return make_error(ErrorKind::InvalidInput, tr("mapping file: not a JSON object of \"Header\": \"field\""));
    for (const auto& [k, v] : j.items()) {
      if (!v.is_string()) return make_error(ErrorKind::InvalidInput, trf("mapping file: \"{}\" must map to a string", {k}));
      COFFRE_TRY(check(k, v.get<std::string>(), trf("key \"{}\"", {k})));
      map.emplace_back(k, v.get<std::string>());
    }
    return map;
  }
  std::size_t start = 0, line_no = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string line = trim(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != '#') {
      auto eq = line.rfind('=');
      if (eq == std::string::npos)
        return make_error(ErrorKind::InvalidInput, trf("mapping file, line {}: expected Header=field", {std::to_string(line_no)}));
      std::string header = trim(line.substr(0, eq)), field = trim(line.substr(eq + 1));
      COFFRE_TRY(check(header, field, trf("line {}", {std::to_string(line_no)})));
      map.emplace_back(header, field);
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return map;
}

Result<ColumnMap> load_column_map(const std::filesystem::path& file) {
  COFFRE_ASSIGN_OR_RETURN(auto text, util::read_small_file(Env::posix(), file, 1 << 20));
  return parse_column_map(text);
}

}  // namespace coffre
