#include "services/import/same_person.h"

#include <algorithm>
#include <iterator>

#include "model/text.h"

namespace coffre::services::import {
namespace {

// Mailboxes that a company shares; kept short and common: a word missing here only means a
// shared mailbox merges as today, and a word here that is someone's personal address only keeps
// two rows apart as "possible duplicates" (no data is lost either way).
constexpr std::string_view kRoleWords[] = {
    "accueil",   "admin",     "administratif", "administration", "bonjour",  "bureau",   "commercial",
    "commerciale", "comptabilite", "compta",  "contact",        "contacts", "devis",    "direction",
    "equipe",    "facturation", "hello",     "info",           "infos",    "information", "informations",
    "mail",      "marketing", "no-reply",     "noreply",        "office",   "postmaster", "recrutement",
    "reception", "rh",        "sales",        "secretariat",    "service",  "serviceclient", "service-client",
    "shop",      "standard",  "support",      "team",           "vente",    "ventes",   "webmaster",
    "boutique",  "magasin"};

}  // namespace

bool is_role_address(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos) return false;
  std::string_view local = email.substr(0, at);
  if (const auto plus = local.find('+'); plus != std::string_view::npos) local = local.substr(0, plus);
  const std::string key = model::name_key(local);  // "Comptabilité" and "comptabilite" alike
  std::string compact;
  for (char c : key) compact += c == ' ' ? '-' : c;
  return std::find(std::begin(kRoleWords), std::end(kRoleWords), compact) != std::end(kRoleWords) ||
         std::find(std::begin(kRoleWords), std::end(kRoleWords), key) != std::end(kRoleWords);
}

bool names_agree(const std::string& first_a, const std::string& last_a, const std::string& first_b,
                 const std::string& last_b) {
  const std::string fa = model::name_key(first_a), la = model::name_key(last_a);
  const std::string fb = model::name_key(first_b), lb = model::name_key(last_b);
  if ((fa.empty() && la.empty()) || (fb.empty() && lb.empty())) return true;  // one side has no name
  if (!la.empty() && la == lb && (fa == fb || fa.empty() || fb.empty())) return true;
  if (!fa.empty() && fa == fb && (la.empty() || lb.empty())) return true;
  auto full = [](const std::string& f, const std::string& l) { return f.empty() ? l : l.empty() ? f : f + " " + l; };
  const std::string a = full(fa, la), b = full(fb, lb);
  return a == b || a == full(lb, fb);
}

}  // namespace coffre::services::import
