#include "env/posix_file.h"

#include <unistd.h>

#include <cerrno>
#include <utility>

namespace coffre::env_detail {

PosixFile::~PosixFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status PosixFile::closed() const { return make_error(ErrorKind::Internal, "use of the closed file " + path_.string()); }

Result<std::size_t> PosixFile::read(std::span<std::uint8_t> buf) {
  if (fd_ < 0) return closed();
  for (;;) {
    const ssize_t n = ::read(fd_, buf.data(), buf.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) return os_error(errno, "cannot read", path_);
  }
}

Status PosixFile::append(std::span<const std::uint8_t> data) {
  if (fd_ < 0) return closed();
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t w = ::write(fd_, data.data() + done, data.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      return os_error(errno, "cannot write", path_);
    }
    done += static_cast<std::size_t>(w);
  }
  return {};
}

Status PosixFile::write_at(std::uint64_t offset, std::span<const std::uint8_t> data) {
  if (fd_ < 0) return closed();
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t w = ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
    if (w < 0) {
      if (errno == EINTR) continue;
      return os_error(errno, "cannot write", path_);
    }
    done += static_cast<std::size_t>(w);
  }
  return {};
}

Status PosixFile::sync() {
  if (fd_ < 0) return closed();
  if (::fsync(fd_) != 0) return os_error(errno, "cannot sync", path_);
  return {};
}

Status PosixFile::truncate(std::uint64_t size) {
  if (fd_ < 0) return closed();
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return os_error(errno, "cannot truncate", path_);
  return {};
}

Result<FileInfo> PosixFile::info() {
  if (fd_ < 0) return closed();
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return os_error(errno, "cannot look at", path_);
  return info_from(st);
}

Status PosixFile::close() {
  if (fd_ < 0) return {};
  if (::close(std::exchange(fd_, -1)) != 0) return os_error(errno, "cannot close", path_);
  return {};
}

}  // namespace coffre::env_detail
