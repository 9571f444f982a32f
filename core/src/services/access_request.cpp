// The right of access: one person's data gathered into a SubjectView, and its export through an
// access-exporter plugin into a private file (coffre/access.h).
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>

#include "coffre/access.h"
#include "coffre/audit.h"
#include "coffre/clock.h"
#include "coffre/documents.h"
#include "coffre/import.h"
#include "coffre/plugin_host.h"
#include "coffre/stores.h"
#include "storage/database.h"
#include "util/files.h"
#include "util/shred.h"
#include "vault/context.h"

namespace coffre {
namespace fs = std::filesystem;
namespace {

using plugin::ExportField;
using plugin::ExportItem;
using plugin::ExportSection;

// Builds one item, leaving absent values out (the SDK's rule: never an empty value).
class ItemBuilder {
 public:
  ItemBuilder& text(const char* name, const char* label, std::string_view value) {
    if (!value.empty()) item_.fields.push_back(ExportField{name, label, std::string(value)});
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
  ExportItem item_;
};

ExportSection section(const char* name, const char* title, const char* description) {
  return ExportSection{name, title, description, {}};
}

ExportSection identity(const Contact& c) {
  auto s = section("identity", "Identity",
                   "Who you are in this file, and how you are classified. The retention period runs from the last "
                   "time you contacted us.");
  s.items.push_back(ItemBuilder()
                        .text("first_name", "First name", c.first_name)
                        .text("last_name", "Last name", c.last_name)
                        .opt("role", "Job title", c.role)
                        .opt("address", "Address", c.address)
                        .text("kind", "Kind", to_string(c.kind))
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

ExportSection labelled(const char* name, const char* title, const char* description, const char* field,
                       const char* field_label, const std::vector<Labelled>& values) {
  auto s = section(name, title, description);
  for (const auto& v : values)
    s.items.push_back(ItemBuilder().text(field, field_label, v.value).opt("label", "Type", v.label).done());
  return s;
}

Result<ExportSection> organisation(Vault& vault, const Contact& c) {
  auto s = section("organisation", "Organisation", "The company you were recorded at, if any.");
  if (!c.org_id) return s;
  COFFRE_ASSIGN_OR_RETURN(auto org, OrganisationStore(vault).get(*c.org_id));
  s.items.push_back(ItemBuilder()
                        .text("name", "Name", org.name)
                        .opt("siren", "SIREN", org.siren)
                        .opt("siret", "SIRET", org.siret)
                        .opt("sector", "Sector", org.sector)
                        .opt("address", "Address", org.address)
                        .done());
  return s;
}

Result<ExportSection> notes(Vault& vault, Id id) {
  auto s = section("notes", "Notes", "Free-text notes written about you, in full.");
  COFFRE_ASSIGN_OR_RETURN(auto list, NoteStore(vault).for_contact(id));
  for (const auto& n : list)
    s.items.push_back(
        ItemBuilder().number("id", "Note", n.id).time("created_at", "Written on", n.created_at).text("text", "Text", n.body).done());
  return s;
}

Result<ExportSection> interactions(Vault& vault, Id id) {
  auto s = section("interactions", "Contacts with you",
                   "Calls, e-mails, meetings and letters between you and us, with their outcome.");
  COFFRE_ASSIGN_OR_RETURN(auto list, InteractionStore(vault).for_contact(id));
  for (const auto& i : list)
    s.items.push_back(ItemBuilder()
                          .time("occurred_at", "Date", i.occurred_at)
                          .text("kind", "Kind", to_string(i.kind))
                          .text("direction", "Direction", i.direction == Direction::Inbound ? "from you" : "from us")
                          .text("outcome", "Outcome", i.outcome ? std::string(to_string(*i.outcome)) : std::string())
                          .time("follow_up_at", "Follow-up planned", i.follow_up_at)
                          .opt("summary", "Summary", i.summary)
                          .done());
  return s;
}

Result<ExportSection> documents(Vault& vault, Id id, std::vector<Document>& out) {
  auto s = section("documents", "Documents",
                   "Files kept about you. Their content is not in this report; copies are provided with it.");
  COFFRE_ASSIGN_OR_RETURN(out, DocumentStore(vault).list(id));
  for (const auto& d : out)
    s.items.push_back(ItemBuilder()
                          .number("id", "Document", d.id)
                          .text("name", "File name", d.name)
                          .number("size", "Size (bytes)", d.size)
                          .text("sha256", "SHA-256", d.sha256)
                          .time("added_at", "Added on", d.added_at)
                          .done());
  return s;
}

Result<ExportSection> provenance(Vault& vault, Id id) {
  auto s = section("provenance", "Where your data came from",
                   "Each file your data was imported from: its source, name and date, and the legal basis stated "
                   "for keeping it.");
  COFFRE_ASSIGN_OR_RETURN(auto st, vault.context().db.prepare(
                                       "SELECT b.source, b.file_name, b.file_sha256, b.imported_at, b.lawful_basis, "
                                       "p.action, p.line FROM contact_provenance p JOIN import_batches b "
                                       "ON b.id = p.batch_id WHERE p.contact_id = ? ORDER BY b.imported_at, b.rowid"));
  st.bind(1, id);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    s.items.push_back(ItemBuilder()
                          .text("source", "Source", st.column_text(0))
                          .text("file_name", "File", st.column_text(1))
                          .text("file_sha256", "File SHA-256", st.column_text(2))
                          .time("imported_at", "Imported on", st.column_int(3))
                          .text("lawful_basis", "Legal basis", st.column_text(4))
                          .text("action", "Action", st.column_text(5) == "added" ? "added" : "completed")
                          .number("line", "Line in the file", st.column_int(6))
                          .done());
  }
  return s;
}

Result<ExportSection> history(Vault& vault, const std::string& pseudonym) {
  auto s = section("history", "History",
                   "What was done with your data in this vault, from its tamper-evident log, oldest first.");
  COFFRE_ASSIGN_OR_RETURN(auto entries, audit_entries(vault, -1, pseudonym));
  std::sort(entries.begin(), entries.end(), [](const AuditEntry& a, const AuditEntry& b) { return a.seq < b.seq; });
  for (const auto& e : entries)
    s.items.push_back(ItemBuilder()
                          .time("at", "Date", e.at)
                          .text("action", "Action", e.action)
                          .text("details", "Details", e.details)
                          .done());
  return s;
}

Result<plugin::SubjectView> build_view(Vault& vault, Id contact_id, std::vector<Document>& docs) {
  COFFRE_ASSIGN_OR_RETURN(auto c, ContactStore(vault).get(contact_id));
  plugin::SubjectView v;
  v.subject = c.pseudonym;
  v.display_name = c.first_name.empty() ? c.last_name : c.last_name.empty() ? c.first_name : c.first_name + " " + c.last_name;
  v.generated_at = format_utc(vault.clock().now());
  v.generator = std::string("Coffre ") + COFFRE_VERSION;
  v.sections.push_back(identity(c));
  v.sections.push_back(labelled("emails", "E-mail addresses", "The e-mail addresses recorded for you.", "email",
                                "E-mail", c.emails));
  v.sections.push_back(labelled("phones", "Phone numbers", "The phone numbers recorded for you.", "phone", "Phone",
                                c.phones));
  COFFRE_ASSIGN_OR_RETURN(auto org, organisation(vault, c));
  v.sections.push_back(std::move(org));
  COFFRE_ASSIGN_OR_RETURN(auto n, notes(vault, contact_id));
  v.sections.push_back(std::move(n));
  COFFRE_ASSIGN_OR_RETURN(auto i, interactions(vault, contact_id));
  v.sections.push_back(std::move(i));
  COFFRE_ASSIGN_OR_RETURN(auto d, documents(vault, contact_id, docs));
  v.sections.push_back(std::move(d));
  COFFRE_ASSIGN_OR_RETURN(auto p, provenance(vault, contact_id));
  v.sections.push_back(std::move(p));
  COFFRE_ASSIGN_OR_RETURN(auto h, history(vault, c.pseudonym));
  v.sections.push_back(std::move(h));
  return v;
}

// Reads the view in one read transaction, so that it is one consistent snapshot.
Result<plugin::SubjectView> snapshot(Vault& vault, Id contact_id, std::vector<Document>& docs) {
  storage::Transaction tx(vault.context().db);
  COFFRE_TRY(tx.begin(/*immediate=*/false));
  COFFRE_ASSIGN_OR_RETURN(auto view, build_view(vault, contact_id, docs));
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

}  // namespace

Result<plugin::SubjectView> subject_view(Vault& vault, Id contact_id) {
  std::vector<Document> docs;
  return snapshot(vault, contact_id, docs);
}

Result<AccessExportResult> export_subject(Vault& vault, plugin::AccessExporter& exporter,
                                          const AccessExportRequest& request) {
  std::vector<std::string> formats;
  COFFRE_TRY(call_plugin("exporter formats()", [&] { formats = exporter.formats(); }));
  if (std::find(formats.begin(), formats.end(), request.format) == formats.end()) {
    std::string known;
    for (const auto& f : formats) known += (known.empty() ? "" : ", ") + f;
    return make_error(ErrorKind::InvalidInput, "unknown export format '" + request.format + "' (" + known + ")");
  }
  std::vector<Document> docs;
  COFFRE_ASSIGN_OR_RETURN(auto view, snapshot(vault, request.contact_id, docs));

  AccessExportResult result;
  result.subject = view.subject;
  result.format = request.format;
  result.path = request.output;
  for (const auto& s : view.sections) result.items += static_cast<std::int64_t>(s.items.size());

  COFFRE_ASSIGN_OR_RETURN(auto out, util::PrivateOutput::create(request.output, request.overwrite));
  OutputTarget target(out);
  std::string error;
  bool ok = false;
  plugin::ExportOptions options;
  options.format = request.format;
  COFFRE_TRY(call_plugin("exporter write()", [&] { ok = exporter.write(view, options, target, error); }));
  if (!target.status().ok()) return target.status();
  if (!ok)
    return make_error(ErrorKind::Internal, "the exporter failed: " + (error.empty() ? std::string("no reason given") : error));

  // The documents, if asked for, before the report is committed: a failure leaves no report.
  std::vector<fs::path> written_docs;
  if (!request.documents_dir.empty() && !docs.empty()) {
    std::error_code ec;
    const bool existed = fs::exists(request.documents_dir, ec);
    if (!existed) COFFRE_TRY(util::make_private_dir(request.documents_dir));
    DocumentStore store(vault);
    for (const auto& d : docs) {
      fs::path to = request.documents_dir / (std::to_string(d.id) + "-" + d.name);
      Status s = store.get(d.id, to, NullProgress::instance(), request.overwrite);
      if (!s.ok()) {
        for (const auto& w : written_docs) (void)util::shred_file(w);
        return s;
      }
      written_docs.push_back(to);
    }
  }
  COFFRE_TRY(out.commit());
  result.bytes = out.written();
  result.documents = static_cast<std::int64_t>(written_docs.size());
  COFFRE_TRY(audit_append(vault, "access.export", view.subject,
                          "format=" + request.format + " items=" + std::to_string(result.items) +
                              " documents=" + std::to_string(result.documents)));
  return result;
}

}  // namespace coffre
