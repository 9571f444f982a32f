// The shredder plugin: every byte of the old inode overwritten (read back through a descriptor
// held across the shred), links, sparse, empty and tiny files, read-only files, trees, odd names,
// per-file errors that do not stop the run, dry runs and verification.
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <sodium.h>

#include <csignal>

#include "kill_hook.h"
#include "shred_helpers.h"
#include "walker.h"

namespace coffre {
namespace {
namespace fs = std::filesystem;
using plugin::ShredOutcome;
using test::known_content;
using test::shred;

std::string read_fd(int fd) {
  struct stat st {};
  EXPECT_EQ(::fstat(fd, &st), 0);
  std::string s(static_cast<std::size_t>(st.st_size), '\0');
  EXPECT_EQ(::pread(fd, s.data(), s.size(), 0), static_cast<ssize_t>(s.size()));
  return s;
}

// Runs the shred in a child that kills itself right after the overwrite and its fsync, before the
// renames, truncation and unlink (the plugin's sources linked with kill_hook.cpp, as a power cut
// would), so that the old inode still has its size and can be read back through `fd`, held open
// since before the shred.
std::string old_inode_after_overwrite(const fs::path& file, plugin::ShredOptions options, int fd) {
  pid_t pid = ::fork();
  if (pid == 0) {
    if (sodium_init() < 0) ::_exit(2);
    test::kill_after_overwrite = true;
    test::Run run;
    shred::Walker walker(options, run);
    walker.run({file.string()});
    ::_exit(0);  // not reached when the hook fires
  }
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the shred did not reach its overwrite";
  return read_fd(fd);
}

std::size_t bytes_unchanged(const std::string& before, const std::string& after) {
  std::size_t same = 0;
  for (std::size_t i = 0; i < before.size() && i < after.size(); ++i) same += before[i] == after[i];
  return same;
}

TEST(ShredPlugin, ZeroPassChangesEveryByteOfTheOldInode) {
  test::TempDir tmp;
  const std::string original = known_content((5u << 20) + 123);  // several chunks and a ragged tail
  test::write_file(tmp / "f", original);
  int fd = ::open((tmp / "f").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  plugin::ShredOptions o;
  o.method = plugin::ShredMethod::Zero;
  const std::string after = old_inode_after_overwrite(tmp / "f", o, fd);
  ::close(fd);
  ASSERT_EQ(after.size(), original.size());
  EXPECT_EQ(bytes_unchanged(original, after), 0u);
  EXPECT_EQ(after, std::string(original.size(), '\0'));
}

TEST(ShredPlugin, RandomPassLeavesNoTraceOfTheOldBytes) {
  test::TempDir tmp;
  const std::string original = known_content((3u << 20) + 7);
  test::write_file(tmp / "f", original);
  int fd = ::open((tmp / "f").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  const std::string after = old_inode_after_overwrite(tmp / "f", {}, fd);
  ::close(fd);
  ASSERT_EQ(after.size(), original.size());
  // A random byte equals the old one with probability 1/256; skipping the overwrite would leave
  // all of them equal. Allow twice the expected share.
  EXPECT_LT(bytes_unchanged(original, after), original.size() / 128);
  EXPECT_EQ(after.find(original.substr(1000, 32)), std::string::npos);
}

TEST(ShredPlugin, FullRunTruncatesAndUnlinksTheInode) {
  test::TempDir tmp;
  test::write_file(tmp / "f", known_content(100000));
  int fd = ::open((tmp / "f").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  auto run = shred({(tmp / "f").string()});
  struct stat st {};
  ASSERT_EQ(::fstat(fd, &st), 0);
  ::close(fd);
  EXPECT_EQ(run.errors, 0u);
  EXPECT_EQ(st.st_nlink, 0u);  // no name left anywhere
  EXPECT_EQ(st.st_size, 0);    // truncated
  EXPECT_TRUE(fs::is_empty(tmp.path()));  // not even a renamed leftover
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_EQ(run.results[0].bytes, 100000u);
  EXPECT_TRUE(run.results[0].result == ShredOutcome::Overwritten || run.results[0].result == ShredOutcome::Logical);
  EXPECT_EQ(run.total, 100000u);
  EXPECT_EQ(run.done, 100000u);
}

TEST(ShredPlugin, SymlinkIsRemovedAndItsTargetLeftAlone) {
  test::TempDir tmp;
  test::write_file(tmp / "target", "keep me");
  fs::create_symlink(tmp / "target", tmp / "link");
  auto run = shred({(tmp / "link").string()});
  EXPECT_EQ(run.errors, 0u);
  EXPECT_FALSE(test::exists_nofollow(tmp / "link"));
  EXPECT_EQ(test::read_file(tmp / "target"), "keep me");
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_EQ(run.results[0].result, ShredOutcome::LinkRemoved);
  EXPECT_NE(run.results[0].note.find("target"), std::string::npos);
}

TEST(ShredPlugin, HardLinkLosesOnlyThisName) {
  test::TempDir tmp;
  test::write_file(tmp / "a", "shared content");
  fs::create_hard_link(tmp / "a", tmp / "b");
  auto run = shred({(tmp / "a").string()});
  EXPECT_EQ(run.errors, 0u);
  EXPECT_FALSE(test::exists_nofollow(tmp / "a"));
  EXPECT_EQ(test::read_file(tmp / "b"), "shared content");  // not overwritten
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_EQ(run.results[0].result, ShredOutcome::LinkRemoved);
  EXPECT_NE(run.results[0].note.find("hard links"), std::string::npos);
  // The last name is an ordinary file again and is overwritten.
  auto last = shred({(tmp / "b").string()});
  ASSERT_EQ(last.results.size(), 1u);
  EXPECT_NE(last.results[0].result, ShredOutcome::LinkRemoved);
  EXPECT_FALSE(test::exists_nofollow(tmp / "b"));
}

TEST(ShredPlugin, SparseFileHasItsDataOverwrittenAndHolesLeft) {
  test::TempDir tmp;
  const fs::path f = tmp / "sparse";
  int fd = ::open(f.c_str(), O_RDWR | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  const std::string a = known_content(5000), b = known_content(3000);
  ASSERT_EQ(::pwrite(fd, a.data(), a.size(), 0), static_cast<ssize_t>(a.size()));
  ASSERT_EQ(::pwrite(fd, b.data(), b.size(), 32 << 20), static_cast<ssize_t>(b.size()));
  ASSERT_EQ(::ftruncate(fd, 64 << 20), 0);
  ::fsync(fd);
  struct stat before {};
  ::fstat(fd, &before);
  plugin::ShredOptions o;
  o.method = plugin::ShredMethod::Zero;
  const std::string after = old_inode_after_overwrite(f, o, fd);
  ASSERT_EQ(after.size(), 64u << 20);
  EXPECT_EQ(after.substr(0, a.size()), std::string(a.size(), '\0'));
  EXPECT_EQ(after.substr(32 << 20, b.size()), std::string(b.size(), '\0'));
  struct stat st {};
  ::fstat(fd, &st);
  EXPECT_LE(st.st_blocks, before.st_blocks + 64);  // the holes were not filled in
  ::close(fd);

  auto run = shred({f.string()});
  EXPECT_EQ(run.errors, 0u);
  EXPECT_FALSE(test::exists_nofollow(f));
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_LT(run.results[0].bytes, 1u << 20);  // the data, not the 64 MiB of holes
  EXPECT_GE(run.results[0].bytes, a.size() + b.size());
  EXPECT_NE(run.results[0].note.find("sparse"), std::string::npos);
}

TEST(ShredPlugin, EmptyAndOneByteFiles) {
  test::TempDir tmp;
  test::write_file(tmp / "empty", "");
  test::write_file(tmp / "one", "A");
  int fd = ::open((tmp / "one").c_str(), O_RDONLY);
  plugin::ShredOptions o;
  o.method = plugin::ShredMethod::Zero;
  EXPECT_EQ(old_inode_after_overwrite(tmp / "one", o, fd), std::string(1, '\0'));
  ::close(fd);
  auto run = shred({(tmp / "empty").string(), (tmp / "one").string()});
  EXPECT_EQ(run.errors, 0u);
  EXPECT_TRUE(fs::is_empty(tmp.path()));
  ASSERT_EQ(run.results.size(), 2u);
  EXPECT_EQ(run.results[0].bytes, 0u);
  EXPECT_EQ(run.results[1].bytes, 1u);
}

TEST(ShredPlugin, ReadOnlyFileIsOverwrittenAndRemoved) {
  test::TempDir tmp;
  test::write_file(tmp / "ro", known_content(10000));
  ::chmod((tmp / "ro").c_str(), 0400);
  auto run = shred({(tmp / "ro").string()});
  EXPECT_EQ(run.errors, 0u);
  EXPECT_FALSE(test::exists_nofollow(tmp / "ro"));
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_EQ(run.results[0].bytes, 10000u);
  // root writes through the mode; anyone else has it made u+w first, and is told.
  if (::geteuid() != 0) {
    EXPECT_NE(run.results[0].note.find("read-only"), std::string::npos);
  }
}

TEST(ShredPlugin, TreeIsShreddedBottomUpOnlyWhenRecursive) {
  test::TempDir tmp;
  fs::create_directories(tmp / "d" / "e" / "f");
  test::write_file(tmp / "d" / "a.txt", "a");
  test::write_file(tmp / "d" / "e" / "b.txt", known_content(70000));
  test::write_file(tmp / "d" / "e" / "f" / "c.txt", "c");
  fs::create_symlink("/etc/hostname", tmp / "d" / "e" / "l");

  auto refused = shred({(tmp / "d").string()});
  EXPECT_EQ(refused.errors, 1u);
  EXPECT_TRUE(fs::exists(tmp / "d" / "e" / "b.txt"));

  plugin::ShredOptions o;
  o.recursive = true;
  auto run = shred({(tmp / "d").string()}, o);
  EXPECT_EQ(run.errors, 0u);
  EXPECT_TRUE(fs::is_empty(tmp.path()));
  ASSERT_EQ(run.results.size(), 7u);  // 3 files, 1 link, 3 folders
  EXPECT_EQ(run.results.back().path, (tmp / "d").string());  // the top folder last
  EXPECT_TRUE(run.results.back().directory);
  EXPECT_EQ(run.find((tmp / "d" / "e" / "l").string())->result, ShredOutcome::LinkRemoved);
  EXPECT_EQ(run.total, 70002u);
}

TEST(ShredPlugin, NamesWithSpacesAndNonUtf8Bytes) {
  test::TempDir tmp;
  const std::string name = std::string("r\xe9sum\xe9 final \xff\xfe.xlsx");  // Latin-1 bytes
  const fs::path f = tmp.path() / name;
  test::write_file(f, "secret");
  auto run = shred({f.string()});
  EXPECT_EQ(run.errors, 0u);
  EXPECT_TRUE(fs::is_empty(tmp.path()));
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_EQ(run.results[0].path, f.string());  // the raw bytes, as given
}

// A file the user may not change: immutable for root (chattr +i), a read-only folder otherwise.
bool make_unremovable(const fs::path& file, const fs::path& folder) {
  if (::geteuid() != 0) return ::chmod(folder.c_str(), 0500) == 0;
  int fd = ::open(file.c_str(), O_RDONLY);
  int flags = 0;
  bool ok = fd >= 0 && ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 &&
            (flags |= FS_IMMUTABLE_FL, ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0);
  if (fd >= 0) ::close(fd);
  return ok;
}

void make_removable(const fs::path& file, const fs::path& folder) {
  ::chmod(folder.c_str(), 0700);
  int fd = ::open(file.c_str(), O_RDONLY);
  int flags = 0;
  if (fd >= 0 && ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
    flags &= ~FS_IMMUTABLE_FL;
    ::ioctl(fd, FS_IOC_SETFLAGS, &flags);
  }
  if (fd >= 0) ::close(fd);
}

TEST(ShredPlugin, PermissionDeniedIsAnErrorForThatFileAndTheRunGoesOn) {
  test::TempDir tmp;
  fs::create_directory(tmp / "locked");
  test::write_file(tmp / "locked" / "x", "cannot touch this");
  test::write_file(tmp / "free", "gone soon");
  if (!make_unremovable(tmp / "locked" / "x", tmp / "locked")) GTEST_SKIP() << "cannot make a file unremovable here";
  auto run = shred({(tmp / "locked" / "x").string(), (tmp / "free").string(), (tmp / "missing").string()});
  make_removable(tmp / "locked" / "x", tmp / "locked");
  EXPECT_EQ(run.errors, 2u);
  ASSERT_EQ(run.results.size(), 3u);
  EXPECT_EQ(run.results[0].result, ShredOutcome::Error);
  EXPECT_FALSE(run.results[0].note.empty());
  EXPECT_NE(run.results[1].result, ShredOutcome::Error);
  EXPECT_FALSE(test::exists_nofollow(tmp / "free"));
  EXPECT_EQ(run.results[2].result, ShredOutcome::Error);
}

TEST(ShredPlugin, DryRunTouchesNothing) {
  test::TempDir tmp;
  fs::create_directories(tmp / "d");
  test::write_file(tmp / "d" / "f", known_content(9000));
  fs::create_symlink("f", tmp / "d" / "l");
  struct stat before {};
  ::stat((tmp / "d" / "f").c_str(), &before);
  plugin::ShredOptions o;
  o.dry_run = true;
  o.recursive = true;
  auto run = shred({(tmp / "d").string()}, o);
  EXPECT_EQ(run.errors, 0u);
  EXPECT_EQ(run.results.size(), 3u);
  EXPECT_EQ(test::read_file(tmp / "d" / "f"), known_content(9000));
  EXPECT_TRUE(test::exists_nofollow(tmp / "d" / "l"));
  struct stat after {};
  ::stat((tmp / "d" / "f").c_str(), &after);
  EXPECT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  EXPECT_EQ(after.st_mode, before.st_mode);
  for (const auto& r : run.results) EXPECT_NE(r.note.find("dry run"), std::string::npos);
}

TEST(ShredPlugin, VerifyReadsBackEveryMethod) {
  test::TempDir tmp;
  for (auto m : {plugin::ShredMethod::Random, plugin::ShredMethod::Zero, plugin::ShredMethod::Dod3}) {
    test::write_file(tmp / "v", known_content((9u << 20) + 5));
    plugin::ShredOptions o;
    o.method = m;
    o.passes = m == plugin::ShredMethod::Dod3 ? 3 : 2;
    o.verify = true;
    auto run = shred({(tmp / "v").string()}, o);
    EXPECT_EQ(run.errors, 0u) << plugin::to_string(m);
    ASSERT_EQ(run.results.size(), 1u);
    EXPECT_TRUE(run.results[0].verified) << plugin::to_string(m) << ": " << run.results[0].note;
    EXPECT_EQ(run.done, o.passes * ((9ull << 20) + 5));
    EXPECT_FALSE(test::exists_nofollow(tmp / "v"));
  }
}

TEST(ShredPlugin, MemoryFileSystemIsReportedLogical) {
  if (!fs::is_directory("/dev/shm")) GTEST_SKIP() << "no /dev/shm";
  const fs::path f = fs::path("/dev/shm") / ("coffre-shred-test-" + std::to_string(::getpid()));
  test::write_file(f, "in memory");
  auto run = shred({f.string()});
  EXPECT_EQ(run.errors, 0u);
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_EQ(run.results[0].result, ShredOutcome::Logical);
  EXPECT_NE(run.results[0].note.find("logical deletion, not media sanitisation"), std::string::npos);
  EXPECT_NE(run.results[0].note.find("memory file system"), std::string::npos);
  EXPECT_FALSE(test::exists_nofollow(f));
}

TEST(ShredPlugin, NonRegularFilesAreRefused) {
  test::TempDir tmp;
  ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
  auto run = shred({(tmp / "fifo").string(), (tmp.path() / ".").string(), "/"});
  EXPECT_EQ(run.errors, 3u);
  EXPECT_TRUE(test::exists_nofollow(tmp / "fifo"));
}

}  // namespace
}  // namespace coffre
