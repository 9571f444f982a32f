// Invoices and accounting records (issue 13): kept 10 years (Code de commerce art. L123-22) from the
// end of their calendar year, past their person's erasure, under the pseudonym and a key of their
// own; every other document goes with the person; a retention run shreds a kept record at its date.
#include <gtest/gtest.h>

#include "coffre/app/erase.h"
#include "coffre/app/retention.h"
#include "coffre/certificate.h"
#include "coffre/documents.h"
#include "coffre/erasure.h"
#include "coffre/stores.h"
#include "fakes/session_fixture.h"
#include "fakes/test_support.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;

Time at(const std::string& date) {
  Time t = 0;
  EXPECT_TRUE(parse_utc(date, t)) << date;
  return t;
}

class KeptDocuments : public test::SessionTest {
 protected:
  void SetUp() override {
    clock_.set(at("2026-06-01T09:00:00Z"));
    test::SessionTest::SetUp();
    NewContact c;
    c.first_name = "Hélène";
    c.last_name = "Facturée";
    c.emails = {{"helene@exemple.fr", std::nullopt}};
    c.category = Category::Client;
    auto id = ContactStore(vault()).add(c);
    ASSERT_TRUE(id.ok()) << id.error().message;
    person_ = *id;
  }
  Id add_doc(const std::string& name, const std::string& content, DocumentOptions options = {}) {
    const fs::path file = tmp_ / name;
    test::write_file(file, content);
    auto id = DocumentStore(vault()).add(person_, file, NullProgress::instance(), options);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
  std::string get(Id doc) {
    const fs::path out = tmp_ / ("out-" + std::to_string(doc));
    auto s = DocumentStore(vault()).get(doc, out, NullProgress::instance(), true);
    if (!s.ok()) return "ERROR: " + s.message();
    return test::read_file(out);
  }
  std::size_t blob_files() {
    std::size_t n = 0;
    for (auto& e : fs::recursive_directory_iterator(dir_ / "blobs")) n += e.is_regular_file() ? 1 : 0;
    return n;
  }
  Id person_ = 0;
};

TEST_F(KeptDocuments, TheTenYearsEndWithTheTenthYearAfterTheDocumentsYear) {
  EXPECT_EQ(accounting_keep_until(at("2026-01-01")), at("2037-01-01"));
  EXPECT_EQ(accounting_keep_until(at("2026-12-31T23:59:59Z")), at("2037-01-01"));
  EXPECT_EQ(accounting_keep_until(at("2024-02-29")), at("2035-01-01"));
}

TEST_F(KeptDocuments, AnInvoiceOutlivesItsPersonUnderThePseudonymThenRetentionShredsItAtItsDate) {
  DocumentOptions invoice;
  invoice.kind = DocumentKind::Invoice;
  invoice.dated_at = at("2026-03-15");
  const Id kept = add_doc("facture-2026-031.pdf", "FACTURE-MARQUEUR-31", invoice);
  const Id other = add_doc("devis.pdf", "DEVIS-MARQUEUR-77", {DocumentKind::Quote, std::nullopt});
  auto info = DocumentStore(vault()).info(kept);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->kind, DocumentKind::Invoice);
  EXPECT_EQ(info->keep_until, at("2037-01-01"));
  EXPECT_FALSE(DocumentStore(vault()).info(other)->keep_until.has_value());
  ASSERT_EQ(blob_files(), 2u);

  auto proofs = app::erase_people(*session_, {person_}, "request", NullProgress::instance());
  ASSERT_TRUE(proofs.ok()) << proofs.error().message;
  const ErasureProof& proof = proofs->front();
  EXPECT_EQ(proof.documents, 1);  // the quote, shredded
  EXPECT_TRUE(proof.subject_key_destroyed);
  EXPECT_EQ(proof.documents_kept, 1);
  EXPECT_EQ(proof.documents_kept_until, at("2037-01-01"));
  EXPECT_EQ(blob_files(), 1u);
  EXPECT_EQ(get(other).rfind("ERROR", 0), 0u);

  // Kept: readable without the person's key (destroyed), named by the pseudonym only.
  EXPECT_EQ(get(kept), "FACTURE-MARQUEUR-31");
  auto list = DocumentStore(vault()).list_kept();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, kept);
  EXPECT_EQ((*list)[0].subject, proof.subject);
  EXPECT_EQ((*list)[0].kind, DocumentKind::Invoice);
  EXPECT_EQ((*list)[0].name, "facture-2026-031.pdf");

  // The certificate says what is kept, until when and why, and what the erasure cannot reach.
  auto read = verify_erasure_certificate(vault(), proof.certificate);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->documents_kept, 1);
  EXPECT_EQ(read->documents_kept_until, at("2037-01-01"));
  EXPECT_NE(proof.certificate.find("L123-22"), std::string::npos);
  EXPECT_EQ(read->residual_risks,
            (std::vector<std::string>{"exports-made-earlier", "backups-until-they-expire", "storage-keeping-old-copies"}));
  auto check = DocumentStore(vault()).check_all(NullProgress::instance());
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->checked, 1);
  EXPECT_TRUE(check->failures.empty());

  // Due in the plan on its date, not a day before; the run shreds it, blob first.
  auto before = plan_retention(vault(), at("2036-12-31"), 0);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->documents_due.empty());
  auto on = plan_retention(vault(), at("2037-01-01"), 0);
  ASSERT_TRUE(on.ok());
  ASSERT_EQ(on->documents_due.size(), 1u);
  EXPECT_EQ(on->documents_due[0].id, kept);

  clock_.set(at("2037-01-02"));
  app::RetentionRunOptions options;
  options.summary = tmp_ / "run.json";
  auto run = app::retention_run(*session_, options, NullProgress::instance());
  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_EQ(run->documents_expired.size(), 1u);
  EXPECT_EQ(run->failed, 0);
  EXPECT_EQ(blob_files(), 0u);
  EXPECT_TRUE(DocumentStore(vault()).list_kept()->empty());
  EXPECT_EQ(DocumentStore(vault()).info(kept).error().kind, ErrorKind::NotFound);
  auto summary = verify_certificate(vault(), "coffre-retention-run/1", test::read_file(tmp_ / "run.json"));
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_NE(summary->find("\"documents_expired\":1"), std::string::npos) << *summary;
}

TEST_F(KeptDocuments, AnInvoicePastItsTenYearsGoesWithThePerson) {
  DocumentOptions invoice;
  invoice.kind = DocumentKind::Accounting;
  invoice.dated_at = at("2014-05-01");  // kept until 2025-01-01: already over
  add_doc("grand-livre-2014.pdf", "LIVRE-2014", invoice);
  auto proofs = app::erase_people(*session_, {person_}, "manual", NullProgress::instance());
  ASSERT_TRUE(proofs.ok()) << proofs.error().message;
  EXPECT_EQ(proofs->front().documents, 1);
  EXPECT_EQ(proofs->front().documents_kept, 0);
  EXPECT_EQ(blob_files(), 0u);
  EXPECT_TRUE(DocumentStore(vault()).list_kept()->empty());
}

TEST_F(KeptDocuments, IdsAreNeverSharedBetweenADocumentAndAKeptOne) {
  DocumentOptions invoice;
  invoice.kind = DocumentKind::Invoice;
  const Id kept = add_doc("facture.pdf", "F", invoice);
  ASSERT_TRUE(app::erase_people(*session_, {person_}, "manual", NullProgress::instance()).ok());
  NewContact c;
  c.last_name = "Suivant";
  auto next = ContactStore(vault()).add(c);
  ASSERT_TRUE(next.ok());
  person_ = *next;
  const Id fresh = add_doc("autre.txt", "A");
  EXPECT_GT(fresh, kept);
  EXPECT_EQ(get(kept), "F");
  EXPECT_EQ(get(fresh), "A");
}

}  // namespace
}  // namespace coffre
