// Env::posix(): the real operating system. Every call retries on EINTR and turns errno into a
// Status naming the path.
#include <fcntl.h>

#include "coffre/i18n.h"
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "coffre/env.h"

#include "crypto/crypto.h"
#include "env/posix_file.h"

namespace coffre {
namespace env_detail {

Error os_error(int err, const std::string& what, const std::filesystem::path& path) {
  const ErrorKind kind = err == ENOENT ? ErrorKind::NotFound : err == EEXIST ? ErrorKind::Conflict : ErrorKind::IoError;
  return make_error(kind, what + " " + path.string() + ": " + std::strerror(err));
}

FileInfo info_from(const struct stat& st) {
  FileInfo i;
  i.type = S_ISREG(st.st_mode)   ? FileType::Regular
           : S_ISDIR(st.st_mode) ? FileType::Directory
           : S_ISLNK(st.st_mode) ? FileType::Symlink
                                 : FileType::Other;
  i.size = static_cast<std::uint64_t>(st.st_size);
  i.mode = static_cast<std::uint32_t>(st.st_mode & 07777);
  i.links = static_cast<std::uint64_t>(st.st_nlink);
  return i;
}

}  // namespace env_detail

namespace {

using env_detail::os_error;

class PosixLock final : public FileLockHandle {
 public:
  explicit PosixLock(int fd) : fd_(fd) {}
  ~PosixLock() override { ::close(fd_); }  // releases the lock

 private:
  int fd_;
};

class PosixEnv final : public Env {
 public:
  Result<std::unique_ptr<File>> open(const std::filesystem::path& path, const OpenOptions& o) override {
    int flags = O_CLOEXEC | O_NOCTTY;
    flags |= o.access == OpenOptions::Access::Read ? O_RDONLY : o.access == OpenOptions::Access::Write ? O_WRONLY : O_RDWR;
    switch (o.create) {
      case OpenOptions::Create::No: break;
      case OpenOptions::Create::IfMissing: flags |= O_CREAT; break;
      case OpenOptions::Create::Exclusive: flags |= O_CREAT | O_EXCL; break;
      case OpenOptions::Create::Truncate: flags |= O_CREAT | O_TRUNC; break;
    }
    if (!o.follow_symlinks) flags |= O_NOFOLLOW;
    int fd;
    do fd = ::open(path.c_str(), flags, static_cast<mode_t>(o.mode));
    while (fd < 0 && errno == EINTR);
    if (fd < 0) return os_error(errno, errno == ELOOP ? "refusing the symbolic link" : "cannot open", path);
    // The umask may have narrowed a new file's mode, and Truncate keeps an old file's: set it.
    if (o.create == OpenOptions::Create::Truncate || o.create == OpenOptions::Create::Exclusive) {
      if (::fchmod(fd, static_cast<mode_t>(o.mode)) != 0) {
        const int err = errno;
        ::close(fd);
        return os_error(err, "cannot set the mode of", path);
      }
    }
    if (o.access == OpenOptions::Access::Read) ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::unique_ptr<File>(std::make_unique<env_detail::PosixFile>(fd, path));
  }

  Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return os_error(errno, "cannot rename " + from.string() + " to", to);
    return {};
  }

  Status remove(const std::filesystem::path& path) override {
    if (::unlink(path.c_str()) != 0) return os_error(errno, "cannot remove", path);
    return {};
  }

  Status sync_dir(const std::filesystem::path& dir) override {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return os_error(errno, "cannot open folder", dir);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) return os_error(err, "cannot sync folder", dir);
    return {};
  }

  Status make_dir(const std::filesystem::path& dir, std::uint32_t mode) override {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(ErrorKind::IoError, "cannot create folder " + dir.string() + ": " + ec.message());
    if (::chmod(dir.c_str(), static_cast<mode_t>(mode)) != 0) return os_error(errno, "cannot restrict folder", dir);
    return {};
  }

  Result<std::vector<std::string>> list_dir(const std::filesystem::path& dir) override {
    std::error_code ec;
    std::vector<std::string> names;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      names.push_back(it->path().filename().string());
    if (ec)
      return make_error(ec == std::errc::no_such_file_or_directory ? ErrorKind::NotFound : ErrorKind::IoError,
                        "cannot list folder " + dir.string() + ": " + ec.message());
    return names;
  }

  Result<FileInfo> stat(const std::filesystem::path& path, bool follow_symlinks) override {
    struct stat st {};
    const int rc = follow_symlinks ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st);
    if (rc != 0) return os_error(errno, "cannot look at", path);
    return env_detail::info_from(st);
  }

  Result<std::unique_ptr<FileLockHandle>> lock(const std::filesystem::path& file, LockMode mode, bool wait) override {
    int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return os_error(errno, "cannot open", file);
    const int operation = (mode == LockMode::Shared ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB);
    int rc;
    do rc = ::flock(fd, operation);
    while (rc != 0 && errno == EINTR);
    if (rc == 0) return std::unique_ptr<FileLockHandle>(std::make_unique<PosixLock>(fd));
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return make_error(ErrorKind::Conflict, trf("{} is locked by another process", {file.string()}));
    return os_error(err, "cannot lock", file);
  }

  Result<std::uint64_t> free_space(const std::filesystem::path& path) override {
    struct statvfs st {};
    if (::statvfs(path.c_str(), &st) != 0) return os_error(errno, "cannot measure the free space of", path);
    return static_cast<std::uint64_t>(st.f_bavail) * static_cast<std::uint64_t>(st.f_frsize);
  }

  void fill_random(std::span<std::uint8_t> out) override { crypto::random_fill(out); }

  Status allow_database_io(DatabaseIo, const std::filesystem::path&, std::uint64_t) override { return {}; }
};

}  // namespace

Env& Env::posix() {
  static PosixEnv env;
  return env;
}

std::string Env::random_hex(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  fill_random(bytes);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (auto b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

}  // namespace coffre
