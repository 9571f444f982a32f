// `coffre backup create|verify|restore|list|prune` end to end (issue 15, docs/cli.md "Backups"):
// the JSON contract, the exit codes, the recovery code, the refusal without a ledger, a damaged
// file named with its offset, and prune's confirmation.
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace coffre::test {
namespace {

namespace fs = std::filesystem;

class BackupCli : public CliVault {
 protected:
  fs::path bk(const std::string& name) const { return tmp_ / "bk" / name; }
  void SetUp() override {
    CliVault::SetUp();
    fs::create_directories(tmp_ / "bk");
  }
  CliResult raw(std::vector<std::string> args) { return run_coffre(args, scratch()); }
};

TEST_F(BackupCli, CreateVerifyRestoreWithTheLiveLedgerAndTheRecoveryCode) {
  auto added = run_json({"contact", "add", "--first-name", "Zoeqz", "--email", "zoeqz@example.fr"});
  const auto id = added["id"].get<std::int64_t>();
  run_json({"contact", "add", "--first-name", "Reste"});
  auto created = run_json({"backup", "create", bk("a.coffre").string()});
  EXPECT_EQ(created["file"], bk("a.coffre").string());
  EXPECT_EQ(created["contacts"], 2);
  EXPECT_EQ(created["documents"], 0);
  EXPECT_EQ(created["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(created["bytes"].get<std::uint64_t>(), fs::file_size(bk("a.coffre")));
  // Exists: refused, exit 4.
  EXPECT_EQ(run({"backup", "create", bk("a.coffre").string()}).code, 4);

  auto verified = run_json({"backup", "verify", bk("a.coffre").string()});
  EXPECT_EQ(verified["verified"], true);
  // JSON times are UTC ISO 8601 (docs/cli.md), not the local time people read.
  const std::string at = verified["created_at"].get<std::string>();
  EXPECT_TRUE(at.size() == 20 && at[10] == 'T' && at.back() == 'Z') << at;
  EXPECT_EQ(verified["contacts"], 2);

  auto erased = run({"erase", std::to_string(id), "--reason", "objection", "--yes"});
  ASSERT_EQ(erased.code, 0) << erased.err;

  // No ledger: refused (exit 4), saying what would come back; nothing at --to.
  auto refused = run({"backup", "restore", bk("a.coffre").string(), "--to", (tmp_ / "r0").string()});
  EXPECT_EQ(refused.code, 4);
  EXPECT_NE(refused.err.find("would come back"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(tmp_ / "r0"));

  // The live ledger: the objector is erased again, with a certificate.
  auto restored = run_json({"backup", "restore", bk("a.coffre").string(), "--to", (tmp_ / "r1").string(), "--ledger",
                            (vault_dir() / "erasure-ledger").string()});
  EXPECT_EQ(restored["erased_since_backup"], 1);
  EXPECT_EQ(restored["erased_again"], 1);
  ASSERT_EQ(restored["certificates"].size(), 1u);
  EXPECT_EQ(restored["certificates"][0]["certificate"]["erased_again_at_restore"], true);
  EXPECT_EQ(restored["resurrection_risk_accepted"], false);
  auto in_restored = run_coffre({"--vault", (tmp_ / "r1").string(), "--passphrase-file", pass_file().string(),
                                 "contact", "list", "--json"},
                                scratch());
  ASSERT_EQ(in_restored.code, 0) << in_restored.err;
  EXPECT_EQ(in_restored.out.find("Zoeqz"), std::string::npos);
  EXPECT_NE(in_restored.out.find("Reste"), std::string::npos);
  auto checked = run_coffre({"--vault", (tmp_ / "r1").string(), "--passphrase-file", pass_file().string(), "check",
                             "--json"},
                            scratch());
  EXPECT_EQ(checked.code, 0) << checked.out << checked.err;
  // The objection still refuses them.
  auto again = run_coffre({"--vault", (tmp_ / "r1").string(), "--passphrase-file", pass_file().string(), "contact",
                           "add", "--first-name", "Zoeqz", "--email", "zoeqz@example.fr"},
                          scratch());
  EXPECT_EQ(again.code, 4) << again.err;

  // Not into a vault.
  EXPECT_EQ(run({"backup", "restore", bk("a.coffre").string(), "--to", vault_dir().string(),
                 "--accept-resurrection-risk"})
                .code,
            4);
  // A wrong passphrase: exit 2.
  write_file(tmp_ / "wrong", "not the passphrase\n");
  auto wrong = raw({"--passphrase-file", (tmp_ / "wrong").string(), "backup", "verify", bk("a.coffre").string()});
  EXPECT_EQ(wrong.code, 2) << wrong.err;
  // No such file: exit 3.
  EXPECT_EQ(run({"backup", "verify", bk("missing.coffre").string()}).code, 3);
}

TEST_F(BackupCli, TheRecoveryCodeOpensABackupOnANewMachine) {
  // A vault whose recovery code the test knows.
  const auto dir = tmp_ / "v2";
  auto init = raw({"--vault", dir.string(), "--passphrase-file", pass_file().string(), "init", "--kdf-ops", "1",
                   "--kdf-mem-mib", "8", "--weak-kdf", "--json"});
  ASSERT_EQ(init.code, 0) << init.err;
  write_file(tmp_ / "code", init.json()["recovery_code"].get<std::string>() + "\n");
  ASSERT_EQ(raw({"--vault", dir.string(), "--passphrase-file", pass_file().string(), "contact", "add",
                 "--first-name", "Nouvelle"})
                .code,
            0);
  ASSERT_EQ(raw({"--vault", dir.string(), "--passphrase-file", pass_file().string(), "backup", "create",
                 bk("b.coffre").string()})
                .code,
            0);
  // The passphrase file is not given: only the recovery code.
  auto r = raw({"backup", "restore", bk("b.coffre").string(), "--to", (tmp_ / "new").string(),
                "--recovery-code-file", (tmp_ / "code").string(), "--ledger", (dir / "erasure-ledger").string(),
                "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto shown = raw({"--vault", (tmp_ / "new").string(), "--passphrase-file", pass_file().string(), "contact", "list"});
  EXPECT_NE(shown.out.find("Nouvelle"), std::string::npos) << shown.out << shown.err;
  auto check = raw({"--vault", (tmp_ / "new").string(), "unlock-check", "--recovery-code-file", (tmp_ / "code").string(),
                    "--passphrase-file", pass_file().string(), "--json"});
  EXPECT_EQ(check.code, 0) << check.err;
}

TEST_F(BackupCli, ADamagedBackupIsNamedWithItsOffsetAndListSaysWhichVerify) {
  run_json({"contact", "add", "--first-name", "Liste"});
  run_json({"backup", "create", bk("good.coffre").string()});
  std::string bad = read_file(bk("good.coffre"));
  bad[bad.size() - 5] ^= 0x20;
  write_file(bk("bad.coffre"), bad);
  auto v = run({"backup", "verify", bk("bad.coffre").string()});
  EXPECT_EQ(v.code, 5);
  EXPECT_NE(v.err.find("bad.coffre"), std::string::npos) << v.err;
  EXPECT_NE(v.err.find("fails authentication"), std::string::npos) << v.err;
  EXPECT_NE(v.err.find("at offset "), std::string::npos) << v.err;
  auto r = run({"backup", "restore", bk("bad.coffre").string(), "--to", (tmp_ / "out").string(), "--ledger",
                (vault_dir() / "erasure-ledger").string()});
  EXPECT_EQ(r.code, 5);
  EXPECT_FALSE(fs::exists(tmp_ / "out"));
  write_file(bk("readme.txt"), "not a backup");
  auto list = run_json({"backup", "list", (tmp_ / "bk").string()});
  ASSERT_EQ(list["backups"].size(), 2u);
  int ok = 0;
  for (const auto& b : list["backups"]) {
    ok += b["verified"].get<bool>();
    if (!b["verified"].get<bool>()) {
      EXPECT_NE(b["problem"].get<std::string>().find("offset"), std::string::npos);
    } else {
      EXPECT_EQ(b["contacts"], 1);
    }
  }
  EXPECT_EQ(ok, 1);
  auto text = run({"backup", "list", (tmp_ / "bk").string()});
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("NOT VERIFIED"), std::string::npos) << text.out;
}

TEST_F(BackupCli, PruneAsksWithoutYesAndRecordsTheRetention) {
  run_json({"backup", "create", bk("old.coffre").string()});
  // Nothing is old enough yet: nothing shredded, the retention recorded.
  auto dry = run_json({"backup", "prune", (tmp_ / "bk").string(), "--keep", "30d", "--dry-run"});
  EXPECT_EQ(dry["pruned"].size(), 0u);
  EXPECT_EQ(dry["kept"], 1);
  EXPECT_EQ(run({"backup", "prune", (tmp_ / "bk").string(), "--keep", "soon"}).code, 1);
  auto pruned = run_json({"backup", "prune", (tmp_ / "bk").string(), "--keep", "30d", "--yes"});
  EXPECT_EQ(pruned["keep_days"], 30);
  EXPECT_TRUE(fs::exists(bk("old.coffre")));
  auto log = run_json({"audit", "log", "-n", "5"});
  bool recorded = false;
  for (const auto& e : log) recorded |= e["action"] == "backup.prune";
  EXPECT_TRUE(recorded);
  // An erasure certificate cites it.
  auto added = run_json({"contact", "add", "--first-name", "Cite"});
  auto erased = run({"erase", std::to_string(added["id"].get<std::int64_t>()), "--yes", "--json"});
  ASSERT_EQ(erased.code, 0) << erased.err;
  EXPECT_NE(erased.out.find("backup_retention"), std::string::npos) << erased.out;
}

}  // namespace
}  // namespace coffre::test
