// The erasure ledger (issue 15): one signed, chained record per erasure in DIR/erasure-ledger,
// 0600, holding the pseudonym and the keyed hashes the suppression list computes, never the
// person's data; tampering is caught naming the line; a torn last line is cut off.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "coffre/erasure.h"
#include "fakes/sql_contacts.h"
#include "fakes/vault_fixture.h"
#include "model/suppression_list.h"
#include "services/erasure_ledger.h"

namespace coffre {
namespace {

class LedgerTest : public test::VaultTest {
 protected:
  Result<services::Ledger> read() {
    auto& ctx = vault_->context();
    return services::read_ledger(Env::posix(), dir_ / services::kLedgerFileName, ctx.slots.vault_id,
                                 ctx.audit_key.public_key);
  }
  Id add(const std::string& marker) {
    test::SqlContact c;
    c.first_name = marker;
    c.emails = {marker + "@example.fr"};
    c.phones = {"+33612345678"};
    return test::add_sql_contact(*vault_, c);
  }
};

TEST_F(LedgerTest, OneSignedRecordPerErasureWithTheSuppressionHashesAndNoPersonalData) {
  const Id a = add("ledgerperson");
  const std::string subject = test::pseudonym_of(*vault_, a);
  ASSERT_TRUE(erase_contact(*vault_, a, ErasureReason::Objection).ok());
  const Id b = add("otherperson");
  ASSERT_TRUE(erase_contact(*vault_, b, ErasureReason::Manual).ok());
  auto ledger = read();
  ASSERT_TRUE(ledger.ok()) << ledger.error().message;
  ASSERT_EQ(ledger->records.size(), 2u);
  const auto& r = ledger->records[0];
  EXPECT_EQ(r.subject, subject);
  EXPECT_EQ(r.reason, ErasureReason::Objection);
  ASSERT_EQ(r.email_hashes.size(), 1u);
  EXPECT_EQ(r.email_hashes[0], crypto::to_hex(model::suppression_hash(vault_->context(), model::SuppressionKind::Email,
                                                                     "ledgerperson@example.fr")));
  ASSERT_EQ(r.phone_hashes.size(), 1u);
  EXPECT_EQ(ledger->records[1].seq, 2);
  const std::string raw = test::read_file(dir_ / services::kLedgerFileName);
  EXPECT_EQ(raw.find("ledgerperson"), std::string::npos);
  EXPECT_EQ(raw.find("612345678"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / services::kLedgerFileName).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(LedgerTest, AnAlteredRemovedOrReorderedRecordIsCaughtNamingTheLine) {
  for (const char* m : {"one", "two", "three"}) ASSERT_TRUE(erase_contact(*vault_, add(m), ErasureReason::Manual).ok());
  const auto path = dir_ / services::kLedgerFileName;
  const std::string good = test::read_file(path);
  std::vector<std::string> lines;
  for (std::size_t p = 0, nl; (nl = good.find('\n', p)) != std::string::npos; p = nl + 1)
    lines.push_back(good.substr(p, nl - p + 1));
  ASSERT_EQ(lines.size(), 4u);  // the genesis record and three erasures
  // A changed reason on line 2.
  std::string altered = good;
  const auto at = altered.find("\"manual\"", lines[0].size());
  altered.replace(at, 8, "\"request\"");
  test::write_file(path, altered);
  auto r = read();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("erasure-ledger:2:"), std::string::npos) << r.error().message;
  // Line 2 removed.
  test::write_file(path, lines[0] + lines[2]);
  r = read();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(":2:"), std::string::npos) << r.error().message;
  // Lines swapped.
  test::write_file(path, lines[1] + lines[0] + lines[2]);
  EXPECT_FALSE(read().ok());
  test::write_file(path, good);
  EXPECT_TRUE(read().ok());
}

TEST_F(LedgerTest, ATornLastLineIsIgnoredAndCutOffByTheNextRecord) {
  ASSERT_TRUE(erase_contact(*vault_, add("first"), ErasureReason::Manual).ok());
  const auto path = dir_ / services::kLedgerFileName;
  test::write_file(path, test::read_file(path) + "{\"format\":\"coffre-erasure-led");
  reopen();  // a new process: nothing cached
  auto r = read();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->torn_tail);
  EXPECT_EQ(r->records.size(), 1u);
  ASSERT_TRUE(erase_contact(*vault_, add("second"), ErasureReason::Manual).ok());
  r = read();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->torn_tail);
  EXPECT_EQ(r->records.size(), 2u);
}

TEST_F(LedgerTest, EveryVaultHasASignedLedgerFromInitAndAnOldVaultGetsOneAtOpen) {
  auto ledger = read();
  ASSERT_TRUE(ledger.ok()) << ledger.error().message;
  EXPECT_TRUE(ledger->records.empty());
  EXPECT_EQ(ledger->genesis_hash.size(), 64u);
  EXPECT_EQ(ledger->created_at, clock_.now());
  const auto path = dir_ / services::kLedgerFileName;
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // An empty ledger (the genesis cut off) or a forged first line is refused.
  const std::string good = test::read_file(path);
  test::write_file(path, "");
  EXPECT_FALSE(read().ok());
  std::string forged = good;
  forged[forged.find("\"at\":") + 5] = forged[forged.find("\"at\":") + 5] == '1' ? '2' : '1';
  test::write_file(path, forged);
  auto r = read();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("erasure-ledger:1:"), std::string::npos) << r.error().message;
  test::write_file(path, good);
  // A vault made before ledgers (no file, nothing in vault_meta) gets one at open.
  ASSERT_TRUE(vault_->context().db.exec("DELETE FROM vault_meta WHERE key = 'erasure_ledger_since'").ok());
  std::filesystem::remove(path);
  reopen();
  ledger = read();
  ASSERT_TRUE(ledger.ok()) << ledger.error().message;
  EXPECT_TRUE(ledger->records.empty());
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM vault_meta WHERE key = 'erasure_ledger_since'"), 1);
}

TEST_F(LedgerTest, ARemovedLedgerIsNoticedAtOpenNamingTheFile) {
  ASSERT_TRUE(erase_contact(*vault_, add("someone"), ErasureReason::Manual).ok());
  vault_.reset();
  std::filesystem::remove(dir_ / services::kLedgerFileName);
  auto v = Vault::open(dir_, test::secret("pw"), test::with_clock(&clock_));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::Corruption);
  EXPECT_NE(v.error().message.find("erasure-ledger is missing"), std::string::npos) << v.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir_ / services::kLedgerFileName)) << "not silently recreated";
}

}  // namespace
}  // namespace coffre
