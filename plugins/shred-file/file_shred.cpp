#include "file_shred.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "coffre/plugin/i18n.h"
#include "remove.h"
#include "storage.h"

namespace coffre::shred {

using plugin::tr;
using plugin::trf;
namespace {

using plugin::ShredFileResult;
using plugin::ShredOutcome;

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  void reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

ShredFileResult error_result(const std::string& display, std::uint64_t bytes, std::string note) {
  ShredFileResult r;
  r.path = display;
  r.bytes = bytes;
  r.result = ShredOutcome::Error;
  r.note = std::move(note);
  return r;
}

const char* type_name(mode_t m) {
  if (S_ISFIFO(m)) return tr("a named pipe");
  if (S_ISSOCK(m)) return tr("a socket");
  if (S_ISCHR(m)) return tr("a character device");
  if (S_ISBLK(m)) return tr("a block device");
  if (S_ISDIR(m)) return tr("a folder");
  return tr("not a regular file");
}

ShredFileResult link_entry(int dirfd, const std::string& name, const std::string& display, const struct stat& lst,
                           const plugin::ShredOptions& options) {
  ShredFileResult r;
  r.path = display;
  r.result = ShredOutcome::LinkRemoved;
  if (S_ISLNK(lst.st_mode)) {
    std::string target(4096, '\0');
    ssize_t n = ::readlinkat(dirfd, name.c_str(), target.data(), target.size());
    target.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    r.note = trf("symbolic link removed; its target {} was left alone", {target});
  } else {
    r.note = trf("one of {} hard links: only this name was removed; the content was not overwritten and is still "
                 "reachable through the other names",
                 {std::to_string(lst.st_nlink)});
  }
  if (options.dry_run) {
    r.note = trf("dry run, nothing changed: {}", {r.note});
    return r;
  }
  std::string err;
  if (!remove_name(dirfd, name, false, err)) return error_result(display, 0, err);
  return r;
}

// Opens the regular file `name` for reading and writing without following links. A file the user
// owns but may not write or read (0400, 0000) is made u+rw (noted in `note`) through an O_PATH
// descriptor of that very inode; if it still cannot be opened, its mode is put back.
int open_for_overwrite(int dirfd, const std::string& name, const struct stat& lst, std::string& note,
                       std::string& error) {
  const int flags = O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  int fd = ::openat(dirfd, name.c_str(), flags);
  if (fd >= 0 || (errno != EACCES && errno != EPERM)) {
    if (fd < 0) error = trf("cannot open for writing: {}", {std::strerror(errno)});
    return fd;
  }
  const int open_errno = errno;
  const mode_t mode = lst.st_mode & 07777;
  if (lst.st_uid != ::geteuid() || (mode & (S_IRUSR | S_IWUSR)) == (S_IRUSR | S_IWUSR)) {
    error = trf("cannot open for writing: {}; left as it was", {std::strerror(open_errno)});
    return -1;
  }
  Fd path_fd(::openat(dirfd, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
  const std::string proc = "/proc/self/fd/" + std::to_string(path_fd.get());
  struct stat st {};
  if (path_fd.get() < 0 || ::fstat(path_fd.get(), &st) != 0 || st.st_ino != lst.st_ino || st.st_dev != lst.st_dev ||
      ::chmod(proc.c_str(), mode | S_IRUSR | S_IWUSR) != 0) {
    error = trf("cannot open for writing: {}; left as it was", {std::strerror(open_errno)});
    return -1;
  }
  fd = ::openat(dirfd, name.c_str(), flags);
  if (fd < 0) {
    error = trf("cannot open for writing even after u+rw: {}; left as it was", {std::strerror(errno)});
    ::chmod(proc.c_str(), mode);
    return -1;
  }
  note = tr("was read-only for its owner: made u+rw to overwrite it");
  return fd;
}

}  // namespace

ShredFileResult shred_file_entry(int dirfd, const std::string& name, const std::string& display,
                                 const struct stat& lst, const plugin::ShredOptions& options, Overwriter& overwriter) {
  if (S_ISLNK(lst.st_mode) || (S_ISREG(lst.st_mode) && lst.st_nlink > 1))
    return link_entry(dirfd, name, display, lst, options);
  if (!S_ISREG(lst.st_mode)) return error_result(display, 0, trf("{}: left alone", {type_name(lst.st_mode)}));

  std::string access_note, error;
  Fd fd(options.dry_run ? ::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
                        : open_for_overwrite(dirfd, name, lst, access_note, error));
  if (fd.get() < 0)
    return error_result(display, 0, error.empty() ? trf("cannot open: {}", {std::strerror(errno)}) : error);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || st.st_ino != lst.st_ino || st.st_dev != lst.st_dev || !S_ISREG(st.st_mode))
    return error_result(display, 0, tr("the file changed while it was being opened; left alone"));
  if (st.st_nlink > 1) return link_entry(dirfd, name, display, st, options);

  const std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
  bool sparse = false;
  const std::vector<Range> ranges = data_ranges(fd.get(), size, sparse);
  std::uint64_t bytes = 0;
  for (const auto& r : ranges) bytes += r.length;
  const StorageVerdict storage = assess_storage(fd.get(), st);

  ShredFileResult r;
  r.path = display;
  r.bytes = bytes;
  r.result = storage.in_place() ? ShredOutcome::Overwritten : ShredOutcome::Logical;
  std::vector<std::string> notes;
  if (!storage.in_place()) notes.push_back(storage.note());
  if (sparse)
    notes.push_back(trf("sparse: {0} of {1} bytes hold data and are the ones overwritten; the holes hold no data on "
                        "the device and stay holes",
                        {std::to_string(bytes), std::to_string(size)}));
  if (!access_note.empty()) notes.push_back(access_note);
  auto joined = [&] {
    std::string n;
    for (const auto& s : notes) n += (n.empty() ? "" : "; ") + s;
    return n;
  };
  if (options.dry_run) {
    notes.insert(notes.begin(), tr("dry run, nothing changed"));
    r.note = joined();
    return r;
  }

  // The same open file, again, with O_DIRECT for the aligned bulk (see overwrite.h). Through
  // /proc/self/fd so that it is certainly the same inode, not whatever the name now points to.
  Fd direct(::open(("/proc/self/fd/" + std::to_string(fd.get())).c_str(), O_RDWR | O_DIRECT | O_CLOEXEC));
  struct stat dst {};
  if (direct.get() >= 0 && (::fstat(direct.get(), &dst) != 0 || dst.st_ino != st.st_ino || dst.st_dev != st.st_dev))
    direct.reset(-1);

  OverwriteStatus ow = overwriter.run(fd.get(), direct.get(), ranges, options);
  if (!ow.ok) return error_result(display, bytes, trf("{}; the file was left in place", {ow.error}));
  r.verified = ow.verified;
  after_overwrite_hook();

  // Hide the name, cut the file to nothing, remove it.
  std::string current = name;
  auto where = [&](const std::string& what) {
    return current != name ? trf("{0} (now named {1})", {what, current}) : what;
  };
  if (!hide_name(dirfd, current, options.renames, error))
    return error_result(display, bytes, where(trf("overwritten, but {}", {error})));
  if (::ftruncate(fd.get(), 0) != 0 || ::fsync(fd.get()) != 0)
    return error_result(display, bytes, where(trf("overwritten, but truncation failed: {}", {std::strerror(errno)})));
  if (!remove_name(dirfd, current, false, error))
    return error_result(display, bytes, where(trf("overwritten, but {}", {error})));
  r.note = joined();
  return r;
}

}  // namespace coffre::shred
