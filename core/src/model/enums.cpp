// Stable spellings of the model's enumerations, and the lenient parsers the CLI and the importers
// use. The spellings are part of the database format and of the JSON output: never change one.
#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "coffre/model.h"

namespace coffre {
namespace {

// What a salesperson types, reduced to one comparable form: lower case, accents of French letters
// dropped, '_' and runs of spaces or dashes as one '-', apostrophes gone ("Pas de réponse",
// "pas_de_reponse" and "PAS-DE-RÉPONSE" all become "pas-de-reponse").
std::string fold(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, char>, 32> kAccents = {{
      {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"á", 'a'}, {"À", 'a'}, {"Â", 'a'}, {"Ä", 'a'}, {"Á", 'a'},
      {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"È", 'e'}, {"Ê", 'e'}, {"Ë", 'e'},
      {"î", 'i'}, {"ï", 'i'}, {"Î", 'i'}, {"Ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"Ô", 'o'}, {"Ö", 'o'},
      {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'}, {"Ù", 'u'}, {"Û", 'u'}, {"Ü", 'u'}, {"ç", 'c'}, {"Ç", 'c'},
  }};
  std::string out;
  out.reserve(s.size());
  auto push_dash = [&] {
    if (!out.empty() && out.back() != '-') out.push_back('-');
  };
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '_' || c == '-' || c == ' ' || c == '\t') push_dash();
      else if (c == '\'') push_dash();
      else out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      ++i;
      continue;
    }
    bool matched = false;
    for (const auto& [accented, plain] : kAccents) {
      if (s.substr(i, accented.size()) == accented) {
        out.push_back(plain);
        i += accented.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (s.substr(i, 3) == "\xE2\x80\x99") {  // the typographic apostrophe ’
      push_dash();
      i += 3;
      continue;
    }
    out.push_back(static_cast<char>(c));
    ++i;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

template <typename E>
struct Spelling {
  E value;
  std::string_view text;
};

// The first entry for each value is its stable spelling; the others are accepted aliases, all
// written in folded form.
constexpr Spelling<ContactKind> kKinds[] = {
    {ContactKind::B2B, "b2b"}, {ContactKind::B2C, "b2c"}, {ContactKind::B2B, "entreprise"},
    {ContactKind::B2B, "pro"}, {ContactKind::B2B, "professionnel"}, {ContactKind::B2B, "business"},
    {ContactKind::B2C, "particulier"}, {ContactKind::B2C, "consumer"}, {ContactKind::B2C, "perso"},
};
constexpr Spelling<Category> kCategories[] = {
    {Category::Suspect, "suspect"},       {Category::Prospect, "prospect"},     {Category::Client, "client"},
    {Category::Partner, "partner"},       {Category::Supplier, "supplier"},     {Category::Client, "customer"},
    {Category::Partner, "partenaire"},    {Category::Supplier, "fournisseur"},  {Category::Client, "cliente"},
    {Category::Prospect, "prospecte"},
};
constexpr Spelling<Temperature> kTemperatures[] = {
    {Temperature::Won, "won"},         {Temperature::Hot, "hot"},         {Temperature::Warm, "warm"},
    {Temperature::Cold, "cold"},       {Temperature::Stopped, "stopped"}, {Temperature::Lost, "lost"},
    {Temperature::Won, "gagne"},       {Temperature::Hot, "chaud"},       {Temperature::Warm, "tiede"},
    {Temperature::Cold, "froid"},      {Temperature::Stopped, "arrete"},  {Temperature::Stopped, "stop"},
    {Temperature::Stopped, "stoppe"},  {Temperature::Lost, "perdu"},      {Temperature::Hot, "chaude"},
    {Temperature::Cold, "froide"},
};
constexpr Spelling<InteractionKind> kInteractionKinds[] = {
    {InteractionKind::Call, "call"},         {InteractionKind::Email, "email"},
    {InteractionKind::Meeting, "meeting"},   {InteractionKind::Letter, "letter"},
    {InteractionKind::Call, "appel"},        {InteractionKind::Call, "phone"},
    {InteractionKind::Call, "telephone"},    {InteractionKind::Call, "tel"},
    {InteractionKind::Email, "e-mail"},      {InteractionKind::Email, "mail"},
    {InteractionKind::Email, "courriel"},    {InteractionKind::Meeting, "rdv"},
    {InteractionKind::Meeting, "rendez-vous"}, {InteractionKind::Meeting, "reunion"},
    {InteractionKind::Meeting, "visite"},    {InteractionKind::Letter, "lettre"},
    {InteractionKind::Letter, "courrier"},
};
constexpr Spelling<DocumentKind> kDocumentKinds[] = {
    {DocumentKind::Other, "other"},         {DocumentKind::Contract, "contract"},
    {DocumentKind::Quote, "quote"},         {DocumentKind::Evidence, "evidence"},
    {DocumentKind::Invoice, "invoice"},     {DocumentKind::Accounting, "accounting"},
    {DocumentKind::Other, "autre"},         {DocumentKind::Contract, "contrat"},
    {DocumentKind::Quote, "devis"},         {DocumentKind::Evidence, "preuve"},
    {DocumentKind::Invoice, "facture"},     {DocumentKind::Accounting, "comptable"},
    {DocumentKind::Accounting, "comptabilite"},
};
constexpr Spelling<Direction> kDirections[] = {
    {Direction::Inbound, "inbound"},   {Direction::Outbound, "outbound"}, {Direction::Inbound, "in"},
    {Direction::Outbound, "out"},      {Direction::Inbound, "incoming"},  {Direction::Outbound, "outgoing"},
    {Direction::Inbound, "entrant"},   {Direction::Outbound, "sortant"},  {Direction::Inbound, "recu"},
    {Direction::Outbound, "emis"},
};
constexpr Spelling<Outcome> kOutcomes[] = {
    {Outcome::CallBack, "call-back"},
    {Outcome::NoAnswer, "no-answer"},
    {Outcome::Busy, "busy"},
    {Outcome::Refused, "refused"},
    {Outcome::RefusedToTalk, "refused-to-talk"},
    {Outcome::Meeting, "meeting"},
    {Outcome::Lead, "lead"},
    {Outcome::Project, "project"},
    {Outcome::MailSent, "mail-sent"},
    {Outcome::OutOfTarget, "out-of-target"},
    {Outcome::WrongNumber, "wrong-number"},
    {Outcome::CallBack, "callback"},
    {Outcome::CallBack, "rappeler"},
    {Outcome::CallBack, "a-rappeler"},
    {Outcome::CallBack, "rappel"},
    {Outcome::NoAnswer, "pas-de-reponse"},
    {Outcome::NoAnswer, "absent"},
    {Outcome::NoAnswer, "repondeur"},
    {Outcome::NoAnswer, "messagerie"},
    {Outcome::NoAnswer, "nrp"},
    {Outcome::Busy, "occupe"},
    {Outcome::Refused, "refus"},
    {Outcome::Refused, "refuse"},
    {Outcome::Refused, "pas-interesse"},
    {Outcome::RefusedToTalk, "refus-de-parler"},
    {Outcome::RefusedToTalk, "refuse-de-parler"},
    {Outcome::RefusedToTalk, "raccroche"},
    {Outcome::Meeting, "rdv"},
    {Outcome::Meeting, "rendez-vous"},
    {Outcome::Meeting, "rdv-pris"},
    {Outcome::Lead, "piste"},
    {Outcome::Project, "projet"},
    {Outcome::MailSent, "mail-envoye"},
    {Outcome::MailSent, "email-envoye"},
    {Outcome::MailSent, "envoi-mail"},
    {Outcome::MailSent, "email-sent"},
    {Outcome::OutOfTarget, "hors-cible"},
    {Outcome::WrongNumber, "faux-numero"},
    {Outcome::WrongNumber, "mauvais-numero"},
    {Outcome::WrongNumber, "numero-errone"},
};

template <typename E, std::size_t N>
std::string_view spell(const Spelling<E> (&table)[N], E v) {
  for (const auto& s : table)
    if (s.value == v) return s.text;
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> parse(const Spelling<E> (&table)[N], std::string_view raw) {
  const std::string key = fold(raw);
  for (const auto& s : table)
    if (s.text == key) return s.value;
  return std::nullopt;
}

// The stable spellings only (the first occurrence of each value), in declaration order.
template <typename E, std::size_t N>
std::vector<std::string_view> stable(const Spelling<E> (&table)[N]) {
  std::vector<std::string_view> out;
  std::vector<E> seen;
  for (const auto& s : table) {
    if (std::find(seen.begin(), seen.end(), s.value) != seen.end()) continue;
    seen.push_back(s.value);
    out.push_back(s.text);
  }
  return out;
}

}  // namespace

std::string_view to_string(ContactKind v) { return spell(kKinds, v); }
std::string_view to_string(Category v) { return spell(kCategories, v); }
std::string_view to_string(Temperature v) { return spell(kTemperatures, v); }
std::string_view to_string(InteractionKind v) { return spell(kInteractionKinds, v); }
std::string_view to_string(Direction v) { return spell(kDirections, v); }
std::string_view to_string(Outcome v) { return spell(kOutcomes, v); }
std::string_view to_string(DocumentKind v) { return spell(kDocumentKinds, v); }

std::optional<ContactKind> parse_contact_kind(std::string_view s) { return parse(kKinds, s); }
std::optional<Category> parse_category(std::string_view s) { return parse(kCategories, s); }
std::optional<Temperature> parse_temperature(std::string_view s) { return parse(kTemperatures, s); }
std::optional<InteractionKind> parse_interaction_kind(std::string_view s) { return parse(kInteractionKinds, s); }
std::optional<Direction> parse_direction(std::string_view s) { return parse(kDirections, s); }
std::optional<Outcome> parse_outcome(std::string_view s) { return parse(kOutcomes, s); }
std::optional<DocumentKind> parse_document_kind(std::string_view s) { return parse(kDocumentKinds, s); }

std::vector<std::string_view> all_categories() { return stable(kCategories); }
std::vector<std::string_view> all_temperatures() { return stable(kTemperatures); }
std::vector<std::string_view> all_outcomes() { return stable(kOutcomes); }
std::vector<std::string_view> all_document_kinds() { return stable(kDocumentKinds); }
bool is_accounting_record(DocumentKind v) { return v == DocumentKind::Invoice || v == DocumentKind::Accounting; }

}  // namespace coffre
