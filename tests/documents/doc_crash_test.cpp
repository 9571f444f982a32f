// A `doc add` killed part-way leaves no document, no plaintext, and nothing an erasure misses:
// the row is inserted (pending) before the blob is written, so erasing the person shreds the
// blob or its temp file whatever the step the crash hit.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coffre/check.h"
#include "coffre/erasure.h"
#include "documents/doc_fixture.h"

namespace coffre {
namespace {

// A vault with one contact whose `doc add` of `content` was killed (SIGKILL) at the failpoint.
class DocAddCrash : public ::testing::TestWithParam<const char*> {
 protected:
  void kill_an_add(const std::string& content) {
    ASSERT_TRUE(Vault::create(dir_, test::secret("pw"), test::fast_kdf()).ok());
    {
      auto v = Vault::open(dir_, test::secret("pw"));
      ASSERT_TRUE(v.ok());
      id_ = test::add_sql_contact(**v, {});
    }
    test::write_file(tmp_ / "in", content);
    pid_t pid = ::fork();
    if (pid == 0) {
      ::setenv("COFFRE_FAILPOINT", GetParam(), 1);
      auto v = Vault::open(dir_, test::secret("pw"));
      if (!v.ok()) ::_exit(10);
      ::_exit(DocumentStore(**v).add(id_, tmp_ / "in", NullProgress::instance()).ok() ? 0 : 11);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << GetParam();
  }
  int blob_files() const {
    int n = 0;
    for (auto& e : std::filesystem::recursive_directory_iterator(dir_ / "blobs")) n += e.is_regular_file();
    return n;
  }
  test::TempDir tmp_;
  const std::filesystem::path dir_ = tmp_ / "v";
  Id id_ = 0;
};

TEST_P(DocAddCrash, NothingLeftThatErasureMisses) {
  const std::string marker = "CRASHED-ADD-PLAINTEXT";
  std::string content;
  while (content.size() < 300000) content += marker;
  ASSERT_NO_FATAL_FAILURE(kill_an_add(content));
  const auto& dir = dir_;
  const Id id = id_;

  auto v = Vault::open(dir, test::secret("pw"));
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(test::files_containing(dir, marker).empty());
  auto docs = DocumentStore(**v).list(id);
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->empty()) << "an interrupted add must not show as a document";
  auto report = check_vault(**v);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(blob_files(), 1) << "the crash leaves its blob or temp file";
  ASSERT_TRUE(erase_contact(**v, id, ErasureReason::Manual).ok());
  EXPECT_EQ(blob_files(), 0);
}

TEST_P(DocAddCrash, RepairRemovesWhatTheAddLeftAndOnlyWhenNoAddRuns) {
  ASSERT_NO_FATAL_FAILURE(kill_an_add(std::string(300000, 'x')));
  const auto& dir = dir_;
  const Id id = id_;
  auto v = Vault::open(dir, test::secret("pw"));
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(blob_files(), 1);
  // While another process holds the add lock (an add in progress), nothing is touched.
  {
    int fd = ::open((dir / "documents.lock").c_str(), O_RDWR | O_CREAT, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_SH), 0);
    auto busy = DocumentStore(**v).clean_interrupted();
    ASSERT_FALSE(busy.ok());
    EXPECT_EQ(busy.error().kind, ErrorKind::Conflict);
    EXPECT_EQ(blob_files(), 1);
    ::close(fd);
  }
  auto cleaned = DocumentStore(**v).clean_interrupted();
  ASSERT_TRUE(cleaned.ok()) << cleaned.error().message;
  EXPECT_EQ(*cleaned, 1);
  EXPECT_EQ(blob_files(), 0);
  auto report = check_vault(**v);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
  for (const auto& item : report->items) EXPECT_EQ(item.detail.find("interrupted"), std::string::npos) << item.detail;
  EXPECT_EQ(*DocumentStore(**v).clean_interrupted(), 0);  // nothing left to do
  // The person's documents work as before.
  ASSERT_TRUE(DocumentStore(**v).add(id, tmp_ / "in", NullProgress::instance()).ok());
  EXPECT_EQ(DocumentStore(**v).list(id)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(EveryStep, DocAddCrash,
                         ::testing::Values("doc-add-before-sync", "doc-add-before-commit"));

}  // namespace
}  // namespace coffre
