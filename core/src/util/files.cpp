#include "util/files.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "crypto/crypto.h"

namespace coffre::util {

std::string errno_message(int err) { return std::strerror(err); }

void failpoint(const char* name) {
  const char* want = std::getenv("COFFRE_FAILPOINT");
  if (want && std::strcmp(want, name) == 0) {
    ::kill(::getpid(), SIGKILL);
    ::_exit(137);
  }
}

Status fsync_dir(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorKind::IoError, "cannot open folder " + dir.string() + ": " + errno_message(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return make_error(ErrorKind::IoError, "cannot sync folder " + dir.string() + ": " + errno_message(err));
  return {};
}

Result<PrivateOutput> PrivateOutput::create(const std::filesystem::path& path, bool overwrite) {
  const int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL);
  int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0) {
    int err = errno;
    if (err == EEXIST)
      return make_error(ErrorKind::Conflict, path.string() + " already exists; give another name or --force to overwrite it");
    return make_error(err == ENOENT ? ErrorKind::NotFound : ErrorKind::IoError,
                      "cannot create " + path.string() + ": " + errno_message(err));
  }
  if (overwrite) (void)::fchmod(fd, 0600);
  return PrivateOutput(fd, path);
}

PrivateOutput::PrivateOutput(PrivateOutput&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)), written_(other.written_) {}

PrivateOutput::~PrivateOutput() { discard(); }

Status PrivateOutput::write(std::string_view data) {
  return write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

Status PrivateOutput::write(std::span<const std::uint8_t> data) {
  if (fd_ < 0) return make_error(ErrorKind::Internal, "write to a closed output " + path_.string());
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t w = ::write(fd_, data.data() + done, data.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      return make_error(ErrorKind::IoError, "cannot write " + path_.string() + ": " + errno_message(errno));
    }
    done += static_cast<std::size_t>(w);
    written_ += static_cast<std::uint64_t>(w);
  }
  return {};
}

Status PrivateOutput::commit() {
  if (fd_ < 0) return make_error(ErrorKind::Internal, "commit of a closed output " + path_.string());
  if (::fsync(fd_) != 0) {
    Status s = make_error(ErrorKind::IoError, "cannot sync " + path_.string() + ": " + errno_message(errno));
    discard();
    return s;
  }
  if (::close(std::exchange(fd_, -1)) != 0)
    return make_error(ErrorKind::IoError, "cannot close " + path_.string() + ": " + errno_message(errno));
  return {};
}

void PrivateOutput::discard() noexcept {
  if (fd_ < 0) return;
  std::vector<std::uint8_t> zeros(static_cast<std::size_t>(std::min<std::uint64_t>(written_, 1 << 20)), 0);
  for (std::uint64_t off = 0; off < written_;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(zeros.size(), written_ - off));
    ssize_t w = ::pwrite(fd_, zeros.data(), n, static_cast<off_t>(off));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += static_cast<std::uint64_t>(w);
  }
  (void)::fsync(fd_);
  if (::ftruncate(fd_, 0) != 0) { /* unlinked next anyway */ }
  ::close(std::exchange(fd_, -1));
  ::unlink(path_.c_str());
}

Status make_private_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(ErrorKind::IoError, "cannot create folder " + dir.string() + ": " + ec.message());
  if (::chmod(dir.c_str(), 0700) != 0)
    return make_error(ErrorKind::IoError, "cannot restrict folder " + dir.string() + ": " + errno_message(errno));
  return {};
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view data) {
  return write_file_atomic(path, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

Status write_file_atomic(const std::filesystem::path& path, std::span<const std::uint8_t> data) {
  const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const auto tmp = dir / ("." + path.filename().string() + ".tmp-" + crypto::random_hex(8));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return make_error(ErrorKind::IoError, "cannot create " + tmp.string() + ": " + errno_message(errno));
  auto fail = [&](const std::string& what) -> Status {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return make_error(ErrorKind::IoError, what + " " + path.string() + ": " + errno_message(err));
  };
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    off += static_cast<std::size_t>(n);
    if (off < data.size()) failpoint("atomic-write-partial");
  }
  failpoint("atomic-write-before-fsync");
  if (::fsync(fd) != 0) return fail("cannot sync");
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return make_error(ErrorKind::IoError, "cannot close " + tmp.string() + ": " + errno_message(err));
  }
  failpoint("atomic-write-before-rename");
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return make_error(ErrorKind::IoError, "cannot replace " + path.string() + ": " + errno_message(err));
  }
  failpoint("atomic-write-after-rename");
  return fsync_dir(dir);
}

Result<std::string> read_small_file(const std::filesystem::path& path, std::size_t max_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return make_error(err == ENOENT ? ErrorKind::NotFound : ErrorKind::IoError,
                      "cannot open " + path.string() + ": " + errno_message(err));
  }
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return make_error(ErrorKind::IoError, "cannot read " + path.string() + ": " + errno_message(err));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_size) {
      ::close(fd);
      return make_error(ErrorKind::Corruption, path.string() + " is larger than " + std::to_string(max_size) + " bytes");
    }
  }
  ::close(fd);
  return out;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

Status FileLock::acquire(const std::filesystem::path& file, Mode mode, bool wait, const std::string& busy) {
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) return make_error(ErrorKind::IoError, "cannot open " + file.string() + ": " + errno_message(errno));
  const int operation = (mode == Mode::Shared ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB);
  int rc;
  do rc = ::flock(fd_, operation);
  while (rc != 0 && errno == EINTR);
  if (rc == 0) return {};
  const int err = errno;
  ::close(fd_);
  fd_ = -1;
  if (err == EWOULDBLOCK) return make_error(ErrorKind::Conflict, busy);
  return make_error(ErrorKind::IoError, "cannot lock " + file.string() + ": " + errno_message(err));
}

}  // namespace coffre::util
