// A crash at every step of `passwd` leaves the old or the new passphrase working, never neither.
// The crash is a FaultEnv (tests/fakes/fault_env.h): from the chosen step on, every I/O fails, the
// database's included, as if the process had died there; the test then drops the Vault and opens
// the folder with the real Env. One run counts the steps, then each is crashed in turn. Besides,
// real children are SIGKILLed at random moments of a real passwd.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "coffre/vault.h"
#include "fakes/fault_env.h"
#include "fakes/test_support.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::FaultEnv;
using test::secret;

std::size_t temps(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for (auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind(".keyslots.tmp-", 0) == 0) ++n;
  return n;
}

void copy_vault(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

// Runs passwd old -> new on `dir` through `env`, crashing at `crash_step` (0: never), and drops
// the vault (its close is counted too), as a dead process's would be.
Status passwd_through(FaultEnv& env, const std::filesystem::path& dir, std::uint64_t crash_step) {
  VaultOptions options;
  options.env = &env;
  auto v = Vault::open(dir, secret("old"), options);
  if (!v.ok()) return v.error();
  if (crash_step > 0) env.crash_at_step(crash_step);
  else env.reset_steps();
  return (*v)->change_passphrase(secret("new"), fast_kdf());
}

// 1-based index of the first step `op` on a file whose name starts with `name`; 0 if none.
std::size_t index_of(const std::vector<FaultEnv::Step>& steps, FaultEnv::Op op, const std::string& name) {
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i].op == op && steps[i].path.filename().string().rfind(name, 0) == 0) return i + 1;
  return 0;
}

TEST(PasswdCrash, EveryStepLeavesTheOldOrTheNewPassphrase) {
  test::TempDir tmp;
  const auto tmpl = tmp / "template";
  auto code = Vault::create(tmpl, secret("old"), fast_kdf());
  ASSERT_TRUE(code.ok());
  std::vector<FaultEnv::Step> steps;
  {
    copy_vault(tmpl, tmp / "count");
    FaultEnv env;
    ASSERT_TRUE(passwd_through(env, tmp / "count", 0).ok());
    steps = env.steps();
  }
  const std::size_t created = index_of(steps, FaultEnv::Op::Create, ".keyslots.tmp-");
  const std::size_t renamed = index_of(steps, FaultEnv::Op::Rename, "keyslots");
  ASSERT_GT(created, 0u);
  ASSERT_GT(renamed, created);
  ASSERT_GT(steps.size(), renamed) << "the folder sync and the audit entry come after the rename";

  for (std::size_t k = 1; k <= steps.size(); ++k) {
    SCOPED_TRACE("crash at step " + std::to_string(k) + " of " + std::to_string(steps.size()) + ": " +
                 test::to_string(steps[k - 1].op) + " " + steps[k - 1].path.filename().string());
    const auto dir = tmp / ("crash-" + std::to_string(k));
    copy_vault(tmpl, dir);
    {
      FaultEnv env;
      // The last steps are the vault's close (its checkpoint): passwd itself has succeeded then.
      (void)passwd_through(env, dir, k);
      EXPECT_TRUE(env.crashed());
    }
    const bool old_works = Vault::open(dir, secret("old")).ok();
    const bool new_works = Vault::open(dir, secret("new")).ok();
    EXPECT_TRUE(old_works != new_works) << "old works: " << old_works << ", new works: " << new_works;
    // Before the rename the old passphrase must still be the one; after it, the new one.
    EXPECT_EQ(new_works, k > renamed);
    // The recovery code survives every crash.
    EXPECT_TRUE(Vault::open_with_recovery_code(dir, secret(*code)).ok());
    // A writer killed between creating and renaming its temp file leaves it behind (wrapped keys
    // only); the next passwd removes it.
    EXPECT_EQ(temps(dir), k > created && k <= renamed ? 1u : 0u);
    auto v = Vault::open(dir, secret(new_works ? "new" : "old"));
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE((*v)->change_passphrase(secret("third"), fast_kdf()).ok());
    EXPECT_EQ(temps(dir), 0u);
  }
}

TEST(PasswdCrash, AFailedRenameOrSyncKeepsTheOldPassphraseAndNoTempFile) {
  for (auto op : {FaultEnv::Op::Write, FaultEnv::Op::Sync, FaultEnv::Op::Rename}) {
    SCOPED_TRACE(test::to_string(op));
    test::TempDir tmp;
    const auto dir = tmp / "v";
    ASSERT_TRUE(Vault::create(dir, secret("old"), fast_kdf()).ok());
    FaultEnv env;
    env.fail_nth(op, 1);
    VaultOptions options;
    options.env = &env;
    auto v = Vault::open(dir, secret("old"), options);
    ASSERT_TRUE(v.ok());
    auto s = (*v)->change_passphrase(secret("new"), fast_kdf());
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.kind(), ErrorKind::IoError);
    EXPECT_NE(s.message().find("keyslots"), std::string::npos) << s.message();
    EXPECT_EQ(temps(dir), 0u);
    EXPECT_TRUE(Vault::open(dir, secret("old")).ok());
    EXPECT_FALSE(Vault::open(dir, secret("new")).ok());
  }
}

// Forks a child that opens the vault with `from`, tells the parent through `ready` (one byte) that
// passwd is starting, and changes the passphrase to `to`.
pid_t start_passwd(const std::filesystem::path& dir, const char* from, const char* to, int ready) {
  pid_t pid = ::fork();
  if (pid == 0) {
    auto v = Vault::open(dir, secret(from));
    if (!v.ok()) ::_exit(10);
    if (::write(ready, "p", 1) != 1) ::_exit(12);
    ::_exit((*v)->change_passphrase(secret(to), {1, 16ull << 20}).ok() ? 0 : 11);
  }
  return pid;
}

// Waits up to ten seconds for the child's byte on `ready`; true if it came.
bool wait_ready(int ready) {
  struct pollfd p {ready, POLLIN, 0};
  char c;
  return ::poll(&p, 1, 10000) == 1 && ::read(ready, &c, 1) == 1;
}

TEST(PasswdCrash, RandomKillsDuringRealPasswd) {
  // Not an injected crash: SIGKILL a real child at a random moment of a real passwd (with a KDF
  // slow enough to be caught part-way), twenty times. Every time, one of the two passphrases works.
  test::TempDir tmp;
  auto dir = tmp / "v";
  ASSERT_TRUE(Vault::create(dir, secret("old"), fast_kdf()).ok());
  int ready[2];
  ASSERT_EQ(::pipe2(ready, O_CLOEXEC), 0);
  // How long passwd takes here, from the child's signal that the vault is open to its exit: the
  // kills are spread over that span, so that they land part-way on a slow machine as on a fast one.
  using Clock = std::chrono::steady_clock;
  long long passwd_us = 0;
  {
    pid_t pid = start_passwd(dir, "old", "new", ready[1]);
    ASSERT_TRUE(wait_ready(ready[0]));
    const auto t0 = Clock::now();
    int status = 0;
    ::waitpid(pid, &status, 0);
    passwd_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::srand(42);
  int killed = 0, part_way = 0;
  for (int round = 0; round < 20; ++round) {
    const bool new_before = Vault::open(dir, secret("new")).ok();
    pid_t pid = start_passwd(dir, new_before ? "new" : "old", new_before ? "old" : "new", ready[1]);
    const bool started = wait_ready(ready[0]);
    ::usleep(static_cast<useconds_t>(std::rand() % std::max<long long>(passwd_us, 1)));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
      ++killed;
      if (started) ++part_way;  // killed after the vault opened, while passwd ran
    } else {
      ASSERT_EQ(WEXITSTATUS(status), 0);
    }
    const bool a = Vault::open(dir, secret("old")).ok();
    const bool b = Vault::open(dir, secret("new")).ok();
    ASSERT_TRUE(a != b) << "round " << round << ": old " << a << ", new " << b;
  }
  ::close(ready[0]);
  ::close(ready[1]);
  RecordProperty("killed", killed);
  RecordProperty("killed_part_way", part_way);
  // Kills that all land after the work is done (or before it starts) would prove nothing.
  EXPECT_GE(part_way, 10) << "only " << part_way << " of 20 kills landed while passwd ran (" << killed
                          << " killed at all; passwd takes " << passwd_us << " µs here)";
}

}  // namespace
}  // namespace coffre
