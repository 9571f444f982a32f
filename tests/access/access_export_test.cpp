// The right of access end to end: the core gathers one person's data (every section, even empty,
// nothing of anyone else), the real export-access plugin writes it, the file is private and is
// never left half written, the audit log records the export without personal data; and
// `coffre access export` does the same from the command line.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <set>

#include "coffre/access.h"
#include "coffre/audit.h"
#include "coffre/documents.h"
#include "coffre/import.h"
#include "coffre/plugin_host.h"
#include "coffre/stores.h"
#include "e2e/cli_runner.h"
#include "fakes/fault_env.h"
#include "fakes/vault_fixture.h"
#include "storage/blob_paths.h"
#include "vault/context.h"

namespace coffre {
namespace {
namespace fs = std::filesystem;

std::shared_ptr<plugin::AccessExporter> real_exporter(PluginHost& host) {
  auto loaded = host.load(COFFRE_EXPORT_ACCESS_PLUGIN);
  EXPECT_TRUE(loaded.ok()) << loaded.error().message;
  return host.exporter_for_format("json");
}

const plugin::ExportSection* find_section(const plugin::SubjectView& v, const std::string& name) {
  for (const auto& s : v.sections)
    if (s.name == name) return &s;
  return nullptr;
}

std::string value_of(const plugin::ExportItem& item, const std::string& name) {
  for (const auto& f : item.fields)
    if (f.name == name) return f.value;
  return "<absent>";
}

class AccessExport : public test::VaultTest {
 protected:
  void SetUp() override {
    VaultTest::SetUp();
    clock_.set(1'764'000'000);  // 2025-11-24T16:00:00Z
    auto org = OrganisationStore(*vault_).add({"Boulangerie Dupré", "412345670", std::nullopt, "Boulangerie", std::nullopt});
    ASSERT_TRUE(org.ok());
    NewContact c;
    c.first_name = "Hélène";
    c.last_name = "Dupré";
    c.org_id = *org;
    c.role = "Gérante";
    c.emails = {{"helene@dupre.fr", "work"}};
    c.phones = {{"+33612345678", "mobile"}};
    auto id = ContactStore(*vault_).add(c);
    ASSERT_TRUE(id.ok()) << id.error().message;
    id_ = *id;
    NewContact other;
    other.first_name = "Zoé";
    other.last_name = "Autre";
    other.emails = {{"zoe@autre.fr", std::nullopt}};
    ASSERT_TRUE(ContactStore(*vault_).add(other).ok());
    ASSERT_TRUE(NoteStore(*vault_).add_to_contact(id_, "Préfère le matin.\nRappeler en mars.").ok());
    NewInteraction call;
    call.contact_id = id_;
    call.direction = Direction::Inbound;
    call.outcome = Outcome::Meeting;
    call.summary = "Rendez-vous pris";
    ASSERT_TRUE(InteractionStore(*vault_).add(call).ok());
    test::write_file(tmp_ / "devis.txt", "Devis 2026-014: 3 fours, 12 400 EUR\n");
    auto doc = DocumentStore(*vault_).add(id_, tmp_ / "devis.txt", NullProgress::instance());
    ASSERT_TRUE(doc.ok()) << doc.error().message;
    exporter_ = real_exporter(host_);
    ASSERT_NE(exporter_, nullptr);
  }

  AccessExportRequest request(const std::string& format = "json") {
    AccessExportRequest r;
    r.contact_id = id_;
    r.format = format;
    r.output = tmp_ / ("out." + format);
    return r;
  }

  PluginHost host_{std::vector<fs::path>{}};
  std::shared_ptr<plugin::AccessExporter> exporter_;
  Id id_ = 0;
};

TEST_F(AccessExport, ViewHoldsEverySectionInOrderWithThePersonsDataOnly) {
  auto v = subject_view(*vault_, id_);
  ASSERT_TRUE(v.ok()) << v.error().message;
  std::vector<std::string> names;
  for (const auto& s : v->sections) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"identity", "emails", "phones", "organisation", "notes", "interactions",
                                             "documents", "provenance", "consent", "history"}));
  EXPECT_EQ(v->display_name, "Hélène Dupré");
  EXPECT_EQ(v->subject.size(), 17u);
  EXPECT_EQ(v->generated_at, "2025-11-24T16:00:00Z");
  const auto& idy = find_section(*v, "identity")->items.at(0);
  EXPECT_EQ(value_of(idy, "first_name"), "Hélène");
  EXPECT_EQ(value_of(idy, "role"), "Gérante");
  EXPECT_EQ(value_of(idy, "last_inbound_at"), "2025-11-24T16:00:00Z");  // the inbound call
  EXPECT_EQ(value_of(idy, "address"), "<absent>");  // absent values are left out, not empty
  EXPECT_EQ(value_of(find_section(*v, "emails")->items.at(0), "email"), "helene@dupre.fr");
  EXPECT_EQ(value_of(find_section(*v, "phones")->items.at(0), "label"), "mobile");
  EXPECT_EQ(value_of(find_section(*v, "organisation")->items.at(0), "siren"), "412345670");
  EXPECT_EQ(value_of(find_section(*v, "notes")->items.at(0), "text"), "Préfère le matin.\nRappeler en mars.");
  const auto& call = find_section(*v, "interactions")->items.at(0);
  EXPECT_EQ(value_of(call, "outcome"), "meeting");
  EXPECT_EQ(value_of(call, "direction"), "inbound");
  EXPECT_EQ(value_of(find_section(*v, "documents")->items.at(0), "name"), "devis.txt");
  EXPECT_TRUE(find_section(*v, "provenance")->items.empty());  // added by hand, not imported
  std::vector<std::string> actions;
  for (const auto& h : find_section(*v, "history")->items) actions.push_back(value_of(h, "action"));
  EXPECT_EQ(actions, (std::vector<std::string>{"contact.add", "note.add", "interaction.add", "doc.add"}));
  for (const auto& s : v->sections)
    for (const auto& item : s.items)
      for (const auto& f : item.fields) {
        EXPECT_FALSE(f.value.empty()) << s.name << "." << f.name;
        EXPECT_EQ(f.value.find("zoe@autre.fr"), std::string::npos) << "someone else's data in " << s.name;
      }
  auto missing = subject_view(*vault_, 9999);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
}

// The person is usually French: every title, description and label has its French, and the
// values are the same in both languages.
TEST_F(AccessExport, FrenchViewTranslatesEveryWordButNotTheValues) {
  auto en = subject_view(*vault_, id_, "en");
  auto fr = subject_view(*vault_, id_, "fr");
  ASSERT_TRUE(en.ok() && fr.ok());
  EXPECT_EQ(fr->language, "fr");
  // Words that are the same in French.
  const std::set<std::string> same = {"Source", "E-mail", "Type", "SIREN", "SIRET", "Notes", "Note", "Date",
                                      "Documents", "Document", "SHA-256", "Action"};
  ASSERT_EQ(en->sections.size(), fr->sections.size());
  for (std::size_t i = 0; i < en->sections.size(); ++i) {
    const auto &a = en->sections[i], &b = fr->sections[i];
    EXPECT_EQ(a.name, b.name);
    if (!same.count(a.title)) {
      EXPECT_NE(a.title, b.title) << "untranslated title " << a.title;
    }
    EXPECT_NE(a.description, b.description) << "untranslated description of " << a.name;
    ASSERT_EQ(a.items.size(), b.items.size());
    for (std::size_t j = 0; j < a.items.size(); ++j) {
      ASSERT_EQ(a.items[j].fields.size(), b.items[j].fields.size());
      for (std::size_t k = 0; k < a.items[j].fields.size(); ++k) {
        const auto &fa = a.items[j].fields[k], &fb = b.items[j].fields[k];
        EXPECT_EQ(fa.name, fb.name);
        EXPECT_EQ(fa.value, fb.value) << a.name << "." << fa.name;
        if (!same.count(fa.label)) {
          EXPECT_NE(fa.label, fb.label) << "untranslated label " << fa.label;
        }
      }
    }
  }
  EXPECT_EQ(find_section(*fr, "identity")->title, "Identité");
  EXPECT_EQ(find_section(*fr, "identity")->items[0].fields[0].label, "Prénom");
  auto bad = subject_view(*vault_, id_, "de");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::InvalidInput);
}

TEST_F(AccessExport, ProvenanceNamesEachImportWithItsBasisAndLine) {
  test::write_file(tmp_ / "salon.csv", "Nom;Prénom;E-mail\nDupré;Hélène;helene@dupre.fr\nNeuf;Jean;jean@neuf.fr\n");
  auto csv = host_.load(fs::path(COFFRE_BINARY_DIR) / "libcoffre-import-csv.so");
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  ImportRequest r;
  r.options.path = (tmp_ / "salon.csv").string();
  r.format = "csv";
  r.source = "Salon Batimat 2025";
  r.basis = LawfulBasis::LegitimateInterest;
  r.kind = ContactKind::B2B;  // professionals met at a trade show: legitimate interest covers them
  auto sum = run_import(*vault_, *host_.importer_for_format("csv"), r, NullProgress::instance());
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  ASSERT_EQ(sum->merged, 1);
  auto v = subject_view(*vault_, id_);
  ASSERT_TRUE(v.ok());
  const auto& p = find_section(*v, "provenance")->items;
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(value_of(p[0], "source"), "Salon Batimat 2025");
  EXPECT_EQ(value_of(p[0], "file_name"), "salon.csv");
  EXPECT_EQ(value_of(p[0], "lawful_basis"), "legitimate-interest");
  EXPECT_EQ(value_of(p[0], "action"), "merged");
  EXPECT_EQ(value_of(p[0], "line"), "2");
  EXPECT_EQ(value_of(p[0], "file_sha256").size(), 64u);
}

TEST_F(AccessExport, WritesAPrivateJsonFileAndAuditsWithoutPersonalData) {
  auto req = request();
  req.documents_dir = tmp_ / "docs";
  auto r = export_subject(*vault_, *exporter_, req, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->documents, 1);
  struct stat st {};
  ASSERT_EQ(::stat(req.output.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(static_cast<std::uint64_t>(st.st_size), r->bytes);
  auto j = nlohmann::json::parse(test::read_file(req.output));
  EXPECT_EQ(j["subject"], r->subject);
  EXPECT_EQ(j["sections"].size(), 10u);
  EXPECT_EQ(j["sections"][4]["name"], "notes");
  EXPECT_EQ(j["sections"][4]["items"][0]["text"], "Préfère le matin.\nRappeler en mars.");
  EXPECT_EQ(test::read_file(tmp_ / "docs" / "1-devis.txt"), "Devis 2026-014: 3 fours, 12 400 EUR\n");
  ASSERT_EQ(::stat((tmp_ / "docs").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  auto log = audit_entries(*vault_, 1);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->at(0).action, "access.export");
  EXPECT_EQ(log->at(0).subject, r->subject);
  EXPECT_EQ(log->at(0).details, "format=json items=" + std::to_string(r->items) + " documents=1");
}

TEST_F(AccessExport, RefusesAnExistingFileAndAnUnknownFormatWithoutWriting) {
  auto req = request();
  test::write_file(req.output, "keep me");
  auto r = export_subject(*vault_, *exporter_, req, NullProgress::instance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(test::read_file(req.output), "keep me");
  req.overwrite = true;
  ASSERT_TRUE(export_subject(*vault_, *exporter_, req, NullProgress::instance()).ok());
  EXPECT_NE(test::read_file(req.output).find("Hélène"), std::string::npos);

  auto bad = request("pdf");
  auto r2 = export_subject(*vault_, *exporter_, bad, NullProgress::instance());
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(r2.error().message.find("json"), std::string::npos) << r2.error().message;
  EXPECT_FALSE(fs::exists(bad.output));
  auto nobody = request();
  nobody.contact_id = 9999;
  nobody.output = tmp_ / "nobody.json";
  auto r3 = export_subject(*vault_, *exporter_, nobody, NullProgress::instance());
  ASSERT_FALSE(r3.ok());
  EXPECT_EQ(r3.error().kind, ErrorKind::NotFound);
  EXPECT_FALSE(fs::exists(nobody.output));
}

// A document that fails its check (altered on disk): Corruption, and neither the report nor the
// documents decrypted before it are left behind.
TEST_F(AccessExport, ATamperedDocumentLeavesNeitherReportNorDocuments) {
  test::write_file(tmp_ / "second.txt", "Deuxième pièce\n");
  auto second = DocumentStore(*vault_).add(id_, tmp_ / "second.txt", NullProgress::instance());
  ASSERT_TRUE(second.ok());
  auto st = vault_->context().db.prepare("SELECT blob_id FROM documents WHERE id = ?");
  ASSERT_TRUE(st.ok());
  st->bind(1, *second);
  ASSERT_TRUE(*st->step());
  const auto blob = storage::blob_path(vault_->context().blob_dir(), st->column_text(0));
  std::string bytes = test::read_file(blob);
  bytes[bytes.size() / 2] ^= 0x01;
  test::write_file(blob, bytes);

  auto req = request();
  req.documents_dir = tmp_ / "docs";
  auto r = export_subject(*vault_, *exporter_, req, NullProgress::instance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Corruption) << r.error().message;
  EXPECT_FALSE(fs::exists(req.output));
  EXPECT_FALSE(fs::exists(tmp_ / "docs" / "1-devis.txt")) << "the first document was left behind";
  EXPECT_TRUE(fs::is_empty(tmp_ / "docs"));
}

// A full disk in the middle of the report: an I/O error naming the file, and no partial file.
TEST_F(AccessExport, AFullDiskLeavesNoHalfWrittenExport) {
  std::string big(256 << 10, 'n');  // a note big enough to cross the limit below
  ASSERT_TRUE(NoteStore(*vault_).add_to_contact(id_, big).ok());
  auto req = request("text");
  // The same vault opened again through a FaultEnv with 64 KiB free: the report cannot fit.
  test::FaultEnv env;
  VaultOptions options;
  options.clock = &clock_;
  options.env = &env;
  auto full = Vault::open(dir_, test::secret("pw"), options);
  ASSERT_TRUE(full.ok()) << full.error().message;
  env.set_free_bytes(64 << 10);
  auto r = export_subject(**full, *exporter_, req, NullProgress::instance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::IoError) << r.error().message;
  EXPECT_NE(r.error().message.find("out.text"), std::string::npos) << r.error().message;
  EXPECT_FALSE(fs::exists(req.output));
}

class AccessExportCli : public test::CliVault {};

TEST_F(AccessExportCli, ExportsTextAndJsonAndFailsClearly) {
  ASSERT_EQ(run({"contact", "add", "--first-name", "Hélène", "--last-name", "Dupré", "--email", "helene@dupre.fr"}).code, 0);
  const auto out = tmp_ / "sar.txt";
  auto r = run({"access", "export", "1", "--format", "text", "-o", out.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("send it to them securely"), std::string::npos) << r.out;
  const std::string text = test::read_file(out);
  EXPECT_NE(text.find("Hélène Dupré"), std::string::npos) << text;
  EXPECT_NE(text.find("helene@dupre.fr"), std::string::npos);

  auto again = run({"access", "export", "1", "--format", "text", "-o", out.string()});
  EXPECT_NE(again.code, 0);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;

  auto j = run_json({"access", "export", "1", "-o", (tmp_ / "sar.json").string()});
  EXPECT_EQ(j["format"], "json");
  EXPECT_EQ(j["contact"], 1);
  EXPECT_GT(j["items"].get<int>(), 3);
  auto parsed = nlohmann::json::parse(test::read_file(tmp_ / "sar.json"));
  EXPECT_EQ(parsed["subject"], j["subject"]);

  const auto lettre = tmp_ / "lettre.txt";
  ASSERT_EQ(run({"access", "export", "1", "--format", "text", "--lang", "fr", "-o", lettre.string()}).code, 0);
  const std::string fr = test::read_file(lettre);
  EXPECT_EQ(fr.rfind("Données personnelles détenues sur Hélène Dupré", 0), 0u) << fr;
  EXPECT_NE(fr.find("  Prénom: Hélène\n"), std::string::npos) << fr;
  EXPECT_NE(run({"access", "export", "1", "--lang", "de"}).code, 0);

  auto unknown = run({"access", "export", "1", "--format", "pdf"});
  EXPECT_NE(unknown.code, 0);
  EXPECT_NE(unknown.err.find("known formats: json, text"), std::string::npos) << unknown.err;
  auto nobody = run({"access", "export", "42"});
  EXPECT_NE(nobody.code, 0);
  EXPECT_NE(nobody.err.find("42"), std::string::npos) << nobody.err;
  auto help = test::run_coffre({"access", "export", "--help"}, scratch());
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--documents"), std::string::npos);
}

}  // namespace
}  // namespace coffre
