// A crash (SIGKILL) at every step of `passwd` leaves the old or the new passphrase working, never
// neither. The child process dies at a failpoint (util::failpoint, armed by COFFRE_FAILPOINT), as
// a power cut or `kill -9` would; the parent then opens the vault.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "coffre/vault.h"
#include "fakes/test_support.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::secret;

// Runs change_passphrase in a child with the failpoint armed; returns the child's wait status.
int passwd_in_child(const std::filesystem::path& dir, const char* failpoint) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("COFFRE_FAILPOINT", failpoint, 1);
    auto v = Vault::open(dir, secret("old"));
    if (!v.ok()) ::_exit(10);
    auto s = (*v)->change_passphrase(secret("new"), fast_kdf());
    ::_exit(s.ok() ? 0 : 11);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

class PasswdCrash : public ::testing::TestWithParam<const char*> {};

TEST_P(PasswdCrash, OldOrNewPassphraseStillWorks) {
  test::TempDir tmp;
  auto dir = tmp / "v";
  auto code = Vault::create(dir, secret("old"), fast_kdf());
  ASSERT_TRUE(code.ok());
  int status = passwd_in_child(dir, GetParam());
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the failpoint " << GetParam() << " was not reached (status " << status << ")";
  const bool old_works = Vault::open(dir, secret("old")).ok();
  const bool new_works = Vault::open(dir, secret("new")).ok();
  EXPECT_TRUE(old_works != new_works) << "old works: " << old_works << ", new works: " << new_works;
  // Before the rename the old passphrase must still be the one; after it, the new one.
  const std::string fp = GetParam();
  EXPECT_EQ(new_works, fp == "atomic-write-after-rename");
  // The recovery code survives every crash.
  EXPECT_TRUE(Vault::open_with_recovery_code(dir, secret(*code)).ok());
  // A writer killed between creating and renaming its temp file leaves it behind (wrapped keys
  // only); the next passwd removes it.
  auto temps = [&] {
    std::size_t n = 0;
    for (auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().filename().string().rfind(".keyslots.tmp-", 0) == 0) ++n;
    return n;
  };
  const bool temp_expected = fp == "atomic-write-before-fsync" || fp == "atomic-write-before-rename";
  EXPECT_EQ(temps(), temp_expected ? 1u : 0u);
  auto v = Vault::open(dir, secret(new_works ? "new" : "old"));
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE((*v)->change_passphrase(secret("third"), fast_kdf()).ok());
  EXPECT_EQ(temps(), 0u);
}

INSTANTIATE_TEST_SUITE_P(EveryStep, PasswdCrash,
                         ::testing::Values("passwd-before-store", "atomic-write-before-fsync",
                                           "atomic-write-before-rename", "atomic-write-after-rename"));

TEST(PasswdCrash, RandomKillsDuringRealPasswd) {
  // Not a failpoint: SIGKILL the child at a random moment of a real passwd (with a KDF slow enough
  // to be caught part-way), twenty times. Every time, one of the two passphrases works.
  test::TempDir tmp;
  auto dir = tmp / "v";
  ASSERT_TRUE(Vault::create(dir, secret("old"), fast_kdf()).ok());
  std::srand(42);
  int caught = 0;
  for (int round = 0; round < 20; ++round) {
    const bool new_before = Vault::open(dir, secret("new")).ok();
    const char* from = new_before ? "new" : "old";
    const char* to = new_before ? "old" : "new";
    pid_t pid = ::fork();
    if (pid == 0) {
      auto v = Vault::open(dir, secret(from));
      if (!v.ok()) ::_exit(10);
      ::_exit((*v)->change_passphrase(secret(to), {1, 16ull << 20}).ok() ? 0 : 11);
    }
    ::usleep(static_cast<useconds_t>(std::rand() % 60000));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++caught;
    else ASSERT_EQ(WEXITSTATUS(status), 0);
    const bool a = Vault::open(dir, secret("old")).ok();
    const bool b = Vault::open(dir, secret("new")).ok();
    ASSERT_TRUE(a != b) << "round " << round << ": old " << a << ", new " << b;
  }
  RecordProperty("killed_part_way", caught);
}

}  // namespace
}  // namespace coffre
