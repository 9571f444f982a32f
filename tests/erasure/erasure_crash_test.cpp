// A crash (SIGKILL at a failpoint) at every step of an erasure is finished later: at the next
// vault open, or by the next erasure run of a process that already had the vault open. Either way
// the person's rows, search terms and blobs end up gone and the journal records the erasure done.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include "coffre/app/session.h"
#include "coffre/erasure.h"
#include "fakes/sql_contacts.h"
#include "fakes/test_support.h"
#include "services/erasure_journal.h"
#include "storage/blob_paths.h"
#include "util/shred.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::secret;

struct Person {
  Id id = 0;
  std::vector<std::filesystem::path> blobs;
};

Person add_person_with_blobs(Vault& vault, const std::string& marker) {
  test::SqlContact c;
  c.first_name = marker;
  c.emails = {marker + "@example.fr"};
  c.notes = {"note " + marker};
  Person p;
  p.id = test::add_sql_contact(vault, c);
  for (int i = 0; i < 2; ++i) {
    const auto blob = storage::new_blob_id();
    const auto path = storage::blob_path(vault.context().blob_dir(), blob);
    std::filesystem::create_directories(path.parent_path());
    test::write_file(path, std::string(70000, 'B'));
    auto st = vault.context().db.prepare("INSERT INTO documents(contact_id, blob_id, name, size, sha256, added_at) "
                                         "VALUES(?,?,'a.pdf',70000,'00',0)");
    EXPECT_TRUE(st->bind(1, p.id).bind(2, blob).run().ok());
    p.blobs.push_back(path);
  }
  return p;
}

int erase_in_child(const std::filesystem::path& dir, Id id, const char* failpoint) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("COFFRE_FAILPOINT", failpoint, 1);
    auto v = Vault::open(dir, secret("pw"));
    if (!v.ok()) ::_exit(10);
    auto r = erase_contact(**v, id, ErasureReason::Objection);
    ::_exit(r.ok() ? 0 : 11);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

void expect_erased(Vault& vault, const Person& p, const std::string& marker) {
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM contacts WHERE id = " + std::to_string(p.id)), 0);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM documents WHERE contact_id = " + std::to_string(p.id)), 0);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM search_index WHERE search_index MATCH '" + marker + "'"), 0);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM erasure_journal WHERE state <> 'done'"), 0);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM erasure_journal WHERE state = 'done' AND suppressed = 1"), 1);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM erasure_journal WHERE documents = 2 AND rows_removed = 6"), 1);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM suppression"), 1);
  for (const auto& b : p.blobs) EXPECT_FALSE(std::filesystem::exists(b)) << b;
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM audit_log WHERE action = 'contact.erase'"), 1);
}

class ErasureCrash : public ::testing::TestWithParam<const char*> {};

TEST_P(ErasureCrash, ResumedAtNextOpen) {
  test::TempDir tmp;
  const auto dir = tmp / "v";
  ASSERT_TRUE(Vault::create(dir, secret("pw"), fast_kdf()).ok());
  Person p;
  {
    auto v = Vault::open(dir, secret("pw"));
    ASSERT_TRUE(v.ok());
    p = add_person_with_blobs(**v, "crashmarker");
  }
  int status = erase_in_child(dir, p.id, GetParam());
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the failpoint " << GetParam() << " was not reached (status " << status << ")";
  // The next session (what every front end opens) finishes the erasure.
  PluginHost plugins(std::vector<std::filesystem::path>{});
  auto s = app::Session::open(dir, secret("pw"), plugins);
  ASSERT_TRUE(s.ok()) << s.error().message;
  expect_erased((*s)->vault(), p, "crashmarker");
}

TEST_P(ErasureCrash, ResumedByTheNextErasureRun) {
  test::TempDir tmp;
  const auto dir = tmp / "v";
  ASSERT_TRUE(Vault::create(dir, secret("pw"), fast_kdf()).ok());
  auto v = Vault::open(dir, secret("pw"));  // open before the crash: no resume at open
  ASSERT_TRUE(v.ok());
  Person p = add_person_with_blobs(**v, "runmarker");
  const Id bystander = test::add_sql_contact(**v, {});
  int status = erase_in_child(dir, p.id, GetParam());
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << GetParam();
  auto next = erase_contact(**v, bystander, ErasureReason::Manual);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(test::sql_count(**v, "SELECT count(*) FROM erasure_journal WHERE state = 'done'"), 2);
  EXPECT_EQ(test::sql_count(**v, "SELECT count(*) FROM contacts"), 0);
  for (const auto& b : p.blobs) EXPECT_FALSE(std::filesystem::exists(b)) << b;
  EXPECT_EQ(test::sql_count(**v, "SELECT count(*) FROM search_index WHERE search_index MATCH 'runmarker'"), 0);
}

INSTANTIATE_TEST_SUITE_P(EveryStep, ErasureCrash,
                         ::testing::Values("erasure-after-mark", "erasure-after-delete", "shred-before-unlink",
                                           "erasure-mid-shred", "erasure-before-checkpoint"));

TEST(ErasureLockTest, OnlyOneEraserAtATime) {
  test::TempDir tmp;
  services::ErasureLock a;
  ASSERT_TRUE(a.acquire(tmp.path(), false).ok());
  services::ErasureLock b;
  auto s = b.acquire(tmp.path(), false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::Conflict);
}

TEST(DefaultShredder, OverwritesTheOldInodeBeforeUnlinking) {
  test::TempDir tmp;
  const auto file = tmp / "blob";
  const std::string original(3 * 1024 * 1024 + 17, 'S');
  test::write_file(file, original);
  int fd = ::open(file.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(util::shred_file(file).ok());
  EXPECT_FALSE(std::filesystem::exists(file));
  std::string after(original.size(), '\0');
  ASSERT_EQ(::pread(fd, after.data(), after.size(), 0), static_cast<ssize_t>(after.size()));
  ::close(fd);
  std::size_t same = 0;
  for (std::size_t i = 0; i < after.size(); ++i) same += after[i] == 'S';
  // A keystream byte equals 'S' with probability 1/256.
  EXPECT_LT(same, after.size() / 128) << "the old content was not overwritten";
  EXPECT_TRUE(util::shred_file(file).ok()) << "a missing file is already shredded";
}

TEST(DefaultShredder, RemovesASymlinkButNotItsTarget) {
  test::TempDir tmp;
  test::write_file(tmp / "target", "keep me");
  std::filesystem::create_symlink(tmp / "target", tmp / "link");
  ASSERT_TRUE(util::shred_file(tmp / "link").ok());
  EXPECT_FALSE(std::filesystem::is_symlink(tmp / "link"));
  EXPECT_EQ(test::read_file(tmp / "target"), "keep me");
}

}  // namespace
}  // namespace coffre
