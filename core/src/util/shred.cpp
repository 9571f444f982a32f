#include "util/shred.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "crypto/crypto.h"
#include "util/files.h"

namespace coffre::util {
namespace {

constexpr std::size_t kShredChunk = 1 << 20;

Status unlink_and_sync(const std::filesystem::path& file) {
  if (::unlink(file.c_str()) != 0 && errno != ENOENT)
    return make_error(ErrorKind::IoError, "cannot remove " + file.string() + ": " + errno_message(errno));
  return fsync_dir(file.parent_path());
}

}  // namespace

Status shred_file(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) return {};
    if (errno == ELOOP) return unlink_and_sync(file);  // a symbolic link: remove the link only
    return make_error(ErrorKind::IoError, "cannot open " + file.string() + " to shred it: " + errno_message(errno));
  }
  auto fail = [&](const char* what) -> Status {
    int err = errno;
    ::close(fd);
    return make_error(ErrorKind::IoError, std::string(what) + " " + file.string() + ": " + errno_message(err));
  };
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail("cannot stat");
  if (S_ISREG(st.st_mode) && st.st_nlink == 1 && st.st_size > 0) {
    crypto::Keystream keystream;
    std::vector<std::uint8_t> buf(kShredChunk);
    const auto size = static_cast<std::uint64_t>(st.st_size);
    std::uint64_t off = 0;
    while (off < size) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kShredChunk, size - off));
      keystream.fill({buf.data(), n});
      std::size_t done = 0;
      while (done < n) {
        ssize_t w = ::pwrite(fd, buf.data() + done, n - done, static_cast<off_t>(off + done));
        if (w < 0) {
          if (errno == EINTR) continue;
          return fail("cannot overwrite");
        }
        done += static_cast<std::size_t>(w);
      }
      off += n;
    }
    if (::fsync(fd) != 0) return fail("cannot sync");
  }
  ::close(fd);
  failpoint("shred-before-unlink");
  return unlink_and_sync(file);
}

}  // namespace coffre::util
