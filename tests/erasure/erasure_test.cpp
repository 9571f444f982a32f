// The one erasure path: rows, search terms, subject key and blobs gone; the audit entry and the
// signed certificate say what was erased and name the person by pseudonym only.
#include "coffre/erasure.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "coffre/audit.h"
#include "coffre/suppression.h"
#include "fakes/sql_contacts.h"
#include "fakes/vault_fixture.h"
#include "storage/blob_paths.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::secret;

class Erasure : public test::VaultTest {
 protected:
  // A document row and a blob file, as DocumentStore would leave them (content is irrelevant here).
  std::filesystem::path add_fake_blob(std::int64_t contact_id) {
    const auto blob = storage::new_blob_id();
    const auto path = storage::blob_path(vault_->context().blob_dir(), blob);
    std::filesystem::create_directories(path.parent_path());
    test::write_file(path, std::string(100000, 'Z'));
    auto st = vault_->context().db.prepare("INSERT INTO documents(contact_id, blob_id, name, size, sha256, added_at) "
                                           "VALUES(?,?,'scan.pdf',100000,'00',0)");
    EXPECT_TRUE(st->bind(1, contact_id).bind(2, blob).run().ok());
    return path;
  }
};

TEST_F(Erasure, RemovesEveryRowSearchTermAndBlob) {
  test::SqlContact c;
  c.first_name = "Zorglubette";
  c.last_name = "Quintessoire";
  c.emails = {"zorglubette@example.fr"};
  c.phones = {"+33612345678"};
  c.notes = {"aime les xylophonistes"};
  c.interaction_summary = "rappel prevu";
  const auto id = test::add_sql_contact(*vault_, c);
  const auto other = test::add_sql_contact(*vault_, {});
  const auto blob = add_fake_blob(id);
  const auto pseudonym = test::pseudonym_of(*vault_, id);
  // Positive control: before erasure the terms are in the index.
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM search_terms WHERE term = 'zorglubette'"), 1);
  const auto terms = test::sql_count(*vault_, "SELECT count(*) FROM search_terms WHERE contact_id = " + std::to_string(id));
  EXPECT_GT(terms, 5);

  auto proof = erase_contact(*vault_, id, ErasureReason::Manual);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_EQ(proof->subject, pseudonym);
  EXPECT_EQ(proof->documents, 1);
  // contact + email + phone + note + interaction + document + each search term
  EXPECT_EQ(proof->rows, 6 + terms);
  EXPECT_FALSE(proof->suppressed);
  EXPECT_FALSE(std::filesystem::exists(blob));

  const std::string sid = std::to_string(id);
  for (const char* table : {"contact_emails", "contact_phones", "interactions", "notes", "documents", "subject_keys"})
    EXPECT_EQ(test::sql_count(*vault_, std::string("SELECT count(*) FROM ") + table + " WHERE contact_id = " + sid), 0)
        << table;
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM contacts WHERE id = " + sid), 0);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM contacts WHERE id = " + std::to_string(other)), 1);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM search_terms WHERE term LIKE '%zorglub%'"), 0);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM search_terms WHERE term = 'xylophonistes'"), 0);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM search_terms WHERE contact_id = " + sid), 0);
  // The bystander's terms are untouched.
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM search_terms WHERE term = 'martin'"), 1);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM erasure_journal WHERE state = 'done'"), 1);

  auto entries = audit_entries(*vault_, 1);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action, "contact.erase");
  EXPECT_EQ((*entries)[0].subject, pseudonym);
  EXPECT_EQ((*entries)[0].details.find("Zorglub"), std::string::npos);
  auto audit = verify_audit(*vault_);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->ok) << audit->reason;
}

TEST_F(Erasure, CertificateIsSignedAndTamperingIsDetected) {
  const auto id = test::add_sql_contact(*vault_, {});
  add_fake_blob(id);
  auto proof = erase_contact(*vault_, id, ErasureReason::Request);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  auto j = nlohmann::json::parse(proof->certificate);
  EXPECT_EQ(j["certificate"]["subject"], proof->subject);
  EXPECT_EQ(j["certificate"]["reason"], "request");
  EXPECT_EQ(j["certificate"]["documents"], 1);
  EXPECT_EQ(j["certificate"]["erased_at"], format_utc(clock_.now()));
  auto ok = verify_erasure_certificate(*vault_, proof->certificate);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->subject, proof->subject);
  EXPECT_EQ(ok->rows, proof->rows);

  j["certificate"]["documents"] = 0;
  auto forged = verify_erasure_certificate(*vault_, j.dump());
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().kind, ErrorKind::Corruption);
  EXPECT_FALSE(verify_erasure_certificate(*vault_, "not json").ok());
  // Another vault's key does not verify it.
  test::TempDir other_tmp;
  ASSERT_TRUE(Vault::create(other_tmp / "w", secret("pw"), fast_kdf()).ok());
  auto other = Vault::open(other_tmp / "w", secret("pw"));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(verify_erasure_certificate(**other, proof->certificate).ok());
}

TEST_F(Erasure, ObjectionAddsSuppressionEntriesThatOutliveThePerson) {
  test::SqlContact c;
  c.emails = {"objecteur@example.fr"};
  c.phones = {"+33700000001"};
  const auto id = test::add_sql_contact(*vault_, c);
  auto before = is_suppressed_email(*vault_, "objecteur@example.fr");
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(*before);
  auto proof = erase_contact(*vault_, id, ErasureReason::Objection);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_TRUE(proof->suppressed);
  EXPECT_TRUE(*is_suppressed_email(*vault_, "Objecteur@Example.FR"));
  EXPECT_TRUE(*is_suppressed_phone(*vault_, "+33700000001"));
  EXPECT_FALSE(*is_suppressed_phone(*vault_, "+33700000002"));
  EXPECT_EQ(*suppression_count(*vault_), 2);
  // A manual erasure does not suppress.
  test::SqlContact d;
  d.emails = {"manuel@example.fr"};
  auto proof2 = erase_contact(*vault_, test::add_sql_contact(*vault_, d), ErasureReason::Manual);
  ASSERT_TRUE(proof2.ok());
  EXPECT_FALSE(*is_suppressed_email(*vault_, "manuel@example.fr"));
}

TEST_F(Erasure, UnknownIdErasesNothing) {
  const auto id = test::add_sql_contact(*vault_, {});
  auto r = erase_contacts(*vault_, {id, 999999}, ErasureReason::Retention, NullProgress::instance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM contacts WHERE id = " + std::to_string(id)), 1);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM erasure_journal"), 0);
}

TEST_F(Erasure, BatchErasesAllWithOneProofEach) {
  std::vector<Id> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(test::add_sql_contact(*vault_, {}));
  auto r = erase_contacts(*vault_, ids, ErasureReason::Retention, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 5u);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM contacts"), 0);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM erasure_journal WHERE state = 'done'"), 5);
  // The WAL was truncated by the checkpoint; only the journal update may follow it.
  EXPECT_LT(std::filesystem::file_size(dir_ / "vault.db-wal"), 64u * 1024);
}

TEST_F(Erasure, RefusesToRunInsideATransaction) {
  const auto id = test::add_sql_contact(*vault_, {});
  ASSERT_TRUE(vault_->context().db.exec("BEGIN").ok());
  auto r = erase_contact(*vault_, id, ErasureReason::Manual);
  ASSERT_TRUE(vault_->context().db.exec("ROLLBACK").ok());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Internal);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM erasure_journal"), 0);
  EXPECT_TRUE(erase_contact(*vault_, id, ErasureReason::Manual).ok());
}

class RecordingShredder final : public BlobShredder {
 public:
  Status shred(const std::filesystem::path& file) override {
    files.push_back(file);
    std::filesystem::remove(file);
    return {};
  }
  std::vector<std::filesystem::path> files;
};

TEST_F(Erasure, UsesTheShredderTheVaultWasOpenedWith) {
  auto shredder = std::make_shared<RecordingShredder>();
  reopen(shredder);
  EXPECT_EQ(&vault_->blob_shredder(), shredder.get());
  const auto id = test::add_sql_contact(*vault_, {});
  const auto blob = add_fake_blob(id);
  auto proof = erase_contact(*vault_, id, ErasureReason::Manual);
  ASSERT_TRUE(proof.ok());
  ASSERT_EQ(shredder->files.size(), 1u);
  EXPECT_EQ(shredder->files[0], blob);
}

}  // namespace
}  // namespace coffre
