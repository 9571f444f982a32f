// The vault's anchor (issue 17, items 1-3; vault/anchor.h): the audit head kept outside the
// database, advanced with every commit. A database behind it - a flipped byte in the write-ahead
// log, an older vault.db put back, audit entries removed - is refused at open with "the vault lost
// committed changes", and `check` / `audit verify` report it when asked to open it anyway. A crash
// at every step of a commit never raises that alarm (the sweep below).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "coffre/app/check.h"
#include "coffre/app/session.h"
#include "coffre/audit.h"
#include "coffre/check.h"
#include "coffre/erasure.h"
#include "coffre/stores.h"
#include "coffre/vault.h"
#include "fakes/fault_env.h"
#include "fakes/test_support.h"
#include "fakes/vault_fixture.h"
#include "vault/anchor.h"
#include "vault/context.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;
using test::fast_kdf;
using test::secret;

Id add_contact(Vault& vault, const std::string& name) {
  NewContact c;
  c.first_name = name;
  c.last_name = "Anchor";
  c.emails = {{name + "@exemple.fr", "work"}};
  auto id = ContactStore(vault).add(c);
  EXPECT_TRUE(id.ok()) << id.error().message;
  return id.ok() ? *id : 0;
}

std::int64_t anchor_seq(const fs::path& dir) {
  return nlohmann::json::parse(test::read_file(dir / "anchor")).at("seq").get<std::int64_t>();
}

std::int64_t head_seq(Vault& vault) { return vault.context().audit->head()->seq; }

void expect_lost_changes(const Result<std::unique_ptr<Vault>>& v, const std::string& db_entry,
                         const std::string& anchor_entry) {
  ASSERT_FALSE(v.ok()) << "a database behind its anchor opened as if nothing were missing";
  EXPECT_EQ(v.error().kind, ErrorKind::Corruption);
  const auto& m = v.error().message;
  EXPECT_NE(m.find("the vault lost committed changes: damaged write-ahead log or an older database put back"),
            std::string::npos) << m;
  EXPECT_NE(m.find("last audit entry is #" + db_entry), std::string::npos) << m;
  EXPECT_NE(m.find("records #" + anchor_entry), std::string::npos) << m;
  EXPECT_NE(m.find("backup"), std::string::npos) << m;
}

// What `check` and `audit verify` say about a vault behind its anchor (opened anyway).
void expect_reported(const fs::path& dir) {
  VaultOptions o;
  o.open_behind_anchor = true;
  auto v = Vault::open(dir, secret("pw"), o);
  ASSERT_TRUE(v.ok()) << v.error().message;
  auto audit = verify_audit(**v);
  ASSERT_TRUE(audit.ok());
  EXPECT_FALSE(audit->ok);
  EXPECT_NE(audit->reason.find("lost committed changes"), std::string::npos) << audit->reason;
  auto report = check_vault(**v);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok());
  bool anchor_failed = false;
  for (const auto& i : report->items)
    if (i.name == "anchor" && !i.ok) anchor_failed = i.detail.find("lost committed changes") != std::string::npos;
  EXPECT_TRUE(anchor_failed);
  // Opening it to report it does not move the anchor: the next open still refuses.
  const auto before = anchor_seq(dir);
  EXPECT_TRUE(audit_append(**v, "test.after", std::nullopt).ok());
  EXPECT_EQ(anchor_seq(dir), before);
}

class Anchor : public test::VaultTest {};

TEST_F(Anchor, AdvancesWithEveryCommit) {
  EXPECT_EQ(anchor_seq(dir_), head_seq(*vault_));
  add_contact(*vault_, "Alice");
  EXPECT_EQ(anchor_seq(dir_), head_seq(*vault_));
  ASSERT_TRUE(audit_append(*vault_, "test.autocommit", std::nullopt).ok());  // outside any transaction
  EXPECT_EQ(anchor_seq(dir_), head_seq(*vault_));
  EXPECT_EQ(fs::status(dir_ / "anchor").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  const auto keyslots = nlohmann::json::parse(test::read_file(dir_ / "keyslots"));
  EXPECT_TRUE(keyslots.value("anchored", false));
}

TEST_F(Anchor, AFlippedByteInTheWriteAheadLogIsLostChangesNotASilentlyShorterLog) {
  for (int i = 0; i < 10; ++i) add_contact(*vault_, "Person" + std::to_string(i));
  const auto last = head_seq(*vault_);
  // A copy taken while Coffre runs: the WAL holds the commits not yet checkpointed.
  const auto copy = tmp_ / "copy";
  fs::create_directories(copy);
  for (const char* f : {"keyslots", "anchor", "erasure-ledger", "vault.db", "vault.db-wal"}) fs::copy_file(dir_ / f, copy / f);
  fs::create_directories(copy / "blobs");
  const auto wal = copy / "vault.db-wal";
  const auto frames = (fs::file_size(wal) - 32) / (24 + 4096);
  ASSERT_GT(frames, 10u);
  {
    std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
    const std::streamoff at = 32 + static_cast<std::streamoff>(frames / 2) * (24 + 4096) + 24 + 100;
    f.seekg(at);
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x01);
    f.seekp(at);
    f.write(&c, 1);
  }
  vault_.reset();
  auto v = Vault::open(copy, secret("pw"), test::with_clock(&clock_));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("records #" + std::to_string(last)), std::string::npos) << v.error().message;
  expect_lost_changes(v, "", std::to_string(last));
  expect_reported(copy);
}

TEST_F(Anchor, AnOlderDatabasePutBackIsRefusedAndTheErasedPersonDoesNotReturnUnnoticed) {
  const Id id = add_contact(*vault_, "Erased");
  vault_.reset();  // closing checkpoints the WAL into vault.db
  ASSERT_FALSE(fs::exists(dir_ / "vault.db-wal"));
  fs::copy_file(dir_ / "vault.db", tmp_ / "old.db");
  const auto older = [&] {
    auto v = Vault::open(dir_, secret("pw"), test::with_clock(&clock_));
    return v.ok() ? head_seq(**v) : -1;
  }();
  reopen();
  ASSERT_TRUE(erase_contact(*vault_, id, ErasureReason::Objection).ok());
  const auto last = head_seq(*vault_);
  vault_.reset();
  fs::remove(dir_ / "vault.db-wal");
  fs::copy_file(tmp_ / "old.db", dir_ / "vault.db", fs::copy_options::overwrite_existing);
  expect_lost_changes(Vault::open(dir_, secret("pw"), test::with_clock(&clock_)), std::to_string(older),
                      std::to_string(last));
  expect_reported(dir_);
}

TEST_F(Anchor, RemovingTheLastThreeAuditEntriesOrAllOfThemIsReported) {
  for (int i = 0; i < 5; ++i) add_contact(*vault_, "P" + std::to_string(i));
  const auto last = head_seq(*vault_);
  // Someone with the database key (not the master key) deletes the newest entries.
  ASSERT_TRUE(vault_->context().db.exec("DELETE FROM audit_log WHERE seq > " + std::to_string(last - 3)).ok());
  vault_.reset();
  expect_lost_changes(Vault::open(dir_, secret("pw"), test::with_clock(&clock_)), std::to_string(last - 3),
                      std::to_string(last));
  expect_reported(dir_);
  {
    VaultOptions o = test::with_clock(&clock_);
    o.open_behind_anchor = true;
    auto v = Vault::open(dir_, secret("pw"), o);
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE((*v)->context().db.exec("DELETE FROM audit_log").ok());
  }
  expect_lost_changes(Vault::open(dir_, secret("pw"), test::with_clock(&clock_)), "0", std::to_string(last));
}

TEST_F(Anchor, AnotherEntryAtTheAnchorsNumberIsReported) {
  add_contact(*vault_, "A");
  const auto last = head_seq(*vault_);
  // The newest entry replaced by a different one (same number, another hash): not the anchor's.
  ASSERT_TRUE(vault_->context().db.exec("DELETE FROM audit_log WHERE seq = " + std::to_string(last)).ok());
  vault_->context().db.set_after_commit(nullptr);  // as another process that knows no anchor
  ASSERT_TRUE(vault_->context().audit->append("forged", std::nullopt).ok());
  vault_.reset();
  auto v = Vault::open(dir_, secret("pw"), test::with_clock(&clock_));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("lost committed changes"), std::string::npos) << v.error().message;
  EXPECT_NE(v.error().message.find("entry #" + std::to_string(last) + " is not the one"), std::string::npos)
      << v.error().message;
}

TEST_F(Anchor, AMissingOrAlteredAnchorIsRefused) {
  vault_.reset();
  const auto text = test::read_file(dir_ / "anchor");
  auto j = nlohmann::json::parse(text);
  j["seq"] = j["seq"].get<std::int64_t>() + 5;
  test::write_file(dir_ / "anchor", j.dump());
  auto v = Vault::open(dir_, secret("pw"), test::with_clock(&clock_));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("was altered"), std::string::npos) << v.error().message;
  EXPECT_NE(v.error().message.find((dir_ / "anchor").string()), std::string::npos) << v.error().message;
  fs::remove(dir_ / "anchor");
  v = Vault::open(dir_, secret("pw"), test::with_clock(&clock_));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("is missing"), std::string::npos) << v.error().message;
  // Without the "anchored" mark in the key-slot file, the MAC fails: it cannot be removed.
  auto slots = nlohmann::json::parse(test::read_file(dir_ / "keyslots"));
  slots.erase("anchored");
  test::write_file(dir_ / "keyslots", slots.dump());
  v = Vault::open(dir_, secret("pw"), test::with_clock(&clock_));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("keyslots"), std::string::npos) << v.error().message;
}

TEST_F(Anchor, AcceptingTheLossMovesTheAnchorAndRecordsIt) {
  for (int i = 0; i < 4; ++i) add_contact(*vault_, "P" + std::to_string(i));
  const auto last = head_seq(*vault_);
  ASSERT_TRUE(vault_->context().db.exec("DELETE FROM audit_log WHERE seq > " + std::to_string(last - 2)).ok());
  vault_.reset();
  {
    PluginHost plugins{std::vector<fs::path>{}};
    app::SessionOptions so;
    so.clock = &clock_;
    so.open_behind_anchor = true;
    auto session = app::Session::open(dir_, secret("pw"), plugins, so);
    ASSERT_TRUE(session.ok()) << session.error().message;
    app::CheckRequest request;
    request.accept_loss = true;
    auto r = app::check(**session, request, NullProgress::instance());
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(r->loss_accepted.has_value());
    EXPECT_TRUE(r->report.ok());
  }
  reopen();
  auto entries = audit_entries(*vault_, 1);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(entries->front().action, "vault.anchor_reset");
  EXPECT_EQ(entries->front().details, "anchor=" + std::to_string(last) + " database=" + std::to_string(last - 2));
  EXPECT_EQ(anchor_seq(dir_), head_seq(*vault_));
}

// What the anchor costs a commit (a measurement, printed and recorded; no threshold: the disk
// decides). 50 autocommit audit entries with the anchor advanced after each, then 50 with the hook
// removed (the WAL still synced at every commit, synchronous = FULL).
TEST_F(Anchor, CostPerCommitIsMeasured) {
  using Clock = std::chrono::steady_clock;
  auto run = [&](int n) {
    const auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) EXPECT_TRUE(audit_append(*vault_, "test.cost", std::nullopt).ok());
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / n;
  };
  const double with_anchor = run(50);
  EXPECT_EQ(anchor_seq(dir_), head_seq(*vault_));
  vault_->context().db.set_after_commit(nullptr);
  const double without = run(50);
  RecordProperty("ms_per_commit_with_anchor", std::to_string(with_anchor));
  RecordProperty("ms_per_commit_without_anchor", std::to_string(without));
  std::printf("anchor cost: %.2f ms per commit with the anchor, %.2f ms without\n", with_anchor, without);
}

// A crash (FaultEnv: every I/O fails from the chosen step on, as a killed process) at every step of
// a commit - the database's writes and syncs, then the anchor's temp file, write, sync, rename and
// folder sync - never leaves the anchor ahead of the database: the next open succeeds, finds the
// contact all there or not at all, and moves the anchor to the database's head.
TEST(AnchorCrash, NoFalseAlarmAfterACrashAtAnyStepOfACommit) {
  test::TempDir tmp;
  const auto tmpl = tmp / "template";
  ASSERT_TRUE(Vault::create(tmpl, secret("pw"), fast_kdf()).ok());
  auto commit_through = [](test::FaultEnv& env, const fs::path& dir, std::uint64_t crash) -> Status {
    VaultOptions o;
    o.env = &env;
    auto v = Vault::open(dir, secret("pw"), o);
    if (!v.ok()) return v.error();
    if (crash) env.crash_at_step(crash);
    else env.reset_steps();
    NewContact c;
    c.first_name = "Crash";
    c.last_name = "Test";
    c.emails = {{"crash@exemple.fr", "work"}};
    c.notes = {"a note"};
    return ContactStore(**v).add(c).status();
  };
  std::vector<test::FaultEnv::Step> steps;
  {
    fs::copy(tmpl, tmp / "count", fs::copy_options::recursive);
    test::FaultEnv env;
    ASSERT_TRUE(commit_through(env, tmp / "count", 0).ok());
    steps = env.steps();
  }
  std::size_t anchor_steps = 0;
  for (const auto& s : steps)
    if (s.path.filename().string().find("anchor") != std::string::npos) ++anchor_steps;
  ASSERT_GE(anchor_steps, 4u) << "the anchor's create, write, sync and rename are steps of the commit";
  int with_contact = 0, without = 0;
  for (std::size_t k = 1; k <= steps.size(); ++k) {
    SCOPED_TRACE(test::describe_step(steps, k));
    const auto dir = tmp / ("crash-" + std::to_string(k));
    fs::copy(tmpl, dir, fs::copy_options::recursive);
    {
      test::FaultEnv env;
      (void)commit_through(env, dir, k);
    }
    auto v = Vault::open(dir, secret("pw"));
    ASSERT_TRUE(v.ok()) << v.error().message;
    auto contacts = ContactStore(**v).list({});
    ASSERT_TRUE(contacts.ok());
    (contacts->empty() ? without : with_contact)++;
    EXPECT_EQ(anchor_seq(dir), head_seq(**v));
    auto audit = verify_audit(**v);
    ASSERT_TRUE(audit.ok());
    EXPECT_TRUE(audit->ok) << audit->reason;
  }
  RecordProperty("steps", static_cast<int>(steps.size()));
  EXPECT_GT(with_contact, 0);
  EXPECT_GT(without, 0);
}

}  // namespace
}  // namespace coffre
