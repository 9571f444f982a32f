// The right of access: one person's data gathered into a SubjectView, and its export through an
// access-exporter plugin into a private file (coffre/access.h).
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <string_view>

#include "coffre/access.h"
#include "coffre/audit.h"
#include "coffre/clock.h"
#include "coffre/consent.h"
#include "coffre/data_map.h"
#include "coffre/documents.h"
#include "coffre/i18n.h"
#include "coffre/import.h"
#include "coffre/plugin_host.h"
#include "coffre/stores.h"
#include "storage/database.h"
#include "storage/shred.h"
#include "util/files.h"
#include "vault/context.h"

namespace coffre {
namespace fs = std::filesystem;
namespace {

using plugin::ExportField;
using plugin::ExportItem;
using plugin::ExportSection;

// The view's words in French: titles, descriptions and labels are written for the person who
// asked, who is usually French. Values stay in their stable spellings ("prospect", "call-back").
const char* in_french(std::string_view en) {
  static const std::map<std::string_view, const char*> kFr = {
      {"Identity", "Identité"},
      {"Who you are in this file, and how you are classified. The retention period runs from the last time you "
       "contacted us.",
       "Qui vous êtes dans ce fichier et comment vous y êtes classé. La durée de conservation court à partir de "
       "votre dernier contact avec nous."},
      {"First name", "Prénom"},
      {"Last name", "Nom"},
      {"Job title", "Fonction"},
      {"Address", "Adresse"},
      {"Contact kind", "Type de contact"},
      {"Category", "Catégorie"},
      {"Prospect temperature", "Température du prospect"},
      {"Source", "Source"},
      {"Collected on", "Collecté le"},
      {"Recorded on", "Enregistré le"},
      {"Last changed on", "Modifié le"},
      {"Last contact from you", "Votre dernier contact avec nous"},
      {"E-mail addresses", "Adresses e-mail"},
      {"The e-mail addresses recorded for you.", "Les adresses e-mail enregistrées pour vous."},
      {"E-mail", "E-mail"},
      {"Type", "Type"},
      {"Phone numbers", "Numéros de téléphone"},
      {"The phone numbers recorded for you.", "Les numéros de téléphone enregistrés pour vous."},
      {"Phone", "Téléphone"},
      {"Organisation", "Entreprise"},
      {"The company you were recorded at, if any.", "L'entreprise à laquelle vous êtes rattaché, s'il y en a une."},
      {"Name", "Nom"},
      {"SIREN", "SIREN"},
      {"SIRET", "SIRET"},
      {"Sector", "Secteur"},
      {"Notes", "Notes"},
      {"Free-text notes written about you, in full.", "Les notes écrites à votre sujet, en entier."},
      {"Note", "Note"},
      {"Written on", "Écrite le"},
      {"Text", "Texte"},
      {"Contacts with you", "Échanges avec vous"},
      {"Calls, e-mails, meetings and letters between you and us, with their outcome.",
       "Appels, e-mails, rendez-vous et courriers entre vous et nous, avec leur résultat."},
      {"Date", "Date"},
      {"Kind", "Type"},
      {"Direction (inbound: from you)", "Sens (inbound : de votre part)"},
      {"Outcome", "Résultat"},
      {"Follow-up planned", "Relance prévue"},
      {"Summary", "Résumé"},
      {"Documents", "Documents"},
      {"Files kept about you. Their content is not in this report; copies are provided with it.",
       "Les fichiers conservés à votre sujet. Leur contenu n'est pas dans ce relevé ; une copie est fournie avec."},
      {"Document", "Document"},
      {"File name", "Nom du fichier"},
      {"Size (bytes)", "Taille (octets)"},
      {"SHA-256", "SHA-256"},
      {"Added on", "Ajouté le"},
      {"Where your data came from", "Origine de vos données"},
      {"Each file your data was imported from: its source, name and date, and the legal basis stated for keeping "
       "it.",
       "Chaque fichier dont vos données ont été importées : sa source, son nom, sa date et la base légale indiquée "
       "pour les conserver."},
      {"File", "Fichier"},
      {"File SHA-256", "SHA-256 du fichier"},
      {"Imported on", "Importé le"},
      {"Legal basis", "Base légale"},
      {"Action (added, or merged into what we held)", "Action (added : ajouté, merged : complété)"},
      {"Line in the file", "Ligne dans le fichier"},
      {"Your consent and objections", "Vos consentements et oppositions"},
      {"Each decision you made about being contacted, oldest first: what you agreed to, refused, withdrew or objected "
       "to, on which channel and for what purpose, how and when, and the exact text you were shown.",
       "Chaque décision que vous avez prise sur le fait d'être contacté, de la plus ancienne à la plus récente : ce "
       "que vous avez accepté, refusé, retiré ou à quoi vous vous êtes opposé, sur quel canal et dans quel but, "
       "comment et quand, et le texte exact qui vous a été présenté."},
      {"Decision", "Décision"},
      {"Channel", "Canal"},
      {"Purpose", "Finalité"},
      {"How", "Comment"},
      {"When", "Quand"},
      {"Recorded on", "Enregistré le"},
      {"Note", "Note"},
      {"Notice version", "Version du texte présenté"},
      {"Notice SHA-256", "SHA-256 du texte présenté"},
      {"Text you were shown", "Texte qui vous a été présenté"},
      {"Evidence SHA-256", "SHA-256 de la preuve"},
      {"History", "Historique"},
      {"What was done with your data in this vault, from its tamper-evident log, oldest first.",
       "Ce qui a été fait de vos données dans ce coffre, d'après son journal infalsifiable, du plus ancien au plus "
       "récent."},
      {"Action", "Action"},
      {"Details", "Détails"},
  };
  auto it = kFr.find(en);
  return it == kFr.end() ? nullptr : it->second;
}

// Words in the view's language: English as written in this file, or their French.
class Words {
 public:
  explicit Words(const std::string& language) : french_(language == "fr") {}
  std::string operator()(const char* en) const {
    if (!french_) return en;
    const char* fr = in_french(en);
    return fr ? fr : en;  // a missing translation shows in English (AccessExport tests check none is)
  }

 private:
  bool french_;
};

// Builds one item, leaving absent values out (the SDK's rule: never an empty value).
class ItemBuilder {
 public:
  explicit ItemBuilder(const Words& words) : words_(words) {}
  ItemBuilder& text(const char* name, const char* label, std::string_view value) {
    if (!value.empty()) item_.fields.push_back(ExportField{name, words_(label), std::string(value)});
    return *this;
  }
  ItemBuilder& opt(const char* name, const char* label, const std::optional<std::string>& value) {
    return value ? text(name, label, *value) : *this;
  }
  ItemBuilder& time(const char* name, const char* label, std::optional<Time> t) {
    return t ? text(name, label, format_utc(*t)) : *this;
  }
  ItemBuilder& number(const char* name, const char* label, std::int64_t n) {
    return text(name, label, std::to_string(n));
  }
  ExportItem done() { return std::move(item_); }

 private:
  const Words& words_;
  ExportItem item_;
};

ExportSection section(const Words& w, const char* name, const char* title, const char* description) {
  return ExportSection{name, w(title), w(description), {}};
}

ExportSection identity(const Words& w, const Contact& c) {
  auto s = section(w, "identity", "Identity",
                   "Who you are in this file, and how you are classified. The retention period runs from the last "
                   "time you contacted us.");
  s.items.push_back(ItemBuilder(w)
                        .text("first_name", "First name", c.first_name)
                        .text("last_name", "Last name", c.last_name)
                        .opt("role", "Job title", c.role)
                        .opt("address", "Address", c.address)
                        .text("kind", "Contact kind", to_string(c.kind))
                        .text("category", "Category", to_string(c.category))
                        .text("temperature", "Prospect temperature",
                              c.temperature ? std::string(to_string(*c.temperature)) : std::string())
                        .opt("source", "Source", c.source)
                        .time("collected_at", "Collected on", c.collected_at)
                        .time("created_at", "Recorded on", c.created_at)
                        .time("updated_at", "Last changed on", c.updated_at)
                        .time("last_inbound_at", "Last contact from you", c.last_inbound_at)
                        .done());
  return s;
}

ExportSection labelled(const Words& w, const char* name, const char* title, const char* description, const char* field,
                       const char* field_label, const std::vector<Labelled>& values) {
  auto s = section(w, name, title, description);
  for (const auto& v : values)
    s.items.push_back(ItemBuilder(w).text(field, field_label, v.value).opt("label", "Type", v.label).done());
  return s;
}

Result<ExportSection> organisation(const Words& w, Vault& vault, const Contact& c) {
  auto s = section(w, "organisation", "Organisation", "The company you were recorded at, if any.");
  if (!c.org_id) return s;
  COFFRE_ASSIGN_OR_RETURN(auto org, OrganisationStore(vault).get(*c.org_id));
  s.items.push_back(ItemBuilder(w)
                        .text("name", "Name", org.name)
                        .opt("siren", "SIREN", org.siren)
                        .opt("siret", "SIRET", org.siret)
                        .opt("sector", "Sector", org.sector)
                        .opt("address", "Address", org.address)
                        .done());
  return s;
}

Result<ExportSection> notes(const Words& w, Vault& vault, Id id) {
  auto s = section(w, "notes", "Notes", "Free-text notes written about you, in full.");
  COFFRE_ASSIGN_OR_RETURN(auto list, NoteStore(vault).for_contact(id));
  for (const auto& n : list)
    s.items.push_back(
        ItemBuilder(w).number("id", "Note", n.id).time("created_at", "Written on", n.created_at).text("text", "Text", n.body).done());
  return s;
}

Result<ExportSection> interactions(const Words& w, Vault& vault, Id id) {
  auto s = section(w, "interactions", "Contacts with you",
                   "Calls, e-mails, meetings and letters between you and us, with their outcome.");
  COFFRE_ASSIGN_OR_RETURN(auto list, InteractionStore(vault).for_contact(id));
  for (const auto& i : list)
    s.items.push_back(ItemBuilder(w)
                          .time("occurred_at", "Date", i.occurred_at)
                          .text("kind", "Kind", to_string(i.kind))
                          .text("direction", "Direction (inbound: from you)", to_string(i.direction))
                          .text("outcome", "Outcome", i.outcome ? std::string(to_string(*i.outcome)) : std::string())
                          .time("follow_up_at", "Follow-up planned", i.follow_up_at)
                          .opt("summary", "Summary", i.summary)
                          .done());
  return s;
}

Result<ExportSection> documents(const Words& w, Vault& vault, Id id, std::vector<Document>& out) {
  auto s = section(w, "documents", "Documents",
                   "Files kept about you. Their content is not in this report; copies are provided with it.");
  COFFRE_ASSIGN_OR_RETURN(out, DocumentStore(vault).list(id));
  for (const auto& d : out)
    s.items.push_back(ItemBuilder(w)
                          .number("id", "Document", d.id)
                          .text("name", "File name", d.name)
                          .number("size", "Size (bytes)", d.size)
                          .text("sha256", "SHA-256", d.sha256)
                          .time("added_at", "Added on", d.added_at)
                          .done());
  return s;
}

Result<ExportSection> provenance(const Words& w, Vault& vault, Id id) {
  auto s = section(w, "provenance", "Where your data came from",
                   "Each file your data was imported from: its source, name and date, and the legal basis stated "
                   "for keeping it.");
  COFFRE_ASSIGN_OR_RETURN(auto st, vault.context().db.prepare(
                                       "SELECT b.source, b.file_name, b.file_sha256, b.imported_at, coalesce(p.lawful_basis, b.lawful_basis), "
                                       "p.action, p.line FROM contact_provenance p JOIN import_batches b "
                                       "ON b.id = p.batch_id WHERE p.contact_id = ? ORDER BY b.imported_at, b.rowid"));
  st.bind(1, id);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    s.items.push_back(ItemBuilder(w)
                          .text("source", "Source", st.column_text(0))
                          .text("file_name", "File", st.column_text(1))
                          .text("file_sha256", "File SHA-256", st.column_text(2))
                          .time("imported_at", "Imported on", st.column_int(3))
                          .text("lawful_basis", "Legal basis", st.column_text(4))
                          .text("action", "Action (added, or merged into what we held)", st.column_text(5))
                          .number("line", "Line in the file", st.column_int(6))
                          .done());
  }
  return s;
}

Result<ExportSection> consent(const Words& w, Vault& vault, Id id) {
  auto s = section(w, "consent", "Your consent and objections",
                   "Each decision you made about being contacted, oldest first: what you agreed to, refused, withdrew "
                   "or objected to, on which channel and for what purpose, how and when, and the exact text you were "
                   "shown.");
  ConsentStore store(vault);
  COFFRE_ASSIGN_OR_RETURN(auto events, store.history(id));
  for (const auto& e : events) {
    std::optional<std::string> text;
    if (e.notice_version) {
      COFFRE_ASSIGN_OR_RETURN(auto n, store.notice(*e.notice_version));
      text = n.text;
    }
    s.items.push_back(ItemBuilder(w)
                          .text("event", "Decision", to_string(e.event))
                          .text("channel", "Channel", to_string(e.channel))
                          .text("purpose", "Purpose", e.purpose)
                          .text("method", "How", e.method ? to_string(*e.method) : std::string_view())
                          .time("occurred_at", "When", e.occurred_at)
                          .time("recorded_at", "Recorded on", e.recorded_at)
                          .opt("source", "Source", e.source)
                          .opt("note", "Note", e.note)
                          .opt("notice_version", "Notice version", e.notice_version)
                          .opt("notice_sha256", "Notice SHA-256", e.notice_sha256)
                          .opt("notice_text", "Text you were shown", text)
                          .opt("evidence_sha256", "Evidence SHA-256", e.evidence_sha256)
                          .done());
  }
  return s;
}

Result<ExportSection> history(const Words& w, Vault& vault, const std::string& pseudonym) {
  auto s = section(w, "history", "History",
                   "What was done with your data in this vault, from its tamper-evident log, oldest first.");
  COFFRE_ASSIGN_OR_RETURN(auto entries, audit_entries(vault, -1, pseudonym));
  std::sort(entries.begin(), entries.end(), [](const AuditEntry& a, const AuditEntry& b) { return a.seq < b.seq; });
  for (const auto& e : entries)
    s.items.push_back(ItemBuilder(w)
                          .time("at", "Date", e.at)
                          .text("action", "Action", e.action)
                          .text("details", "Details", e.details)
                          .done());
  return s;
}

// One section of the view, built from the tables the data map says feed it.
Result<ExportSection> build_section(data_map::AccessSection which, const Words& w, Vault& vault, const Contact& c,
                                    std::vector<Document>& docs) {
  using data_map::AccessSection;
  switch (which) {
    case AccessSection::Identity: return identity(w, c);
    case AccessSection::Emails:
      return labelled(w, "emails", "E-mail addresses", "The e-mail addresses recorded for you.", "email", "E-mail",
                      c.emails);
    case AccessSection::Phones:
      return labelled(w, "phones", "Phone numbers", "The phone numbers recorded for you.", "phone", "Phone", c.phones);
    case AccessSection::Organisation: return organisation(w, vault, c);
    case AccessSection::Notes: return notes(w, vault, c.id);
    case AccessSection::Interactions: return interactions(w, vault, c.id);
    case AccessSection::Documents: return documents(w, vault, c.id, docs);
    case AccessSection::Provenance: return provenance(w, vault, c.id);
    case AccessSection::Consent: return consent(w, vault, c.id);
    case AccessSection::History: return history(w, vault, c.pseudonym);
    case AccessSection::None: break;
  }
  return make_error(ErrorKind::Internal, "the data map names an access section the export does not build");
}

Result<plugin::SubjectView> build_view(Vault& vault, Id contact_id, const std::string& language,
                                       std::vector<Document>& docs) {
  COFFRE_ASSIGN_OR_RETURN(auto c, ContactStore(vault).get(contact_id));
  const Words w(language);
  plugin::SubjectView v;
  v.language = language;
  v.subject = c.pseudonym;
  v.display_name = c.first_name.empty() ? c.last_name : c.last_name.empty() ? c.first_name : c.first_name + " " + c.last_name;
  v.generated_at = format_utc(vault.clock().now());
  v.generator = std::string("Coffre ") + COFFRE_VERSION;
  // The sections, in the data map's order: a table added to the map with a new section has to be
  // shown here, or the switch above fails to compile (-Wswitch).
  for (auto which : data_map::access_sections()) {
    COFFRE_ASSIGN_OR_RETURN(auto s, build_section(which, w, vault, c, docs));
    v.sections.push_back(std::move(s));
  }
  return v;
}

// Reads the view in one read transaction, so that it is one consistent snapshot.
Result<plugin::SubjectView> snapshot(Vault& vault, Id contact_id, const std::string& language,
                                     std::vector<Document>& docs) {
  storage::Transaction tx(vault.context().db);
  COFFRE_TRY(tx.begin(/*immediate=*/false));
  COFFRE_ASSIGN_OR_RETURN(auto view, build_view(vault, contact_id, language, docs));
  COFFRE_TRY(tx.commit());
  return view;
}

class OutputTarget final : public plugin::ExportTarget {
 public:
  explicit OutputTarget(util::PrivateOutput& out) : out_(out) {}
  bool write(std::string_view bytes) override {
    if (!status_.ok()) return false;
    status_ = out_.write(bytes);
    return status_.ok();
  }
  const Status& status() const { return status_; }

 private:
  util::PrivateOutput& out_;
  Status status_;
};

Status check_language(const std::string& language) {
  if (language == "en" || language == "fr") return {};
  return make_error(ErrorKind::InvalidInput, trf("unknown language '{}' (en, fr)", {language}));
}

}  // namespace

Result<plugin::SubjectView> subject_view(Vault& vault, Id contact_id, const std::string& language) {
  COFFRE_TRY(check_language(language));
  std::vector<Document> docs;
  return snapshot(vault, contact_id, language, docs);
}

Result<AccessExportResult> export_subject(Vault& vault, plugin::AccessExporter& exporter,
                                          const AccessExportRequest& request, Progress& progress) {
  std::vector<std::string> formats;
  COFFRE_TRY(call_plugin("exporter formats()", [&] { formats = exporter.formats(); }));
  if (std::find(formats.begin(), formats.end(), request.format) == formats.end()) {
    std::string known;
    for (const auto& f : formats) known += (known.empty() ? "" : ", ") + f;
    return make_error(ErrorKind::InvalidInput, trf("unknown export format '{0}' ({1})", {request.format, known}));
  }
  COFFRE_TRY(check_language(request.language));
  std::vector<Document> docs;
  COFFRE_ASSIGN_OR_RETURN(auto view, snapshot(vault, request.contact_id, request.language, docs));

  AccessExportResult result;
  result.subject = view.subject;
  result.format = request.format;
  result.path = request.output;
  for (const auto& s : view.sections) result.items += static_cast<std::int64_t>(s.items.size());

  COFFRE_ASSIGN_OR_RETURN(auto out, util::PrivateOutput::create(vault.env(), request.output, request.overwrite));
  OutputTarget target(out);
  std::string error;
  bool ok = false;
  plugin::ExportOptions options;
  options.format = request.format;
  COFFRE_TRY(call_plugin("exporter write()", [&] { ok = exporter.write(view, options, target, error); }));
  if (!target.status().ok()) return target.status();
  if (!ok)
    return make_error(ErrorKind::Internal, "the exporter failed: " + (error.empty() ? std::string("no reason given") : error));

  // The documents, if asked for, before the report is committed: a failure leaves neither.
  std::vector<fs::path> written_docs;
  auto fail = [&](Status s) {
    for (const auto& w : written_docs) (void)storage::shred_file(vault.env(), w);
    return s;
  };
  if (!request.documents_dir.empty() && !docs.empty()) {
    std::error_code ec;
    if (!fs::exists(request.documents_dir, ec)) COFFRE_TRY(util::make_private_dir(vault.env(), request.documents_dir));
    DocumentStore store(vault);
    for (const auto& d : docs) {
      fs::path to = request.documents_dir / (std::to_string(d.id) + "-" + d.name);
      if (Status s = store.get(d.id, to, progress, request.overwrite); !s.ok()) return fail(s);
      written_docs.push_back(to);
    }
  }
  if (Status s = out.commit(); !s.ok()) return fail(s);
  result.bytes = out.written();
  result.documents = static_cast<std::int64_t>(written_docs.size());
  COFFRE_TRY(audit_append(vault, "access.export", view.subject,
                          "format=" + request.format + " items=" + std::to_string(result.items) +
                              " documents=" + std::to_string(result.documents)));
  return result;
}

}  // namespace coffre
