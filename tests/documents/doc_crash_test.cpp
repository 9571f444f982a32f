// A `doc add` that crashed at any step leaves no document, no plaintext, and nothing an erasure
// misses: the row is inserted (pending) before the blob is written, so erasing the person shreds
// the blob or its temp file whatever the step the crash hit, and `check --repair` removes them.
// The crash is a FaultEnv (tests/fakes/fault_env.h): from the chosen step on, every I/O fails, the
// database's included, as if the process had died there. One run counts the steps, then each is
// crashed in turn on a copy of the same vault.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "coffre/check.h"
#include "coffre/debris.h"
#include "coffre/erasure.h"
#include "documents/doc_fixture.h"
#include "fakes/fault_env.h"

namespace coffre {
namespace {

using test::FaultEnv;

int blob_files(const std::filesystem::path& dir) {
  int n = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir / "blobs")) n += e.is_regular_file();
  return n;
}

std::int64_t pending_rows(Vault& v) { return test::sql_count(v, "SELECT count(*) FROM documents WHERE pending = 1"); }

class DocAddCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Vault::create(tmpl_, test::secret("pw"), test::fast_kdf()).ok());
    {
      auto v = Vault::open(tmpl_, test::secret("pw"));
      ASSERT_TRUE(v.ok());
      id_ = test::add_sql_contact(**v, {});
    }
    std::string content;
    while (content.size() < 300000) content += kMarker;
    test::write_file(input_, content);
    std::filesystem::copy(tmpl_, tmp_ / "count", std::filesystem::copy_options::recursive);
    FaultEnv env;
    ASSERT_TRUE(add_through(env, tmp_ / "count", 0).ok());
    steps_ = env.steps();
    ASSERT_GT(steps_.size(), 8u);
  }
  // Adds the input file to the contact in `dir` through `env`, crashing at `crash_step` (0: never).
  Status add_through(FaultEnv& env, const std::filesystem::path& dir, std::uint64_t crash_step) {
    VaultOptions options;
    options.env = &env;
    auto v = Vault::open(dir, test::secret("pw"), options);
    if (!v.ok()) return v.error();
    if (crash_step > 0) env.crash_at_step(crash_step);
    else env.reset_steps();
    return DocumentStore(**v).add(id_, input_, NullProgress::instance()).status();
  }
  // Crashes an add at step k on a copy of the template; `added` tells whether the add returned
  // success (the crash then hit the vault's close, after the commit).
  std::filesystem::path crash_at(std::size_t k, bool& added) {
    const auto dir = tmp_ / ("crash-" + std::to_string(k));
    std::filesystem::copy(tmpl_, dir, std::filesystem::copy_options::recursive);
    FaultEnv env;
    added = add_through(env, dir, k).ok();
    EXPECT_TRUE(env.crashed());
    return dir;
  }
  std::string step_name(std::size_t k) const { return test::describe_step(steps_, k); }
  // What a session open does after a crash (a crash while the anchor is written leaves its temp
  // file), then: a crash after the commit was durable (in the anchor's steps, which follow it) is
  // an add that happened though it never returned, and the document must then be whole.
  void settle(Vault& v, bool& added) {
    ASSERT_TRUE(remove_debris(v).ok());
    if (added) return;
    auto docs = DocumentStore(v).list(id_);
    ASSERT_TRUE(docs.ok());
    if (docs->size() == 1 && pending_rows(v) == 0) {
      const auto out = tmp_ / "whole";
      ASSERT_TRUE(DocumentStore(v).get(docs->front().id, out, NullProgress::instance(), true).ok());
      EXPECT_EQ(test::read_file(out), test::read_file(input_)) << "a committed add must be whole";
      std::filesystem::remove(out);
      added = true;
    }
  }

  static constexpr const char* kMarker = "CRASHED-ADD-PLAINTEXT";
  test::TempDir tmp_;
  const std::filesystem::path tmpl_ = tmp_ / "template", input_ = tmp_ / "in";
  Id id_ = 0;
  std::vector<FaultEnv::Step> steps_;
};

TEST_F(DocAddCrash, EveryStepLeavesNothingThatErasureMisses) {
  int left_a_file = 0;
  for (std::size_t k = 1; k <= steps_.size(); ++k) {
    SCOPED_TRACE(step_name(k));
    bool added = false;
    const auto dir = crash_at(k, added);
    auto v = Vault::open(dir, test::secret("pw"));
    ASSERT_TRUE(v.ok()) << v.error().message;
    settle(**v, added);
    EXPECT_TRUE(test::files_containing(dir, kMarker).empty());
    auto docs = DocumentStore(**v).list(id_);
    ASSERT_TRUE(docs.ok());
    EXPECT_EQ(docs->size(), added ? 1u : 0u) << "an interrupted add must not show as a document";
    auto report = check_vault(**v);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->ok());
    const int files = blob_files(dir);
    EXPECT_LE(files, 1);
    if (files > 0 && !added) {
      EXPECT_EQ(pending_rows(**v), 1) << "a blob or temp file the database does not name";
    }
    left_a_file += files;
    ASSERT_TRUE(erase_contact(**v, id_, ErasureReason::Manual).ok());
    EXPECT_EQ(blob_files(dir), 0);
    v->reset();
    std::filesystem::remove_all(dir);
  }
  EXPECT_GT(left_a_file, 2) << "the sweep should hit the steps between the temp file and the commit";
}

TEST_F(DocAddCrash, RepairRemovesWhatEveryStepLeft) {
  bool busy_checked = false;
  for (std::size_t k = 1; k <= steps_.size(); ++k) {
    SCOPED_TRACE(step_name(k));
    bool added = false;
    const auto dir = crash_at(k, added);
    auto v = Vault::open(dir, test::secret("pw"));
    ASSERT_TRUE(v.ok());
    settle(**v, added);
    const std::int64_t pending = pending_rows(**v);
    if (pending > 0 && blob_files(dir) > 0 && !busy_checked) {
      // While another process holds the add lock (an add in progress), nothing is touched.
      int fd = ::open((dir / "documents.lock").c_str(), O_RDWR | O_CREAT, 0600);
      ASSERT_GE(fd, 0);
      ASSERT_EQ(::flock(fd, LOCK_SH), 0);
      auto busy = DocumentStore(**v).clean_interrupted();
      ASSERT_FALSE(busy.ok());
      EXPECT_EQ(busy.error().kind, ErrorKind::Conflict);
      EXPECT_EQ(blob_files(dir), 1);
      ::close(fd);
      busy_checked = true;
    }
    auto cleaned = DocumentStore(**v).clean_interrupted();
    ASSERT_TRUE(cleaned.ok()) << cleaned.error().message;
    EXPECT_EQ(*cleaned, pending);
    EXPECT_EQ(blob_files(dir), added ? 1 : 0);
    auto report = check_vault(**v);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->ok());
    for (const auto& item : report->items) {
      if (!item.ok) {
        EXPECT_EQ(item.detail.find("interrupted"), std::string::npos) << item.detail;
      }
    }
    EXPECT_EQ(*DocumentStore(**v).clean_interrupted(), 0);  // nothing left to do
    // The person's documents work as before.
    ASSERT_TRUE(DocumentStore(**v).add(id_, input_, NullProgress::instance()).ok());
    EXPECT_EQ(DocumentStore(**v).list(id_)->size(), added ? 2u : 1u);
    v->reset();
    std::filesystem::remove_all(dir);
  }
  EXPECT_TRUE(busy_checked);
}

// Not a crash: the Nth write, sync or rename fails and the add undoes itself at once.
TEST_F(DocAddCrash, AFailedWriteSyncOrRenameIsUndoneAtOnce) {
  for (auto op : {FaultEnv::Op::Write, FaultEnv::Op::Sync, FaultEnv::Op::Rename}) {
    SCOPED_TRACE(test::to_string(op));
    const auto dir = tmp_ / (std::string("fail-") + test::to_string(op));
    std::filesystem::copy(tmpl_, dir, std::filesystem::copy_options::recursive);
    {
      FaultEnv env;
      VaultOptions options;
      options.env = &env;
      auto v = Vault::open(dir, test::secret("pw"), options);
      ASSERT_TRUE(v.ok());
      // The first such call on the blob file, not the database's (whose failures SQLite handles).
      std::uint64_t nth = 0;
      for (const auto& s : steps_)
        if (s.op == op && (++nth, !s.database)) break;
      env.fail_nth(op, nth);
      auto r = DocumentStore(**v).add(id_, input_, NullProgress::instance());
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().kind, ErrorKind::IoError);
      EXPECT_NE(r.error().message.find("blobs"), std::string::npos) << r.error().message;
    }
    auto v = Vault::open(dir, test::secret("pw"));
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(blob_files(dir), 0);
    EXPECT_EQ(pending_rows(**v), 0);
  }
}

}  // namespace
}  // namespace coffre
