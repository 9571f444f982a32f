// The views the access pack is written from (pack_internal.h): the stable one with the art. 15(1)
// sections read from the register, the one a person reads, and the portability one.
#include <algorithm>
#include <map>

#include "app/pack_internal.h"
#include "coffre/access.h"
#include "coffre/app/requests.h"
#include "coffre/clock.h"
#include "coffre/consent.h"
#include "coffre/contact_rule.h"
#include "coffre/documents.h"
#include "coffre/import.h"
#include "coffre/normalize.h"
#include "coffre/stores.h"

namespace coffre::app::pack_detail {
namespace {

using plugin::ExportField;
using plugin::ExportItem;
using plugin::ExportSection;
using plugin::SubjectView;

struct Text {
  const char* fr;
  const char* en;
  std::string in(bool french) const { return french ? fr : en; }
};

// The rights of GDPR arts. 15-22 and 77, each with how to use it: what art. 15(1)(e)-(f) and
// art. 13(2)(b)-(d) require the answer to say.
struct Right {
  const char* article;
  Text name;
  Text what;
};
const Right kRights[] = {
    {"15", {"Droit d'accès", "Right of access"},
     {"Obtenir la confirmation que vos données sont traitées et une copie de celles-ci : c'est l'objet de ce document.",
      "To know whether your data is processed and get a copy of it: this document."}},
    {"16", {"Droit de rectification", "Right to rectification"},
     {"Faire corriger ou compléter des données inexactes ou incomplètes.",
      "To have inaccurate or incomplete data corrected or completed."}},
    {"17", {"Droit à l'effacement", "Right to erasure"},
     {"Obtenir l'effacement de vos données, notamment lorsqu'elles ne sont plus nécessaires ou que vous vous "
      "opposez à leur traitement.",
      "To have your data erased, in particular when it is no longer needed or you object to its processing."}},
    {"18", {"Droit à la limitation", "Right to restriction"},
     {"Obtenir que vos données soient conservées sans être utilisées, le temps d'une vérification.",
      "To have your data kept but not used while something is checked."}},
    {"20", {"Droit à la portabilité", "Right to data portability"},
     {"Recevoir les données que vous nous avez fournies dans un format courant et lisible par machine (le fichier "
      "contact.vcf et le dossier csv de ce paquet).",
      "To receive the data you gave us in a common machine-readable format (the contact.vcf file and csv folder "
      "of this pack)."}},
    {"21", {"Droit d'opposition", "Right to object"},
     {"Vous opposer à tout moment, sans avoir à vous justifier, à la prospection commerciale.",
      "To object at any time, without giving a reason, to commercial prospecting."}},
    {"7(3)", {"Retrait du consentement", "Withdrawing consent"},
     {"Retirer à tout moment un consentement donné, aussi simplement que vous l'avez donné.",
      "To withdraw a consent at any time, as easily as you gave it."}},
    {"22", {"Décision automatisée", "Automated decisions"},
     {"Aucune décision fondée exclusivement sur un traitement automatisé, y compris le profilage, n'est prise à "
      "votre égard.",
      "No decision based solely on automated processing, profiling included, is made about you."}},
    {"77", {"Réclamation auprès de la CNIL", "Complaint to the CNIL"},
     {"Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL, 3 place "
      "de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr/plaintes.",
      "If you think your rights are not respected, you may complain to the CNIL (the French supervisory authority), "
      "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, France, www.cnil.fr/plaintes."}},
};

ExportField field(std::string name, std::string label, std::string value) {
  return ExportField{std::move(name), std::move(label), std::move(value)};
}

ExportSection controller_section(const ProcessingRegister& reg, bool fr) {
  ExportSection s{"controller", fr ? "Qui traite vos données" : "Who processes your data",
                  fr ? "Le responsable du traitement de vos données et comment le joindre (RGPD, art. 13 et 15)."
                     : "The controller of your data and how to reach them (GDPR arts. 13 and 15).",
                  {}};
  ExportItem item;
  for (const auto& sec : reg.sections)
    if (sec.id == "controller")
      for (const auto& f : sec.fields)
        if (!f.value.empty()) item.fields.push_back(field(f.key.substr(11), f.label, f.value));
  s.items.push_back(std::move(item));
  return s;
}

bool applies(const RegisterSection& s, Category c) {
  for (const auto& f : s.fields) {
    if (f.key.size() < 11 || f.key.compare(f.key.size() - 11, 11, ".applies_to") != 0) continue;
    std::string list = "," + f.value + ",";
    list.erase(std::remove(list.begin(), list.end(), ' '), list.end());
    return list.find("," + std::string(to_string(c)) + ",") != std::string::npos;
  }
  return false;
}

ExportSection processing_section(const ProcessingRegister& reg, Category category, bool fr) {
  ExportSection s{"processing", fr ? "Pourquoi et comment vos données sont traitées" : "Why and how your data is processed",
                  fr ? "Les finalités et la base légale du traitement, les catégories de données, leurs destinataires, "
                       "les transferts hors de l'Union européenne et la durée de conservation (RGPD, art. 15(1))."
                     : "The purposes and legal basis of the processing, the categories of data, their recipients, "
                       "transfers outside the European Union and how long the data is kept (GDPR art. 15(1)).",
                  {}};
  std::vector<const RegisterSection*> chosen;
  for (const auto& sec : reg.sections)
    if (sec.id != "controller" && applies(sec, category)) chosen.push_back(&sec);
  if (chosen.empty())  // no processing names the person's category: say all of them
    for (const auto& sec : reg.sections)
      if (sec.id != "controller") chosen.push_back(&sec);
  for (const auto* sec : chosen) {
    ExportItem item;
    for (const auto& f : sec->fields) {
      const auto name = f.key.substr(f.key.rfind('.') + 1);
      if (name == "applies_to" || f.value.empty()) continue;
      item.fields.push_back(field(name, f.label, f.value));
    }
    s.items.push_back(std::move(item));
  }
  return s;
}

ExportSection rights_section(const ProcessingRegister& reg, bool fr) {
  std::string contact;
  if (const auto* e = reg.field("controller", "email")) contact = e->value;
  ExportSection s{"rights", fr ? "Vos droits" : "Your rights",
                  (fr ? "Pour exercer l'un de ces droits, écrivez à " : "To use any of these rights, write to ") +
                      (contact.empty() ? std::string(fr ? "le responsable du traitement" : "the controller") : contact) +
                      (fr ? ". Une réponse vous est due dans un délai d'un mois (RGPD, art. 12(3))."
                          : ". You are owed an answer within one month (GDPR art. 12(3))."),
                  {}};
  for (const auto& r : kRights)
    s.items.push_back(ExportItem{{field("right", fr ? "Droit" : "Right", r.name.in(fr)),
                                  field("article", fr ? "Article du RGPD" : "GDPR article", r.article),
                                  field("what", fr ? "En pratique" : "What it means", r.what.in(fr))}});
  return s;
}

Result<ExportSection> requests_section(Session& session, Id contact_id, bool fr) {
  ExportSection s{"requests", fr ? "Vos demandes" : "Your requests",
                  fr ? "Les demandes que vous nous avez adressées sur vos données, leur délai de réponse et ce qui y a "
                       "été répondu."
                     : "The requests you made to us about your data, when they are due and how they were answered.",
                  {}};
  COFFRE_ASSIGN_OR_RETURN(auto all, list_requests(session));
  for (const auto& r : all) {
    if (r.contact_id != contact_id) continue;
    ExportItem item;
    auto add = [&](const char* name, const char* fr_label, const char* en_label, const std::string& value) {
      if (!value.empty()) item.fields.push_back(field(name, fr ? fr_label : en_label, value));
    };
    add("id", "Demande", "Request", std::to_string(r.id));
    add("type", "Type", "Type", std::string(to_string(r.type)));
    add("via", "Reçue par", "Received by", r.via.value_or(""));
    add("received", "Reçue le", "Received on", to_string(r.received));
    add("due", "Réponse due le", "Answer due on", to_string(r.due));
    if (r.extended_months > 0)
      add("extended_months", "Prolongation (mois)", "Extension (months)", std::to_string(r.extended_months));
    add("status", "État", "Status", std::string(to_string(r.status)));
    add("answered_at", "Répondue le", "Answered on", r.answered_at.value_or(""));
    add("note", "Note", "Note", r.note.value_or(""));
    add("extension_reason", "Motif de la prolongation", "Reason for the extension", r.extension_reason.value_or(""));
    add("refusal_reason", "Motif du refus", "Reason for the refusal", r.refusal_reason.value_or(""));
    add("close_note", "Note de clôture", "Closing note", r.close_note.value_or(""));
    for (const auto& a : r.answers) {
      add("answer_kind", "Réponse", "Answer", a.kind);
      add("answer_evidence", "Preuve de la réponse", "Evidence of the answer", a.evidence);
      add("answer_at", "Répondu le", "Answered on", a.at);
    }
    s.items.push_back(std::move(item));
  }
  return s;
}

std::string extension_of(const std::string& name) {
  auto dot = name.rfind('.');
  if (dot == std::string::npos || dot + 1 >= name.size() || name.size() - dot > 9) return {};
  std::string ext = ".";
  for (char c : name.substr(dot + 1)) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return {};
    ext += c;
  }
  return ext;
}

// ---- the view a person reads -------------------------------------------------------------------

using Words = std::map<std::string, Text, std::less<>>;

Words enum_words() {
  Words w;
  auto put = [&](std::string_view k, const char* fr, const char* en) { w.emplace(std::string(k), Text{fr, en}); };
  put(to_string(ContactKind::B2B), "professionnel", "professional");
  put(to_string(ContactKind::B2C), "particulier", "consumer");
  put(to_string(Category::Suspect), "contact à qualifier", "lead to qualify");
  put(to_string(Category::Prospect), "prospect", "prospect");
  put(to_string(Category::Client), "client", "client");
  put(to_string(Category::Partner), "partenaire", "partner");
  put(to_string(Category::Supplier), "fournisseur", "supplier");
  return w;
}

const std::map<std::string, Words, std::less<>>& field_words() {
  static const std::map<std::string, Words, std::less<>> kWords = [] {
    std::map<std::string, Words, std::less<>> m;
    m["kind"] = enum_words();  // contact kind; interaction kinds are added below
    m["category"] = enum_words();
    auto put = [&](const char* f, std::string_view k, const char* fr, const char* en) {
      m[f].emplace(std::string(k), Text{fr, en});
    };
    put("temperature", to_string(Temperature::Won), "gagné", "won");
    put("temperature", to_string(Temperature::Hot), "chaud", "hot");
    put("temperature", to_string(Temperature::Warm), "tiède", "warm");
    put("temperature", to_string(Temperature::Cold), "froid", "cold");
    put("temperature", to_string(Temperature::Stopped), "arrêté", "stopped");
    put("temperature", to_string(Temperature::Lost), "perdu", "lost");
    put("kind", to_string(InteractionKind::Call), "appel", "call");
    put("kind", to_string(InteractionKind::Email), "e-mail", "e-mail");
    put("kind", to_string(InteractionKind::Meeting), "rendez-vous", "meeting");
    put("kind", to_string(InteractionKind::Letter), "courrier", "letter");
    put("direction", to_string(Direction::Inbound), "de votre part", "from you");
    put("direction", to_string(Direction::Outbound), "de notre part", "from us");
    put("outcome", to_string(Outcome::CallBack), "à rappeler", "to call back");
    put("outcome", to_string(Outcome::NoAnswer), "pas de réponse", "no answer");
    put("outcome", to_string(Outcome::Busy), "occupé", "busy");
    put("outcome", to_string(Outcome::Refused), "refus", "refused");
    put("outcome", to_string(Outcome::RefusedToTalk), "refus de poursuivre l'échange", "refused to talk");
    put("outcome", to_string(Outcome::Meeting), "rendez-vous fixé", "meeting set");
    put("outcome", to_string(Outcome::Lead), "piste", "lead");
    put("outcome", to_string(Outcome::Project), "projet", "project");
    put("outcome", to_string(Outcome::MailSent), "e-mail envoyé", "e-mail sent");
    put("outcome", to_string(Outcome::OutOfTarget), "hors cible", "out of target");
    put("outcome", to_string(Outcome::WrongNumber), "faux numéro", "wrong number");
    put("lawful_basis", to_string(LawfulBasis::Consent), "consentement", "consent");
    put("lawful_basis", to_string(LawfulBasis::LegitimateInterest), "intérêt légitime", "legitimate interest");
    put("lawful_basis", to_string(LawfulBasis::Contract), "contrat", "contract");
    put("lawful_basis", to_string(LawfulBasis::Unspecified), "non précisée", "not stated");
    put("action", "added", "ajouté", "added");
    put("action", "merged", "complété", "merged into what we held");
    put("event", to_string(ConsentEventKind::Given), "consentement donné", "consent given");
    put("event", to_string(ConsentEventKind::Refused), "consentement refusé", "consent refused");
    put("event", to_string(ConsentEventKind::Withdrawn), "consentement retiré", "consent withdrawn");
    put("event", to_string(ConsentEventKind::Objected), "opposition", "objection");
    put("channel", to_string(Channel::Email), "e-mail", "e-mail");
    put("channel", to_string(Channel::Sms), "SMS", "text message");
    put("channel", to_string(Channel::Phone), "téléphone", "phone");
    put("channel", to_string(Channel::Post), "courrier", "post");
    put("method", to_string(ConsentMethod::WebForm), "formulaire en ligne", "web form");
    put("method", to_string(ConsentMethod::DoubleOptIn), "double confirmation par e-mail", "double opt-in");
    put("method", to_string(ConsentMethod::EmailReply), "réponse par e-mail", "e-mail reply");
    put("method", to_string(ConsentMethod::Oral), "oralement", "orally");
    put("method", to_string(ConsentMethod::Paper), "sur papier", "on paper");
    put("method", to_string(ConsentMethod::InPerson), "en personne", "in person");
    put("method", to_string(ConsentMethod::Import), "repris d'un fichier importé", "from an imported file");
    put("label", "work", "professionnel", "work");
    put("label", "home", "personnel", "home");
    put("label", "mobile", "mobile", "mobile");
    put("label", "personal", "personnel", "personal");
    put("type", to_string(RequestType::Access), "accès", "access");
    put("type", to_string(RequestType::Rectification), "rectification", "rectification");
    put("type", to_string(RequestType::Erasure), "effacement", "erasure");
    put("type", to_string(RequestType::Restriction), "limitation", "restriction");
    put("type", to_string(RequestType::Portability), "portabilité", "portability");
    put("type", to_string(RequestType::Objection), "opposition", "objection");
    put("via", "email", "e-mail", "e-mail");
    put("via", "post", "courrier", "post");
    put("via", "phone", "téléphone", "phone");
    put("via", "in-person", "en personne", "in person");
    put("answer_kind", "access-export", "copie de vos données", "copy of your data");
    put("answer_kind", "erasure", "effacement", "erasure");
    put("answer_kind", "rectification", "rectification", "rectification");
    put("status", to_string(RequestStatus::Open), "en cours", "open");
    put("status", to_string(RequestStatus::Closed), "répondue", "answered");
    put("status", to_string(RequestStatus::Refused), "refusée", "refused");
    return m;
  }();
  return kWords;
}

// What the audit log's actions mean, for the history a person reads.
const std::map<std::string, Text, std::less<>>& action_words() {
  static const std::map<std::string, Text, std::less<>> kActions = {
      {"contact.add", {"fiche créée", "record created"}},
      {"contact.add_batch", {"fiche créée par un import", "record created by an import"}},
      {"contact.update", {"fiche modifiée", "record changed"}},
      {"interaction.add", {"échange enregistré", "exchange recorded"}},
      {"note.add", {"note ajoutée", "note added"}},
      {"note.edit", {"note modifiée", "note changed"}},
      {"note.remove", {"note supprimée", "note removed"}},
      {"doc.add", {"document ajouté", "document added"}},
      {"doc.get", {"document extrait du coffre", "document taken out of the vault"}},
      {"doc.abandoned", {"ajout de document interrompu, nettoyé", "interrupted document addition cleaned up"}},
      {"access.export", {"copie de vos données établie", "copy of your data produced"}},
      {"access.pack", {"paquet de vos données établi", "pack of your data produced"}},
      {"consent.record", {"décision de consentement enregistrée", "consent decision recorded"}},
      {"consent.receipt", {"reçu de consentement établi", "consent receipt produced"}},
      {"import.batch", {"données importées", "data imported"}},
      {"import.undo", {"import annulé", "import undone"}},
      {"hold.add", {"conservation pour un motif légal ajoutée", "legal hold added"}},
      {"hold.remove", {"conservation pour un motif légal levée", "legal hold removed"}},
      {"hold.override", {"conservation pour un motif légal levée", "legal hold overridden"}},
      {"request.open", {"demande enregistrée", "request recorded"}},
      {"request.extend", {"délai de réponse prolongé", "answer deadline extended"}},
      {"request.refuse", {"demande refusée", "request refused"}},
      {"request.close", {"demande close", "request closed"}},
      {"request.answer", {"réponse enregistrée", "answer recorded"}},
      {"suppression.add", {"ajout à la liste d'opposition", "added to the objection list"}},
  };
  return kActions;
}

const char* kMonthsFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                           "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
const char* kMonthsEn[] = {"January", "February", "March",     "April",   "May",      "June",
                           "July",    "August",   "September", "October", "November", "December"};

// "2026-11-25T08:30:00Z" in Paris time, in words; anything else unchanged.
std::string local_words(const std::string& value, bool fr) {
  if (value.size() != 20 || value[10] != 'T' || value.back() != 'Z') return value;
  std::int64_t t = 0;
  if (!parse_utc(value, t)) return value;
  auto lt = local_time(t, "Europe/Paris");
  if (!lt.ok()) return value;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", lt->hour, lt->minute);
  return std::to_string(lt->day) + " " + (fr ? kMonthsFr : kMonthsEn)[lt->month - 1] + " " +
         std::to_string(lt->year) + (fr ? " à " : ", ") + hm;
}

// "2026-11-30" in words.
std::string day_words(const std::string& value, bool fr) {
  auto d = parse_date(value);
  if (!d) return value;
  return std::to_string(d->day) + " " + (fr ? kMonthsFr : kMonthsEn)[d->month - 1] + " " + std::to_string(d->year);
}

}  // namespace

std::string document_entry(const Document& d) { return "documents/" + std::to_string(d.id) + extension_of(d.name); }

Result<SubjectView> pack_view(Session& session, Id contact_id, const std::string& language,
                              const ProcessingRegister& reg, std::vector<Document>& docs) {
  const bool fr = language == "fr";
  COFFRE_ASSIGN_OR_RETURN(auto contact, ContactStore(session.vault()).get(contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto data, subject_view(session.vault(), contact_id, language));
  COFFRE_ASSIGN_OR_RETURN(docs, DocumentStore(session.vault()).list(contact_id));
  SubjectView v = data;
  v.sections.clear();
  v.sections.push_back(controller_section(reg, fr));
  v.sections.push_back(processing_section(reg, contact.category, fr));
  v.sections.push_back(rights_section(reg, fr));
  for (auto& s : data.sections) {
    if (s.name == "history") {
      COFFRE_ASSIGN_OR_RETURN(auto requests, requests_section(session, contact_id, fr));
      v.sections.push_back(std::move(requests));
    }
    if (s.name == "documents") {
      s.description = fr ? "Les fichiers conservés à votre sujet ; chacun est joint, tel quel, dans le dossier documents."
                         : "The files kept about you; each is included, as it is, in the documents folder.";
      for (auto& item : s.items) {
        for (const auto& f : item.fields) {
          if (f.name != "id") continue;
          auto it = std::find_if(docs.begin(), docs.end(), [&](const Document& d) { return std::to_string(d.id) == f.value; });
          if (it != docs.end()) {
            item.fields.push_back(field("file", fr ? "Fichier joint" : "Attached file", document_entry(*it)));
            break;
          }
        }
      }
    }
    v.sections.push_back(std::move(s));
  }
  return v;
}

SubjectView display_view(const SubjectView& stable, const std::string& language) {
  const bool fr = language == "fr";
  SubjectView v = stable;
  v.generated_at = local_words(stable.generated_at, fr);
  const auto& words = field_words();
  for (auto& s : v.sections) {
    for (auto& item : s.items) {
      std::vector<ExportField> kept;
      for (auto& f : item.fields) {
        if (s.name == "history" && f.name == "details") continue;  // key=value text: in data.json
        if (s.name == "history" && f.name == "action") {
          auto it = action_words().find(f.value);
          f.value = it != action_words().end() ? it->second.in(fr) : (fr ? "autre opération" : "other operation");
        } else if (s.name == "phones" && f.name == "phone") {
          f.value = display_phone(f.value, "FR");
        } else if (s.name == "requests" && (f.name == "received" || f.name == "due")) {
          f.value = day_words(f.value, fr);
        } else if (auto w = words.find(f.name); w != words.end() && s.name != "controller" && s.name != "processing" &&
                                                   s.name != "rights") {
          if (auto t = w->second.find(f.value); t != w->second.end()) f.value = t->second.in(fr);
        }
        // Labels that explain a stable spelling ("Direction (inbound: from you)") lose the explanation
        // once the value is in words.
        if (s.name == "interactions" && f.name == "direction") f.label = fr ? "Sens" : "Direction";
        if (s.name == "provenance" && f.name == "action") f.label = fr ? "Action" : "Action";
        f.value = local_words(f.value, fr);
        kept.push_back(std::move(f));
      }
      item.fields = std::move(kept);
    }
  }
  return v;
}

SubjectView portability_view(const SubjectView& stable) {
  SubjectView v = stable;
  v.sections.clear();
  for (const auto& s : stable.sections) {
    std::vector<std::string> keep;
    if (s.name == "identity") keep = {"first_name", "last_name", "role", "address"};
    else if (s.name == "emails") keep = {"email", "label"};
    else if (s.name == "phones") keep = {"phone", "label"};
    else if (s.name == "organisation") keep = {"name"};
    else continue;
    ExportSection out{s.name, s.title, s.description, {}};
    for (const auto& item : s.items) {
      ExportItem i;
      for (const auto& f : item.fields)
        if (std::find(keep.begin(), keep.end(), f.name) != keep.end()) i.fields.push_back(f);
      if (!i.fields.empty()) out.items.push_back(std::move(i));
    }
    v.sections.push_back(std::move(out));
  }
  return v;
}

}  // namespace coffre::app::pack_detail
