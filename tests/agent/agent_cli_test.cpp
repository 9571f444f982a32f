// `coffre unlock|lock|agent|schedule` and `retention run --scheduled` end to end, on the real binary:
// commands take the key from the agent (no passphrase), a killed agent leaves no key on disk, a
// missed scheduled run is reported by the next command, the unlock catches up, and the timer unit
// passes `systemd-analyze --user verify`.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "coffre/app/schedule.h"
#include "coffre/vault.h"
#include "crypto/crypto.h"
#include "e2e/cli_runner.h"

namespace coffre {
namespace {

// Runs any program (argv, no shell) and captures its output, as run_coffre does for coffre.
test::CliResult run_program(const std::vector<std::string>& args, const std::filesystem::path& scratch) {
  const auto out_path = scratch / "p-stdout", err_path = scratch / "p-stderr";
  std::vector<char*> argv;
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  test::CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  r.out = test::read_file(out_path);
  r.err = test::read_file(err_path);
  return r;
}

// Each test gets its own runtime and config folders (XDG_RUNTIME_DIR, XDG_CONFIG_HOME, XDG_STATE_HOME),
// inherited by the `coffre` processes it runs; the agent it started is stopped at the end.
class AgentCli : public test::CliVault {
 protected:
  void SetUp() override {
    for (const char* v : {"XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME"}) {
      const char* old = std::getenv(v);
      saved_.emplace_back(v, old ? std::optional<std::string>(old) : std::nullopt);
    }
    std::filesystem::create_directories(tmp_ / "run");
    std::filesystem::create_directories(tmp_ / "config");
    ::chmod((tmp_ / "run").c_str(), 0700);
    ::setenv("XDG_RUNTIME_DIR", (tmp_ / "run").c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (tmp_ / "config").c_str(), 1);
    ::setenv("XDG_STATE_HOME", (tmp_ / "state").c_str(), 1);
    CliVault::SetUp();
  }
  void TearDown() override {
    (void)test::run_coffre({"--vault", vault_dir().string(), "agent", "stop"}, scratch());
    for (auto& [name, value] : saved_) {
      if (value) ::setenv(name.c_str(), value->c_str(), 1);
      else ::unsetenv(name.c_str());
    }
  }
  // A command without any passphrase option: it can only work through the agent (no terminal).
  test::CliResult bare(std::vector<std::string> args) {
    std::vector<std::string> full{"--vault", vault_dir().string()};
    full.insert(full.end(), args.begin(), args.end());
    return test::run_coffre(full, scratch());
  }
  nlohmann::json status() {
    auto r = bare({"agent", "status", "--json"});
    EXPECT_EQ(r.code, 0) << r.err;
    return r.json();
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(AgentCli, CommandsUseTheAgentAndFallBackToThePassphrase) {
  auto locked = bare({"contact", "list"});
  EXPECT_EQ(locked.code, 1) << "without an agent a command needs the passphrase: " << locked.err;
  EXPECT_FALSE(status()["running"].get<bool>());

  auto unlock = run({"unlock", "--idle-timeout", "5m"});
  ASSERT_EQ(unlock.code, 0) << unlock.err;
  auto st = status();
  ASSERT_TRUE(st["running"].get<bool>()) << st.dump();
  EXPECT_TRUE(st["unlocked"].get<bool>());
  EXPECT_EQ(st["idle_timeout_s"], 300);
  EXPECT_EQ(st["refused_peers"], 0);
  // The socket: 0600 in a 0700 folder.
  struct stat s{};
  ASSERT_EQ(::stat(st["socket"].get<std::string>().c_str(), &s), 0);
  EXPECT_EQ(s.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((tmp_ / "run" / "coffre").c_str(), &s), 0);
  EXPECT_EQ(s.st_mode & 0777, 0700u);

  auto add = bare({"contact", "add", "--last-name", "Agent", "--email", "agent@exemple.fr"});
  ASSERT_EQ(add.code, 0) << add.err;
  auto show = bare({"contact", "show", "1", "--json"});
  ASSERT_EQ(show.code, 0) << show.err;
  EXPECT_NE(show.out.find("agent@exemple.fr"), std::string::npos);
  // --no-agent asks for the passphrase (none here: refused).
  EXPECT_EQ(bare({"--no-agent", "contact", "show", "1"}).code, 1);
  // A second unlock finds the key already held.
  EXPECT_EQ(run({"unlock"}).code, 0);

  auto lock = bare({"lock"});
  ASSERT_EQ(lock.code, 0) << lock.err;
  st = status();
  EXPECT_TRUE(st["running"].get<bool>());
  EXPECT_FALSE(st["unlocked"].get<bool>());
  EXPECT_EQ(st["forgot_because"], "lock");
  EXPECT_EQ(bare({"contact", "show", "1"}).code, 1) << "locked: the passphrase is needed again";
  // With the passphrase, a command still works while the agent is locked.
  EXPECT_EQ(run({"contact", "show", "1"}).code, 0);

  // Unlock again: the running agent takes the key back.
  ASSERT_EQ(run({"unlock"}).code, 0);
  EXPECT_TRUE(status()["unlocked"].get<bool>());
  EXPECT_EQ(bare({"contact", "show", "1"}).code, 0);

  ASSERT_EQ(bare({"agent", "stop"}).code, 0);
  EXPECT_FALSE(status()["running"].get<bool>());
  EXPECT_EQ(bare({"contact", "show", "1"}).code, 1);
}

// `backup list` takes the agent's key: no passphrase asked for this vault's backups.
TEST_F(AgentCli, BackupListUsesTheAgentsKey) {
  ASSERT_EQ(run({"contact", "add", "--last-name", "Sauvé"}).code, 0);
  const auto dir = tmp_ / "sauvegardes";
  std::filesystem::create_directories(dir);
  ASSERT_EQ(run({"backup", "create", (dir / "un.coffre").string()}).code, 0);
  // Another vault's backup in the same folder: the agent's key is not its key.
  const auto other = tmp_ / "autre-coffre";
  auto in_other = [&](std::vector<std::string> args) {
    std::vector<std::string> full{"--vault", other.string(), "--passphrase-file", pass_file().string()};
    full.insert(full.end(), args.begin(), args.end());
    return test::run_coffre(full, scratch());
  };
  ASSERT_EQ(in_other({"init", "--kdf-ops", "1", "--kdf-mem-mib", "8", "--weak-kdf"}).code, 0);
  ASSERT_EQ(in_other({"backup", "create", (dir / "autre.coffre").string()}).code, 0);
  EXPECT_EQ(bare({"backup", "list", dir.string()}).code, 1) << "no agent: the passphrase is needed";
  ASSERT_EQ(run({"unlock"}).code, 0);
  auto listed = bare({"backup", "list", dir.string(), "--json"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  const auto j = nlohmann::json::parse(listed.out);
  ASSERT_EQ(j["backups"].size(), 2u) << listed.out;
  int ours = 0, theirs = 0;
  for (const auto& b : j["backups"]) {
    if (b["file"].get<std::string>().find("un.coffre") != std::string::npos) {
      EXPECT_TRUE(b["verified"].get<bool>()) << listed.out;
      EXPECT_EQ(b["contacts"], 1);
      ++ours;
    } else {
      EXPECT_FALSE(b["verified"].get<bool>()) << listed.out;
      EXPECT_NE(b["problem"].get<std::string>().find("a backup of another vault"), std::string::npos) << listed.out;
      ++theirs;
    }
  }
  EXPECT_EQ(ours, 1);
  EXPECT_EQ(theirs, 1);
  EXPECT_EQ(bare({"--no-agent", "backup", "list", dir.string()}).code, 1) << "--no-agent asks for the passphrase";
  ASSERT_EQ(bare({"agent", "stop"}).code, 0);
}

TEST_F(AgentCli, TheAgentForgetsAtItsIdleTimeout) {
  // 3 s: long enough for the status below to come first on a loaded machine.
  ASSERT_EQ(run({"agent", "start", "--idle-timeout", "3s"}).code, 0);
  EXPECT_TRUE(status()["unlocked"].get<bool>());
  std::this_thread::sleep_for(std::chrono::milliseconds(4500));
  auto st = status();
  EXPECT_TRUE(st["running"].get<bool>());
  EXPECT_FALSE(st["unlocked"].get<bool>());
  EXPECT_EQ(st["forgot_because"], "idle-timeout");
  EXPECT_EQ(bare({"contact", "list"}).code, 1);
}

TEST_F(AgentCli, AKilledAgentLeavesNoKeyOnDisk) {
  // The master key, to look for: opened here from the passphrase.
  auto vault = Vault::open(vault_dir(), test::secret("e2e marmotte cerise tuba"));
  ASSERT_TRUE(vault.ok()) << vault.error().message;
  SecretBytes key = (*vault)->master_key_for_agent();
  vault->reset();
  const std::string raw(reinterpret_cast<const char*>(key.data()), key.size());
  const std::string hex = crypto::to_hex(key.bytes());

  ASSERT_EQ(run({"unlock"}).code, 0);
  auto st = status();
  ASSERT_TRUE(st["unlocked"].get<bool>());
  const pid_t pid = st["pid"].get<int>();
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  // The runtime folder, the vault folder, the config and state folders: no key, raw or hex.
  for (const auto& dir : {tmp_ / "run", vault_dir(), tmp_.path()}) {
    EXPECT_TRUE(test::files_containing(dir, raw).empty()) << dir;
    EXPECT_TRUE(test::files_containing(dir, hex).empty()) << dir;
  }
  // The dead agent's socket is noticed: commands fall back to the passphrase, a new unlock replaces it.
  EXPECT_FALSE(status()["running"].get<bool>());
  EXPECT_EQ(bare({"contact", "list"}).code, 1);
  EXPECT_EQ(run({"unlock"}).code, 0);
  EXPECT_EQ(bare({"contact", "list"}).code, 0);
}

TEST_F(AgentCli, AMissedScheduledRunIsReportedAndTheUnlockCatchesUp) {
  ASSERT_EQ(run({"contact", "add", "--last-name", "Ancien", "--email", "ancien@exemple.fr", "--collected", "2021-03-01"}).code, 0);
  ASSERT_EQ(run({"contact", "add", "--last-name", "Autre", "--email", "autre@exemple.fr", "--collected", "2021-04-01"}).code, 0);
  ASSERT_EQ(run({"contact", "add", "--last-name", "Neuf", "--email", "neuf@exemple.fr"}).code, 0);
  ASSERT_EQ(bare({"schedule", "install", "--systemd", "--no-enable"}).code, 0);

  // No agent: the scheduled run erases nothing, asks nothing, and records the miss.
  auto missed = bare({"retention", "run", "--scheduled"});
  ASSERT_EQ(missed.code, 0) << missed.err;
  EXPECT_NE(missed.err.find("missed"), std::string::npos) << missed.err;
  auto state = app::load_schedule_state(vault_dir());
  ASSERT_TRUE(state.ok());
  ASSERT_TRUE(state->missed_since.has_value());
  EXPECT_EQ(state->last_outcome, "missed");
  // The state file holds no personal data.
  const auto text = test::read_file(vault_dir() / app::kScheduleStateFile);
  for (const char* marker : {"Ancien", "ancien@", "Autre", "Neuf"}) EXPECT_EQ(text.find(marker), std::string::npos);

  // The next command says who is overdue, in one line on stderr.
  auto next = run({"contact", "list"});
  ASSERT_EQ(next.code, 0) << next.err;
  const std::string line = "2 prospects past their retention date since " + format_utc(*state->missed_since).substr(0, 10) +
                           ": coffre retention run\n";
  EXPECT_EQ(next.err, line);
  // In French (issue 16): the same notice, with the count per category.
  auto fr = run({"--lang", "fr", "contact", "list"});
  ASSERT_EQ(fr.code, 0) << fr.err;
  EXPECT_EQ(fr.err, "Durée de conservation dépassée depuis le " + format_utc(*state->missed_since).substr(0, 10) +
                        " (prospect : 2) : coffre retention run\n");

  auto sched = bare({"schedule", "status", "--json"});
  ASSERT_EQ(sched.code, 0) << sched.err;
  auto j = sched.json();
  EXPECT_EQ(j["scheduler"], "systemd");
  EXPECT_EQ(j["missed_runs"], 1);
  EXPECT_TRUE(j["overdue"].is_null()) << "locked: overdue is unknown";
  EXPECT_TRUE(j["next_run"].is_string());
  auto with_pass = run({"schedule", "status", "--json"});
  ASSERT_EQ(with_pass.code, 0) << with_pass.err;
  EXPECT_EQ(with_pass.json()["overdue"], 2);

  // The unlock catches up first (--yes stands for the terminal's confirmation), then holds the key.
  auto unlock = run({"unlock", "--yes"});
  ASSERT_EQ(unlock.code, 0) << unlock.err;
  EXPECT_NE(unlock.err.find("Caught up: erased 2"), std::string::npos) << unlock.err;
  EXPECT_EQ(bare({"contact", "show", "1"}).code, 3);
  auto after = bare({"contact", "list"});
  EXPECT_EQ(after.code, 0);
  EXPECT_EQ(after.err, "") << "no notice once caught up";
  state = app::load_schedule_state(vault_dir());
  EXPECT_FALSE(state->missed_since.has_value());
  EXPECT_EQ(state->last_erased, 2);
}

TEST_F(AgentCli, TheScheduledRunErasesWithTheAgent) {
  ASSERT_EQ(run({"contact", "add", "--last-name", "Ancien", "--email", "ancien@exemple.fr", "--collected", "2021-03-01"}).code, 0);
  ASSERT_EQ(run({"unlock"}).code, 0);
  auto r = bare({"retention", "run", "--scheduled", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.json()["erased"], 1);
  EXPECT_TRUE(std::filesystem::exists(r.json()["summary"].get<std::string>()));
  EXPECT_EQ(r.json()["summary"].get<std::string>().rfind((tmp_ / "state").string(), 0), 0u);
  auto state = app::load_schedule_state(vault_dir());
  EXPECT_EQ(state->last_outcome, "erased");
  EXPECT_EQ(bare({"contact", "show", "1"}).code, 3);
  // Without a terminal and without --scheduled, a plain run still asks for --yes.
  EXPECT_EQ(bare({"retention", "run"}).code, 0) << "nobody left: nothing to confirm";
}

TEST_F(AgentCli, TheTimerUnitPassesSystemdAnalyzeVerify) {
  auto r = bare({"schedule", "install", "--systemd", "--no-enable", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto name = r.json()["unit"].get<std::string>();
  const auto units = tmp_ / "config" / "systemd" / "user";
  ASSERT_TRUE(std::filesystem::exists(units / (name + ".timer")));
  ASSERT_TRUE(std::filesystem::exists(units / (name + ".service")));
  const auto timer = test::read_file(units / (name + ".timer"));
  EXPECT_NE(timer.find("Persistent=true"), std::string::npos);
  for (const auto& f : {units / (name + ".timer"), units / (name + ".service")}) {
    const auto text = test::read_file(f);
    EXPECT_EQ(text.find("e2e marmotte"), std::string::npos) << "a secret in " << f;
    EXPECT_EQ(text.find("passphrase"), std::string::npos) << f;
  }
  if (::access("/usr/bin/systemd-analyze", X_OK) != 0 && ::access("/bin/systemd-analyze", X_OK) != 0)
    GTEST_SKIP() << "systemd-analyze is not installed: the unit was written but not verified";
  auto verify = run_program({"systemd-analyze", "--user", "verify", (units / (name + ".timer")).string(),
                                            (units / (name + ".service")).string()},
                                           scratch());
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
  EXPECT_EQ(verify.err.find(name), std::string::npos) << verify.err;

  auto removed = bare({"schedule", "remove", "--json"});
  ASSERT_EQ(removed.code, 0) << removed.err;
  EXPECT_TRUE(removed.json()["removed"].get<bool>());
  EXPECT_FALSE(std::filesystem::exists(units / (name + ".timer")));
  EXPECT_TRUE(bare({"schedule", "status", "--json"}).json()["scheduler"].is_null());
}

}  // namespace
}  // namespace coffre
