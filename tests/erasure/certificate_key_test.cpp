// Certificates anyone can check (issue 17 item 5): the vault's public key verifies them without the
// passphrase; each names the audit head it was signed at, and a vault that no longer has that entry
// (an older copy put back) refuses it; the WAL's state is read from the disk, not assumed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "coffre/audit.h"
#include "coffre/certificate.h"
#include "coffre/erasure.h"
#include "fakes/sql_contacts.h"
#include "fakes/vault_fixture.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::secret;

class CertificateKey : public test::VaultTest {};

TEST_F(CertificateKey, PublicKeyAloneVerifiesAndRefusesAlterations) {
  const auto id = test::add_sql_contact(*vault_, {});
  auto proof = erase_contact(*vault_, id, ErasureReason::Objection);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  const std::string key = export_public_key(*vault_);
  const auto key_json = nlohmann::json::parse(key);
  EXPECT_EQ(key_json["format"], "coffre-public-key/1");
  EXPECT_EQ(key_json["fingerprint"], public_key_fingerprint(*vault_));
  EXPECT_EQ(key_json["fingerprint"].get<std::string>().size(), 39u);  // 8 groups of 4 and 7 spaces
  vault_.reset();  // no vault from here on

  auto ok = verify_erasure_certificate_with_key(proof->certificate, key);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->subject, proof->subject);
  EXPECT_EQ(ok->suppressed, proof->suppressed);
  EXPECT_EQ(ok->rows, proof->rows);
  // The bare hex key works too.
  EXPECT_TRUE(verify_erasure_certificate_with_key(proof->certificate, key_json["public_key"].get<std::string>()).ok());

  auto j = nlohmann::json::parse(proof->certificate);
  j["certificate"]["rows"] = 0;
  auto forged = verify_erasure_certificate_with_key(j.dump(), key);
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().kind, ErrorKind::Corruption);

  // Another vault's key refuses it.
  test::TempDir other_tmp;
  ASSERT_TRUE(Vault::create(other_tmp / "w", secret("pw"), fast_kdf()).ok());
  auto other = Vault::open(other_tmp / "w", secret("pw"));
  ASSERT_TRUE(other.ok());
  auto wrong = verify_erasure_certificate_with_key(proof->certificate, export_public_key(**other));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Corruption);

  // A key that is not one is a usage problem, not a forged certificate.
  auto garbage = verify_erasure_certificate_with_key(proof->certificate, "not a key");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().kind, ErrorKind::InvalidInput);
}

TEST_F(CertificateKey, NamesTheAuditHeadAndTheWalAsFoundOnDisk) {
  const auto id = test::add_sql_contact(*vault_, {});
  auto proof = erase_contact(*vault_, id, ErasureReason::Manual);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  const auto body = nlohmann::json::parse(proof->certificate)["certificate"];
  ASSERT_TRUE(body.contains("audit_head"));
  // Signed after the erasure's own entry: the head is that entry or a later one, and the vault
  // holds it with the same hash.
  auto entries = audit_entries(*vault_, 50);
  ASSERT_TRUE(entries.ok());
  std::int64_t erase_seq = 0;
  for (const auto& e : *entries)
    if (e.action == "contact.erase") erase_seq = e.seq;
  EXPECT_GE(body["audit_head"]["seq"].get<std::int64_t>(), erase_seq);
  EXPECT_EQ(body["audit_head"]["hash"].get<std::string>().size(), 64u);
  EXPECT_TRUE(verify_erasure_certificate(*vault_, proof->certificate).ok());
  // The erasure's checkpoint emptied the WAL before the certificate was written (the certificate's
  // own transaction then starts a new WAL), and the certificate says what was found. This cannot
  // tell a measured `true` from a written-in one: a checkpoint that cannot truncate fails the
  // erasure before any certificate (ErasureJournal), so `false` is never seen here; the field is
  // read from the WAL's size on disk (erasure_journal.cpp).
  EXPECT_TRUE(body["wal_truncated"].get<bool>());
  EXPECT_TRUE(proof->wal_truncated);
}

TEST_F(CertificateKey, AnOlderCopyOfTheVaultRefusesALaterCertificate) {
  const auto a = test::add_sql_contact(*vault_, {});
  const auto b = test::add_sql_contact(*vault_, {});
  ASSERT_TRUE(erase_contact(*vault_, a, ErasureReason::Manual).ok());
  // A copy of the whole folder as it is now (database, key slots, anchor: consistent)...
  vault_.reset();
  test::TempDir copy_tmp;
  std::filesystem::copy(dir_, copy_tmp / "old", std::filesystem::copy_options::recursive);
  reopen();
  // ...then b is erased in the live vault only.
  auto later = erase_contact(*vault_, b, ErasureReason::Manual);
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(verify_erasure_certificate(*vault_, later->certificate).ok());
  auto old = Vault::open(copy_tmp / "old", secret("pw"));
  ASSERT_TRUE(old.ok()) << old.error().message;
  auto refused = verify_erasure_certificate(**old, later->certificate);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Corruption);
  EXPECT_NE(refused.error().message.find("does not have"), std::string::npos) << refused.error().message;
  // The signature itself still holds: the public key alone cannot see the history, and says so
  // only by checking the signature.
  EXPECT_TRUE(verify_erasure_certificate_with_key(later->certificate, export_public_key(**old)).ok());
}

}  // namespace
}  // namespace coffre
