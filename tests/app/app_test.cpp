// A front end that is not the CLI does everything through coffre/app/: open a session with the
// plugins it chose, import, undo, erase for a reason in words, answer an access request, shred
// with a certificate, suppress and check. Each use case validates its own input and writes its
// own audit entry.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "coffre/app/access.h"
#include "coffre/app/check.h"
#include "coffre/app/erase.h"
#include "coffre/app/import.h"
#include "coffre/app/passphrase.h"
#include "coffre/app/session.h"
#include "coffre/app/shred.h"
#include "coffre/app/suppression.h"
#include "coffre/audit.h"
#include "coffre/stores.h"
#include "fakes/test_support.h"
#include "fakes/session_fixture.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;

class AppTest : public test::SessionTest {
 protected:
  // The audit log's actions, oldest first.
  std::vector<std::string> actions() {
    auto entries = audit_entries(session_->vault(), 1000);
    std::vector<std::string> out;
    if (entries.ok())
      for (const auto& e : *entries) out.push_back(e.action);
    return out;
  }
  bool audited(const std::string& action) {
    auto a = actions();
    return std::find(a.begin(), a.end(), action) != a.end();
  }
  fs::path csv(const std::string& name, const std::string& body) {
    test::write_file(tmp_ / name, body);
    return tmp_ / name;
  }
};

TEST_F(AppTest, ImportsUndoesAndShredsTheSource) {
  app::ImportFileRequest req;
  req.file = csv("p.csv", "Prénom;Nom;E-mail\nHélène;Dupont;h.dupont@exemple.fr\nLuc;Martin;luc@exemple.fr\n");
  req.source = "Salon 2026";
  req.shred_source = true;
  auto r = app::import_file(*session_, req, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->summary.added, 2);
  EXPECT_EQ(r->request.format, "csv");  // sniffed by the plugins the session was given
  ASSERT_TRUE(r->shred_status.ok()) << r->shred_status.message();
  ASSERT_TRUE(r->source_shredded.has_value());
  EXPECT_FALSE(fs::exists(req.file));
  auto undo = app::undo_import(*session_, r->summary.batch, NullProgress::instance());
  ASSERT_TRUE(undo.ok()) << undo.error().message;
  EXPECT_EQ(undo->erased, 2);
  EXPECT_EQ(*ContactStore(session_->vault()).count(), 0);
}

TEST_F(AppTest, ImportValidatesWhatAPersonTyped) {
  app::ImportFileRequest req;
  req.file = csv("p.csv", "Nom;E-mail\nDupont;d@exemple.fr\n");
  req.delimiter = "pipe";
  EXPECT_EQ(app::import_file(*session_, req, NullProgress::instance()).error().kind, ErrorKind::Usage);
  req.delimiter = ";";
  req.basis = "because";
  EXPECT_EQ(app::import_file(*session_, req, NullProgress::instance()).error().kind, ErrorKind::Usage);
  req.basis = "consent";
  req.dry_run = true;
  req.shred_source = true;
  EXPECT_EQ(app::import_file(*session_, req, NullProgress::instance()).error().kind, ErrorKind::Usage);
  req.shred_source = false;
  req.report_file = tmp_ / "rejected.csv";
  EXPECT_EQ(app::import_file(*session_, req, NullProgress::instance()).error().kind, ErrorKind::Usage);
  req.report_file.clear();
  req.file = tmp_.path();
  EXPECT_EQ(app::import_file(*session_, req, NullProgress::instance()).error().kind, ErrorKind::InvalidInput);
  req.file = tmp_ / "missing.csv";
  EXPECT_EQ(app::import_file(*session_, req, NullProgress::instance()).error().kind, ErrorKind::NotFound);
  EXPECT_TRUE(fs::exists(tmp_ / "p.csv"));
}

TEST_F(AppTest, KeepsTheSourceWhenRejectedRowsLiveOnlyInIt) {
  app::ImportFileRequest req;
  req.file = csv("p.csv", "Nom;E-mail\nDupont;d@exemple.fr\nMartin;not-an-address\n");
  req.skip_invalid = true;
  req.shred_source = true;
  auto r = app::import_file(*session_, req, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->summary.rejected, 1);
  EXPECT_EQ(r->shred_status.kind(), ErrorKind::Conflict);
  EXPECT_TRUE(fs::exists(req.file));
  // With a report the rejected rows are kept elsewhere (0600), so the source goes.
  req.file = csv("q.csv", "Nom;E-mail\nDurand;x@exemple.fr\nPetit;still-not-an-address\n");
  req.report_file = tmp_ / "rejected.csv";
  r = app::import_file(*session_, req, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->shred_status.ok()) << r->shred_status.message();
  EXPECT_FALSE(fs::exists(req.file));
  struct stat st {};
  ASSERT_EQ(::stat(req.report_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(test::read_file(req.report_file).find("still-not-an-address"), std::string::npos);
}

TEST_F(AppTest, ErasesForAReasonInWords) {
  NewContact c;
  c.last_name = "Benali";
  c.emails = {{"k.benali@exemple.fr", ""}};
  auto id = ContactStore(session_->vault()).add(c);
  ASSERT_TRUE(id.ok());
  auto bad = app::erase_people(*session_, {*id}, "because", NullProgress::instance());
  EXPECT_EQ(bad.error().kind, ErrorKind::Usage);
  EXPECT_EQ(app::erase_people(*session_, {*id}, "import-undo", NullProgress::instance()).error().kind, ErrorKind::Usage);
  EXPECT_TRUE(ContactStore(session_->vault()).get(*id).ok());  // nothing erased on a bad word
  auto proofs = app::erase_people(*session_, {*id}, "objection", NullProgress::instance());
  ASSERT_TRUE(proofs.ok()) << proofs.error().message;
  EXPECT_TRUE(proofs->front().suppressed);
  test::write_file(tmp_ / "cert.json", proofs->front().certificate);
  auto verified = app::verify_certificate_file(*session_, tmp_ / "cert.json");
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->reason, ErasureReason::Objection);
  auto answers = app::check_suppression(*session_, {"K.Benali@Exemple.fr"}, {});
  ASSERT_TRUE(answers.ok());
  EXPECT_TRUE(answers->front().suppressed);
  EXPECT_EQ(app::verify_certificate_file(*session_, tmp_ / "none.json").error().kind, ErrorKind::NotFound);
}

TEST_F(AppTest, SuppressesValuesTypedInAnyUsualForm) {
  auto r = app::suppress_values(*session_, {" Refus@Exemple.FR "}, {"06 12 34 56 78"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->added, 2u);
  EXPECT_EQ(r->entries, 2);
  auto answers = app::check_suppression(*session_, {"refus@exemple.fr"}, {"+33612345678"});
  ASSERT_TRUE(answers.ok());
  ASSERT_EQ(answers->size(), 2u);
  EXPECT_TRUE((*answers)[0].suppressed);
  EXPECT_TRUE((*answers)[1].suppressed);
  EXPECT_EQ((*answers)[1].value, "+33612345678");
  EXPECT_EQ(app::suppress_values(*session_, {"nope"}, {}).error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(app::suppress_values(*session_, {}, {}).error().kind, ErrorKind::Usage);
}

TEST_F(AppTest, AnswersAnAccessRequestIntoAPrivateFile) {
  NewContact c;
  c.first_name = "Hélène";
  c.last_name = "Dupont";
  auto id = ContactStore(session_->vault()).add(c);
  ASSERT_TRUE(id.ok());
  app::AccessExportOptions o;
  o.contact_id = *id;
  o.format = "text";
  o.output = tmp_ / "acces.txt";
  auto r = app::export_access(*session_, o, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(test::read_file(o.output).find("Dupont"), std::string::npos);
  EXPECT_TRUE(audited("access.export"));
  o.format = "pdf";
  auto none = app::export_access(*session_, o, NullProgress::instance());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::NotFound);
  EXPECT_NE(none.error().message.find("known formats"), std::string::npos) << none.error().message;
}

TEST_F(AppTest, ShredsWithASignedCertificate) {
  test::write_file(tmp_ / "old.csv", "Nom\nDupont\n");
  plugin::ShredOptions o;
  auto r = app::shred_files_with_certificate(*session_, {(tmp_ / "old.csv").string()}, o, tmp_ / "cert.json",
                                             NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->errors, 0u);
  EXPECT_FALSE(fs::exists(tmp_ / "old.csv"));
  struct stat st {};
  ASSERT_EQ(::stat((tmp_ / "cert.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(test::read_file(tmp_ / "cert.json").find("coffre-shred-certificate/1"), std::string::npos);
  EXPECT_TRUE(audited("shred.run"));
  // An existing certificate file stops the run before anything is destroyed.
  test::write_file(tmp_ / "keep.csv", "Nom\nMartin\n");
  auto again = app::shred_files_with_certificate(*session_, {(tmp_ / "keep.csv").string()}, o, tmp_ / "cert.json",
                                                 NullProgress::instance());
  EXPECT_EQ(again.error().kind, ErrorKind::Conflict);
  EXPECT_TRUE(fs::exists(tmp_ / "keep.csv"));
  o.dry_run = true;
  EXPECT_EQ(app::shred_files_with_certificate(*session_, {"x"}, o, tmp_ / "c2.json", NullProgress::instance())
                .error()
                .kind,
            ErrorKind::Usage);
}

TEST_F(AppTest, ChecksAndRepairs) {
  auto r = app::check(*session_, /*repair=*/true, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->report.ok());
  ASSERT_TRUE(r->repaired.has_value());
  EXPECT_EQ(*r->repaired, 0);
  auto plain = app::check(*session_, false, NullProgress::instance());
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->repaired.has_value());
}

TEST_F(AppTest, NoPluginsMeansAClearErrorNotADifferentBehaviour) {
  PluginHost none(std::vector<fs::path>{});
  auto s = app::Session::open(dir_, test::secret("pw"), none, app::SessionOptions{&clock_});
  ASSERT_TRUE(s.ok()) << s.error().message;
  app::ImportFileRequest req;
  req.file = csv("p.csv", "Nom;E-mail\nDupont;d@exemple.fr\n");
  auto r = app::import_file(**s, req, NullProgress::instance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(app::shred_files(none, {"x"}, {}, NullProgress::instance()).error().kind, ErrorKind::NotFound);
}

// Issue 9: a new passphrase is judged by what a guesser makes of it, not by its length.
TEST(Passphrase, StrengthIsWhatAGuesserMakesOfIt) {
  for (const char* weak : {"x", "soleil", "Bonjour2024!", "motdepasse123", "coffre2026", "azertyuiop"}) {
    EXPECT_FALSE(app::passphrase_strength(test::secret(weak)).enough) << weak;
    EXPECT_EQ(app::check_new_passphrase(test::secret(weak), false).kind(), ErrorKind::InvalidInput) << weak;
    EXPECT_TRUE(app::check_new_passphrase(test::secret(weak), /*allow_weak=*/true).ok()) << weak;
  }
  for (const char* strong : {"correct horse battery staple", "marmotte cerise tuba quinze", "Tr0ub4dor&3-lyon"})
    EXPECT_TRUE(app::check_new_passphrase(test::secret(strong), false).ok()) << strong;
}

}  // namespace
}  // namespace coffre
