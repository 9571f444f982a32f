// Crash debris (issue 17 item 7; coffre/debris.h): a killed passwd leaves a complete
// `.keyslots.tmp-*` for the new passphrase, a killed erasure whose shredder hid a blob under a
// random name leaves that file of noise. `check` reports both; `check --repair` and the next open
// shred them, and nothing a record names is touched.
#include <gtest/gtest.h>

#include "coffre/app/check.h"
#include "coffre/app/session.h"
#include "coffre/check.h"
#include "coffre/debris.h"
#include "coffre/documents.h"
#include "coffre/stores.h"
#include "coffre/vault.h"
#include "crypto/crypto.h"
#include "fakes/fault_env.h"
#include "fakes/test_support.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;
using test::fast_kdf;
using test::secret;

std::vector<fs::path> keyslot_temps(const fs::path& dir) {
  std::vector<fs::path> out;
  for (auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(".keyslots.tmp-", 0) == 0) out.push_back(e.path());
  return out;
}

const CheckItem* item(const CheckReport& r, const std::string& name) {
  for (const auto& i : r.items)
    if (i.name == name) return &i;
  return nullptr;
}

// A passwd killed after its temp file was written and synced, before the rename.
void killed_passwd(const fs::path& dir) {
  std::vector<test::FaultEnv::Step> steps;
  std::size_t renamed = 0;
  {
    fs::copy(dir, dir.string() + "-count", fs::copy_options::recursive);
    test::FaultEnv env;
    VaultOptions o;
    o.env = &env;
    auto v = Vault::open(dir.string() + "-count", secret("pw"), o);
    ASSERT_TRUE(v.ok());
    env.reset_steps();
    ASSERT_TRUE((*v)->change_passphrase(secret("new"), fast_kdf()).ok());
    steps = env.steps();
    for (std::size_t i = 0; i < steps.size(); ++i)
      if (steps[i].op == test::FaultEnv::Op::Rename && steps[i].path.filename() == "keyslots") renamed = i + 1;
  }
  ASSERT_GT(renamed, 0u);
  test::FaultEnv env;
  VaultOptions o;
  o.env = &env;
  auto v = Vault::open(dir, secret("pw"), o);
  ASSERT_TRUE(v.ok());
  env.crash_at_step(renamed);
  EXPECT_FALSE((*v)->change_passphrase(secret("new"), fast_kdf()).ok());
}

class Debris : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(initialise_runtime().ok());
    ASSERT_TRUE(Vault::create(dir_, secret("pw"), fast_kdf()).ok());
    // One real document, whose blob is no debris.
    auto v = Vault::open(dir_, secret("pw"));
    ASSERT_TRUE(v.ok());
    NewContact c;
    c.first_name = "Doc";
    c.last_name = "Owner";
    auto id = ContactStore(**v).add(c);
    ASSERT_TRUE(id.ok());
    test::write_file(tmp_ / "a.txt", "a document");
    ASSERT_TRUE(DocumentStore(**v).add(*id, tmp_ / "a.txt", NullProgress::instance()).ok());
  }
  // A blob of noise under a random name, as the shredder plugin leaves it when killed mid-erasure.
  fs::path plant_orphan() {
    const std::string name = crypto::random_hex(16);
    const auto path = dir_ / "blobs" / "7f" / name;
    fs::create_directories(path.parent_path());
    test::write_file(path, std::string(70000, 'N'));
    return path;
  }
  Result<CheckReport> check() {
    auto v = Vault::open(dir_, secret("pw"));
    if (!v.ok()) return v.error();
    return check_vault(**v);
  }
  test::TempDir tmp_;
  const fs::path dir_ = tmp_ / "v";
  PluginHost plugins_{std::vector<fs::path>{}};
};

TEST_F(Debris, CheckReportsAKilledPasswdsTempFileAndAnOrphanBlob) {
  killed_passwd(dir_);
  const auto temps = keyslot_temps(dir_);
  ASSERT_EQ(temps.size(), 1u) << "the crash left no temp file: the test proves nothing";
  const auto orphan = plant_orphan();
  auto r = check();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok());
  const auto* d = item(*r, "debris");
  ASSERT_NE(d, nullptr) << "check has no debris item";
  EXPECT_FALSE(d->ok);
  EXPECT_NE(d->detail.find(temps[0].string()), std::string::npos) << d->detail;
  EXPECT_NE(d->detail.find(orphan.string()), std::string::npos) << d->detail;
  EXPECT_NE(d->detail.find("--repair"), std::string::npos) << d->detail;
  // The real document's blob is not debris, and the documents check still passes.
  EXPECT_NE(d->detail.find("1 file(s) under blobs/"), std::string::npos) << d->detail;
  EXPECT_TRUE(item(*r, "documents")->ok) << item(*r, "documents")->detail;
}

TEST_F(Debris, CheckRepairShredsThem) {
  killed_passwd(dir_);
  ASSERT_EQ(keyslot_temps(dir_).size(), 1u);
  const auto orphan = plant_orphan();
  {
    auto v = Vault::open(dir_, secret("pw"));  // the vault layer alone removes nothing
    ASSERT_TRUE(v.ok());
    auto session = app::Session::adopt(std::move(*v), plugins_);
    (void)session;
  }
  // Session::adopt (every command's open) already shredded them.
  EXPECT_TRUE(keyslot_temps(dir_).empty());
  EXPECT_FALSE(fs::exists(orphan));
  auto r = check();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(item(*r, "debris")->ok) << item(*r, "debris")->detail;
  EXPECT_TRUE(r->ok());

  // And `check --repair` does, with a count.
  const auto orphan2 = plant_orphan();
  auto v = Vault::open(dir_, secret("pw"));
  ASSERT_TRUE(v.ok());
  auto s = app::Session::adopt(std::move(*v), plugins_);
  EXPECT_FALSE(fs::exists(orphan2));
  // Debris that appears while a session is open goes with `check --repair`.
  const auto orphan3 = plant_orphan();
  app::CheckRequest request;
  request.repair = true;
  auto result = app::check(*s, request, NullProgress::instance());
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_TRUE(result->debris_removed.has_value());
  EXPECT_EQ(*result->debris_removed, 1);
  EXPECT_FALSE(fs::exists(orphan3));
  EXPECT_TRUE(result->report.ok());
  // The real document still reads.
  auto docs = DocumentStore(s->vault()).check_all(NullProgress::instance());
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->checked, 1);
  EXPECT_TRUE(docs->failures.empty());
}

}  // namespace
}  // namespace coffre
