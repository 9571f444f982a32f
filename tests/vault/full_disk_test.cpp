// A full disk: the vault is opened through a FaultEnv with a few bytes free (tests/fakes/
// fault_env.h), so that writes growing its files past them fail with ENOSPC, the database's
// included (through its VFS shim). The operation must fail with an I/O error naming what it was
// writing, and the vault, reopened with the real Env, must be exactly as before: check passes, no
// half-added document, no blob or temp file left, no contact from a rolled-back batch.
#include <gtest/gtest.h>

#include "coffre/check.h"
#include "coffre/documents.h"
#include "coffre/erasure.h"
#include "coffre/stores.h"
#include "coffre/vault.h"
#include "fakes/fault_env.h"
#include "fakes/test_support.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::secret;

// Opens the vault at `dir` through `env`, which then has `free` bytes left.
Result<std::unique_ptr<Vault>> open_with_free_bytes(test::FaultEnv& env, const std::filesystem::path& dir,
                                                    std::uint64_t free) {
  VaultOptions options;
  options.env = &env;
  auto v = Vault::open(dir, secret("pw"), options);
  env.set_free_bytes(free);
  return v;
}

std::size_t files_under(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

class FullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Vault::create(dir_, secret("pw"), fast_kdf()).ok());
    auto v = Vault::open(dir_, secret("pw"));
    ASSERT_TRUE(v.ok());
    NewContact c;
    c.first_name = "Hélène";
    c.last_name = "Dupont";
    c.emails = {{"h.dupont@exemple.fr", std::nullopt}};
    auto id = ContactStore(**v).add(c);
    ASSERT_TRUE(id.ok()) << id.error().message;
    contact_ = *id;
    (void)(*v)->context();  // the vault closes (and checkpoints) here
  }

  void expect_vault_unchanged(std::int64_t contacts) {
    auto v = Vault::open(dir_, secret("pw"));
    ASSERT_TRUE(v.ok()) << v.error().message;
    auto report = check_vault(**v);
    ASSERT_TRUE(report.ok());
    for (const auto& i : report->items) EXPECT_TRUE(i.ok) << i.name << ": " << i.detail;
    auto docs = DocumentStore(**v).list(contact_);
    ASSERT_TRUE(docs.ok());
    EXPECT_TRUE(docs->empty());
    auto n = ContactStore(**v).count();
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, contacts);
    EXPECT_EQ(files_under(dir_ / "blobs"), 0u) << "a blob or temp file was left behind";
  }

  test::TempDir tmp_;
  std::filesystem::path dir_ = tmp_ / "v";
  Id contact_ = 0;
};

TEST_F(FullDisk, DocumentAddFailsCleanly) {
  const auto big = tmp_ / "scan.pdf";
  test::write_file(big, std::string(8 << 20, 'x'));
  {
    test::FaultEnv env;
    auto v = open_with_free_bytes(env, dir_, 4 << 20);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(*env.free_space(dir_), 4u << 20);
    auto r = DocumentStore(**v).add(contact_, big, NullProgress::instance());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::IoError) << r.error().message;
    EXPECT_NE(r.error().message.find("blobs"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("No space left"), std::string::npos) << r.error().message;
  }
  expect_vault_unchanged(1);
}

TEST_F(FullDisk, BatchOfContactsRollsBackWhole) {
  {
    test::FaultEnv env;
    auto v = open_with_free_bytes(env, dir_, 1 << 20);
    ASSERT_TRUE(v.ok()) << v.error().message;
    std::vector<NewContact> batch(20000);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i].first_name = "Prénom" + std::to_string(i);
      batch[i].last_name = "Nom de famille assez long pour remplir des pages " + std::to_string(i);
      batch[i].emails = {{"contact" + std::to_string(i) + "@exemple.fr", std::nullopt}};
    }
    auto r = ContactStore(**v).add_batch(batch, NullProgress::instance());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::IoError) << r.error().message;
    EXPECT_NE(r.error().message.find("vault.db"), std::string::npos) << r.error().message;
  }
  expect_vault_unchanged(1);
}

// Shredding overwrites in place: it needs no free space, so a full disk does not stop an erasure.
TEST_F(FullDisk, ErasureNeedsNoFreeSpaceForItsBlobs) {
  const auto doc = tmp_ / "devis.pdf";
  test::write_file(doc, std::string(2 << 20, 'd'));
  {
    auto v = Vault::open(dir_, secret("pw"));
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(DocumentStore(**v).add(contact_, doc, NullProgress::instance()).ok());
  }
  test::FaultEnv env;
  auto v = open_with_free_bytes(env, dir_, 512 << 10);  // room for the database's WAL, not the blob
  ASSERT_TRUE(v.ok());
  auto r = erase_contact(**v, contact_, ErasureReason::Manual);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(files_under(dir_ / "blobs"), 0u);
}

}  // namespace
}  // namespace coffre
