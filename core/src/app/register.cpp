// The register of processing (coffre/app/register.h), on migration 14's table.
#include "coffre/app/register.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "coffre/audit.h"
#include "coffre/i18n.h"
#include "coffre/retention.h"
#include "storage/database.h"
#include "util/files.h"
#include "vault/context.h"

namespace coffre::app {
namespace {

struct FieldDef {
  const char* name;
  const char* label_fr;
  const char* label_en;
  bool required;
};

// The controller's identity and contact (art. 30(1)(a), art. 13(1)(a)): no default, the user says
// who they are.
constexpr FieldDef kControllerFields[] = {
    {"name", "Nom ou raison sociale", "Name or company name", true},
    {"address", "Adresse", "Address", true},
    {"email", "E-mail de contact", "Contact e-mail", true},
    {"phone", "Téléphone", "Phone", false},
    {"siren", "SIREN", "SIREN", false},
    {"representative", "Représentant légal", "Legal representative", false},
    {"dpo", "Délégué à la protection des données", "Data protection officer", false},
};

// Per processing (art. 30(1)(b)-(g)). `applies_to` says which contact categories a processing
// concerns, so that a person's access pack lists the processing of their data only.
constexpr FieldDef kProcessingFields[] = {
    {"name", "Traitement", "Processing", true},
    {"purposes", "Finalités", "Purposes", true},
    {"legal_basis", "Base légale", "Legal basis", true},
    {"applies_to", "Catégories de contacts concernées", "Contact categories concerned", false},
    {"people", "Catégories de personnes concernées", "Categories of people", true},
    {"data", "Catégories de données", "Categories of data", true},
    {"recipients", "Destinataires", "Recipients", true},
    {"transfers", "Transferts hors de l'Union européenne", "Transfers outside the European Union", true},
    {"retention", "Durées de conservation", "Retention periods", true},
    {"security", "Mesures de sécurité", "Security measures", true},
};

struct Default {
  const char* fr;
  const char* en;
};

const char* kSecurityFr =
    "Données chiffrées au repos dans un coffre protégé par une phrase de passe (SQLCipher, XChaCha20-Poly1305), "
    "documents chiffrés par personne, journal d'audit signé et chaîné, effacement vérifiable avec certificat, "
    "accès limité au responsable du traitement";
const char* kSecurityEn =
    "Data encrypted at rest in a vault unlocked by a passphrase (SQLCipher, XChaCha20-Poly1305), documents "
    "encrypted per person, signed and chained audit log, verifiable erasure with a certificate, access limited "
    "to the controller";

// The CNIL's model register for a small business, adapted to what Coffre holds.
const std::map<std::string, std::map<std::string, Default>>& processing_defaults() {
  static const std::map<std::string, std::map<std::string, Default>> kDefaults = {
      {"prospecting",
       {{"name", {"Prospection commerciale", "Commercial prospecting"}},
        {"purposes",
         {"Constituer et tenir un fichier de prospects ; les contacter (appels, e-mails, courriers, rendez-vous) ; "
          "suivre les échanges et leurs suites ; respecter leurs choix (consentements, oppositions)",
          "Keeping a file of prospects; contacting them (calls, e-mails, letters, meetings); following up the "
          "exchanges; honouring their choices (consents, objections)"}},
        {"legal_basis",
         {"Intérêt légitime (art. 6(1)(f) du RGPD) ; consentement (art. 6(1)(a)) pour la prospection par e-mail "
          "des particuliers (art. L34-5 du Code des postes et des communications électroniques)",
          "Legitimate interest (GDPR art. 6(1)(f)); consent (art. 6(1)(a)) for e-mail prospecting of consumers "
          "(French Postal and Electronic Communications Code, art. L34-5)"}},
        {"applies_to", {"suspect,prospect", "suspect,prospect"}},
        {"people", {"Prospects, professionnels et particuliers", "Prospects, professionals and consumers"}},
        {"data",
         {"Identité, coordonnées (e-mail, téléphone, adresse), fonction et entreprise, historique des échanges, "
          "notes, consentements et oppositions, origine des données",
          "Identity, contact details (e-mail, phone, address), job title and company, history of exchanges, notes, "
          "consents and objections, where the data came from"}},
        {"recipients",
         {"Le responsable du traitement ; le prestataire d'envoi d'e-mails, le cas échéant",
          "The controller; the e-mailing service provider, where one is used"}},
        {"transfers", {"Aucun transfert hors de l'Union européenne", "No transfer outside the European Union"}},
        {"security", {kSecurityFr, kSecurityEn}}}},
      {"clients",
       {{"name", {"Gestion des clients", "Client management"}},
        {"purposes",
         {"Exécuter les contrats et les commandes ; établir les devis et les factures ; suivre la relation client",
          "Performing contracts and orders; issuing quotes and invoices; managing the client relationship"}},
        {"legal_basis",
         {"Exécution d'un contrat (art. 6(1)(b) du RGPD) ; obligation légale pour les pièces comptables "
          "(art. 6(1)(c), art. L123-22 du Code de commerce)",
          "Performance of a contract (GDPR art. 6(1)(b)); legal obligation for accounting records (art. 6(1)(c), "
          "French Commercial Code art. L123-22)"}},
        {"applies_to", {"client", "client"}},
        {"people", {"Clients et leurs interlocuteurs", "Clients and their contact persons"}},
        {"data",
         {"Identité, coordonnées, fonction et entreprise, historique des échanges, notes, contrats, devis et "
          "factures",
          "Identity, contact details, job title and company, history of exchanges, notes, contracts, quotes and "
          "invoices"}},
        {"recipients",
         {"Le responsable du traitement ; l'expert-comptable pour les factures et pièces comptables",
          "The controller; the accountant for invoices and accounting records"}},
        {"transfers", {"Aucun transfert hors de l'Union européenne", "No transfer outside the European Union"}},
        {"security", {kSecurityFr, kSecurityEn}}}},
      {"partners",
       {{"name", {"Gestion des partenaires et fournisseurs", "Partner and supplier management"}},
        {"purposes",
         {"Tenir les coordonnées des partenaires et fournisseurs et suivre les échanges avec eux",
          "Keeping the contact details of partners and suppliers and following up exchanges with them"}},
        {"legal_basis",
         {"Intérêt légitime (art. 6(1)(f) du RGPD) ; exécution d'un contrat (art. 6(1)(b))",
          "Legitimate interest (GDPR art. 6(1)(f)); performance of a contract (art. 6(1)(b))"}},
        {"applies_to", {"partner,supplier", "partner,supplier"}},
        {"people", {"Interlocuteurs chez les partenaires et fournisseurs", "Contact persons at partners and suppliers"}},
        {"data",
         {"Identité, coordonnées professionnelles, fonction et entreprise, historique des échanges, notes",
          "Identity, work contact details, job title and company, history of exchanges, notes"}},
        {"recipients", {"Le responsable du traitement", "The controller"}},
        {"transfers", {"Aucun transfert hors de l'Union européenne", "No transfer outside the European Union"}},
        {"security", {kSecurityFr, kSecurityEn}}}},
  };
  return kDefaults;
}

const char* category_word(Category c, bool fr) {
  switch (c) {
    case Category::Suspect: return fr ? "suspects" : "suspects";
    case Category::Prospect: return fr ? "prospects" : "prospects";
    case Category::Client: return fr ? "clients" : "clients";
    case Category::Partner: return fr ? "partenaires" : "partners";
    case Category::Supplier: return fr ? "fournisseurs" : "suppliers";
  }
  return "";
}

std::string clock_words(RetentionClock c, bool fr) {
  switch (c) {
    case RetentionClock::Collected: return fr ? "à compter de la collecte" : "from collection";
    case RetentionClock::LastInbound:
      return fr ? "à compter du dernier contact venant de la personne" : "from the last contact coming from the person";
    case RetentionClock::LastInteraction: return fr ? "à compter du dernier échange" : "from the last exchange";
  }
  return "";
}

std::string months_words(int months, bool fr) {
  if (months % 12 == 0) {
    const int y = months / 12;
    return std::to_string(y) + (fr ? (y > 1 ? " ans" : " an") : (y > 1 ? " years" : " year"));
  }
  return std::to_string(months) + (fr ? " mois" : (months > 1 ? " months" : " month"));
}

// The retention periods of the categories a processing applies to, from the policies in force.
std::string derived_retention(const std::vector<RetentionPolicy>& policies, const std::string& applies_to, bool fr) {
  std::vector<std::string> parts;
  std::stringstream ss(applies_to);
  std::string word;
  bool clients = false;
  while (std::getline(ss, word, ',')) {
    auto cat = parse_category(word);
    if (!cat) continue;
    clients = clients || *cat == Category::Client;
    for (const auto& p : policies) {
      if (p.category != *cat) continue;
      std::string who = category_word(*cat, fr);
      if (p.kind) who += fr ? (*p.kind == ContactKind::B2B ? " professionnels" : " particuliers")
                            : (*p.kind == ContactKind::B2B ? " (professionals)" : " (consumers)");
      std::string what = p.after_months ? months_words(*p.after_months, fr) + " " + clock_words(p.clock, fr)
                                        : (fr ? "pendant la relation, sans effacement automatique"
                                              : "for as long as the relationship lasts, no automatic erasure");
      parts.push_back(who + (fr ? " : " : ": ") + what);
    }
  }
  if (clients)
    parts.push_back(fr ? "factures et pièces comptables : 10 ans (art. L123-22 du Code de commerce)"
                       : "invoices and accounting records: 10 years (French Commercial Code art. L123-22)");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ; ") + p;
  return out;
}

bool valid_processing_id(std::string_view id) {
  if (id.empty() || id.size() > 32 || !(id[0] >= 'a' && id[0] <= 'z')) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

template <std::size_t N>
const FieldDef* find_def(const FieldDef (&defs)[N], std::string_view name) {
  for (const auto& d : defs)
    if (name == d.name) return &d;
  return nullptr;
}

// Splits "controller.name" / "processing.ID.FIELD"; InvalidInput naming the key otherwise.
Status check_key(const std::string& key) {
  auto bad = [&](const char* why) {
    return make_error(ErrorKind::InvalidInput, trf("register key '{0}': {1} (keys: controller.FIELD or processing.ID.FIELD; "
                                                   "`coffre register show --json` lists them)",
                                                   {key, why}));
  };
  if (key.rfind("controller.", 0) == 0) {
    if (!find_def(kControllerFields, key.substr(11))) return bad(tr("no such controller field"));
    return {};
  }
  if (key.rfind("processing.", 0) == 0) {
    auto rest = key.substr(11);
    auto dot = rest.find('.');
    if (dot == std::string::npos) return bad(tr("missing the field after the processing id"));
    if (!valid_processing_id(rest.substr(0, dot)))
      return bad(tr("a processing id is a lower-case word of letters, digits and hyphens"));
    if (!find_def(kProcessingFields, rest.substr(dot + 1))) return bad(tr("no such processing field"));
    return {};
  }
  return bad(tr("unknown section"));
}

Status check_value(const std::string& key, const std::string& value) {
  if (value.size() > 4000) return make_error(ErrorKind::InvalidInput, trf("register key '{}': value over 4000 bytes", {key}));
  for (unsigned char c : value)
    if ((c < 0x20 && c != '\n') || c == 0x7f)
      return make_error(ErrorKind::InvalidInput, trf("register key '{}': control character in the value", {key}));
  if (key.size() > 11 && key.compare(key.size() - 11, 11, ".applies_to") == 0 && !value.empty()) {
    std::stringstream ss(value);
    std::string word;
    while (std::getline(ss, word, ','))
      if (!parse_category(word))
        return make_error(ErrorKind::InvalidInput,
                          trf("register key '{0}': unknown category '{1}' (suspect, prospect, client, partner, supplier)",
                              {key, word}));
  }
  return {};
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "<br>"; break;
      default: out += c;
    }
  }
  return out;
}

std::string csv_cell(std::string_view s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string md_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

}  // namespace

std::string_view to_string(RegisterOrigin o) {
  switch (o) {
    case RegisterOrigin::Set: return "set";
    case RegisterOrigin::Default: return "default";
    case RegisterOrigin::Derived: return "derived";
    case RegisterOrigin::Missing: return "missing";
  }
  return "missing";
}

const RegisterField* ProcessingRegister::field(const std::string& id, const std::string& key_suffix) const {
  for (const auto& s : sections) {
    if (s.id != id) continue;
    for (const auto& f : s.fields)
      if (f.key.size() >= key_suffix.size() &&
          f.key.compare(f.key.size() - key_suffix.size(), key_suffix.size(), key_suffix) == 0 &&
          f.key[f.key.size() - key_suffix.size() - 1] == '.')
        return &f;
  }
  return nullptr;
}

std::vector<std::string> register_keys() {
  std::vector<std::string> out;
  for (const auto& d : kControllerFields) out.push_back(std::string("controller.") + d.name);
  for (const auto& d : kProcessingFields) out.push_back(std::string("processing.ID.") + d.name);
  return out;
}

Result<ProcessingRegister> read_register(Session& session, const std::string& language) {
  if (language != "fr" && language != "en")
    return make_error(ErrorKind::InvalidInput, trf("unknown language '{}' (en, fr)", {language}));
  const bool fr = language == "fr";
  auto& db = session.vault().context().db;
  std::map<std::string, std::string> stored;
  {
    COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT key, value FROM processing_register ORDER BY key"));
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      stored[st.column_text(0)] = st.column_text(1);
    }
  }
  COFFRE_ASSIGN_OR_RETURN(auto policies, retention_policies(session.vault()));

  ProcessingRegister reg;
  reg.language = language;
  RegisterSection controller{"controller", fr ? "Responsable du traitement" : "Controller", {}};
  for (const auto& d : kControllerFields) {
    RegisterField f{std::string("controller.") + d.name, fr ? d.label_fr : d.label_en, {}, RegisterOrigin::Missing,
                    d.required};
    if (auto it = stored.find(f.key); it != stored.end()) {
      f.value = it->second;
      f.origin = RegisterOrigin::Set;
    }
    if (f.origin == RegisterOrigin::Missing && f.required) reg.missing.push_back(f.key);
    controller.fields.push_back(std::move(f));
  }
  reg.sections.push_back(std::move(controller));

  // The processings: the built-in ones in their order, then any the user added, by id.
  std::vector<std::string> ids = {"prospecting", "clients", "partners"};
  for (const auto& [key, value] : stored) {
    if (key.rfind("processing.", 0) != 0) continue;
    auto id = key.substr(11, key.find('.', 11) - 11);
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  const auto& defaults = processing_defaults();
  for (const auto& id : ids) {
    RegisterSection s{id, {}, {}};
    const auto dit = defaults.find(id);
    std::string applies_to;
    for (const auto& d : kProcessingFields) {
      RegisterField f{"processing." + id + "." + d.name, fr ? d.label_fr : d.label_en, {}, RegisterOrigin::Missing,
                      d.required};
      if (auto it = stored.find(f.key); it != stored.end()) {
        f.value = it->second;
        f.origin = RegisterOrigin::Set;
      } else if (dit != defaults.end()) {
        if (auto def = dit->second.find(d.name); def != dit->second.end()) {
          f.value = fr ? def->second.fr : def->second.en;
          f.origin = RegisterOrigin::Default;
        }
      }
      if (std::string_view(d.name) == "applies_to") applies_to = f.value;
      if (std::string_view(d.name) == "retention" && f.origin == RegisterOrigin::Missing) {
        f.value = derived_retention(policies, applies_to, fr);
        if (!f.value.empty()) f.origin = RegisterOrigin::Derived;
      }
      if (std::string_view(d.name) == "name") s.title = f.value.empty() ? id : f.value;
      if (f.origin == RegisterOrigin::Missing && f.required) reg.missing.push_back(f.key);
      s.fields.push_back(std::move(f));
    }
    reg.sections.push_back(std::move(s));
  }
  return reg;
}

Status set_register_fields(Session& session, const std::vector<std::pair<std::string, std::string>>& values) {
  if (values.empty()) return make_error(ErrorKind::InvalidInput, tr("nothing to set (--set KEY=VALUE)"));
  for (const auto& [key, value] : values) {
    COFFRE_TRY(check_key(key));
    COFFRE_TRY(check_value(key, value));
  }
  auto& vault = session.vault();
  auto& db = vault.context().db;
  storage::Transaction tx(db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto put, db.prepare("INSERT OR REPLACE INTO processing_register(key, value, updated_at) "
                                               "VALUES(?, ?, ?)"));
  COFFRE_ASSIGN_OR_RETURN(auto del, db.prepare("DELETE FROM processing_register WHERE key = ?"));
  std::string keys;
  std::set<std::string> seen;
  for (const auto& [key, value] : values) {
    if (value.empty()) {
      COFFRE_TRY(del.bind(1, key).run());
      del.reset();
    } else {
      COFFRE_TRY(put.bind(1, key).bind(2, value).bind(3, vault.clock().now()).run());
      put.reset();
    }
    if (seen.insert(key).second) keys += (keys.empty() ? "" : ",") + key;
  }
  // The keys, not the values: the audit log stays free of text.
  COFFRE_TRY(audit_append(vault, "register.set", std::nullopt, "keys=" + keys));
  return tx.commit();
}

Result<std::string> render_register(const ProcessingRegister& reg, const std::string& format) {
  const bool fr = reg.language == "fr";
  const char* title = fr ? "Registre des activités de traitement" : "Record of processing activities";
  std::string out;
  if (format == "json") {
    nlohmann::ordered_json j;
    j["format"] = "coffre-register";
    j["format_version"] = 1;
    j["language"] = reg.language;
    j["missing"] = reg.missing;
    auto sections = nlohmann::ordered_json::array();
    for (const auto& s : reg.sections) {
      auto fields = nlohmann::ordered_json::array();
      for (const auto& f : s.fields)
        fields.push_back({{"key", f.key},
                          {"label", f.label},
                          {"value", f.value},
                          {"origin", std::string(to_string(f.origin))},
                          {"required", f.required}});
      sections.push_back({{"id", s.id}, {"title", s.title}, {"fields", fields}});
    }
    j["sections"] = sections;
    return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  if (format == "csv") {
    out = "section,key,label,value,origin\r\n";
    for (const auto& s : reg.sections)
      for (const auto& f : s.fields)
        out += csv_cell(s.id) + "," + csv_cell(f.key) + "," + csv_cell(f.label) + "," + csv_cell(f.value) + "," +
               csv_cell(to_string(f.origin)) + "\r\n";
    return out;
  }
  const char* to_fill = fr ? "(à compléter)" : "(to fill in)";
  if (format == "md") {
    out = std::string("# ") + title + "\n\n";
    out += fr ? "Article 30 du RGPD.\n" : "GDPR article 30.\n";
    for (const auto& s : reg.sections) {
      out += "\n## " + md_cell(s.title) + "\n\n| " + (fr ? "Rubrique" : "Field") + " | " + (fr ? "Contenu" : "Value") +
             " |\n|---|---|\n";
      for (const auto& f : s.fields)
        out += "| " + md_cell(f.label) + " | " + (f.value.empty() ? to_fill : md_cell(f.value)) + " |\n";
    }
    return out;
  }
  if (format == "html") {
    out = "<!DOCTYPE html>\n<html lang=\"" + reg.language + "\">\n<head><meta charset=\"utf-8\"><title>" + title +
          "</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;"
          "width:100%}th,td{border:1px solid #999;padding:.3em;text-align:left;vertical-align:top}th{width:30%}"
          "</style></head>\n<body>\n<h1>" + title + "</h1>\n";
    for (const auto& s : reg.sections) {
      out += "<h2>" + html_escape(s.title) + "</h2>\n<table>\n";
      for (const auto& f : s.fields)
        out += "<tr><th>" + html_escape(f.label) + "</th><td>" + (f.value.empty() ? to_fill : html_escape(f.value)) +
               "</td></tr>\n";
      out += "</table>\n";
    }
    out += "</body>\n</html>\n";
    return out;
  }
  return make_error(ErrorKind::InvalidInput, trf("unknown register format '{}' (html, md, csv, json)", {format}));
}

Result<std::vector<std::string>> edit_register(
    Session& session, const std::string& language,
    const std::function<Status(const std::filesystem::path&)>& run_editor) {
  COFFRE_ASSIGN_OR_RETURN(auto reg, read_register(session, language));
  nlohmann::ordered_json before = nlohmann::ordered_json::object();
  for (const auto& s : reg.sections)
    for (const auto& f : s.fields) before[f.key] = f.value;
  const auto path = session.vault().dir() / "register-edit.json";
  Env& env = session.vault().env();
  {
    COFFRE_ASSIGN_OR_RETURN(auto out, util::PrivateOutput::create(env, path, /*overwrite=*/true));
    COFFRE_TRY(out.write(before.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n"));
    COFFRE_TRY(out.commit());
  }
  // Whatever happens next, the file goes: zeroed to its size, then removed.
  struct Remove {
    Env& env;
    std::filesystem::path path;
    ~Remove() {
      OpenOptions o;
      o.access = OpenOptions::Access::ReadWrite;
      if (auto f = env.open(path, o); f.ok()) {
        if (auto info = (*f)->info(); info.ok()) {
          std::vector<std::uint8_t> zeros(static_cast<std::size_t>(info->size), 0);
          (void)(*f)->write_at(0, zeros);
          (void)(*f)->sync();
        }
        (void)(*f)->close();
      }
      (void)env.remove(path);
    }
  } remove{env, path};
  COFFRE_TRY(run_editor(path));
  std::string text;
  {
    COFFRE_ASSIGN_OR_RETURN(auto f, env.open(path, OpenOptions{}));
    std::vector<std::uint8_t> buf(64 * 1024);
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(auto n, f->read(buf));
      if (n == 0) break;
      text.append(reinterpret_cast<const char*>(buf.data()), n);
      if (text.size() > (1u << 20)) return make_error(ErrorKind::InvalidInput, path.string() + ": over 1 MiB");
    }
  }
  nlohmann::ordered_json after;
  try {
    after = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return make_error(ErrorKind::InvalidInput, path.string() + ": not JSON any more (" + e.what() +
                                                   "); nothing was changed");
  }
  if (!after.is_object())
    return make_error(ErrorKind::InvalidInput, path.string() + ": not a JSON object; nothing was changed");
  std::vector<std::pair<std::string, std::string>> changes;
  for (auto it = after.begin(); it != after.end(); ++it) {
    if (!it.value().is_string())
      return make_error(ErrorKind::InvalidInput, path.string() + ": the value of \"" + it.key() +
                                                     "\" is not a string; nothing was changed");
    auto old = before.find(it.key());
    if (old != before.end() && *old == it.value()) continue;
    changes.emplace_back(it.key(), it.value().get<std::string>());
  }
  std::vector<std::string> keys;
  for (const auto& c : changes) keys.push_back(c.first);
  if (!changes.empty()) COFFRE_TRY(set_register_fields(session, changes));
  return keys;
}

Status export_register(Session& session, const std::string& language, const std::string& format,
                       const std::filesystem::path& output, bool overwrite) {
  COFFRE_ASSIGN_OR_RETURN(auto reg, read_register(session, language));
  COFFRE_ASSIGN_OR_RETURN(auto text, render_register(reg, format));
  COFFRE_ASSIGN_OR_RETURN(auto out, util::PrivateOutput::create(session.vault().env(), output, overwrite));
  COFFRE_TRY(out.write(text));
  COFFRE_TRY(out.commit());
  return audit_append(session.vault(), "register.export", std::nullopt, "format=" + format);
}

Status check_register_for_pack(const ProcessingRegister& reg) {
  if (reg.missing.empty()) return {};
  std::string keys;
  for (const auto& k : reg.missing) keys += (keys.empty() ? "" : ", ") + k;
  return make_error(ErrorKind::InvalidInput,
                    "the register of processing lacks what the access pack must tell the person (GDPR art. 13(1)(a), "
                    "15(1)): fill in " + keys + " (coffre register edit --set " + reg.missing.front() + "=...)");
}

}  // namespace coffre::app
