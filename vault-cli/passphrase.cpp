#include "passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {
constexpr std::size_t kMaxSecret = 4096;

// Reads up to kMaxSecret bytes (stopping at a newline when `line`) into locked memory.
Result<SecretBytes> read_into_secret(int fd, const std::string& what, bool line) {
  SecretBytes buf(kMaxSecret + 1);
  std::size_t n = 0;
  while (n < buf.size()) {
    ssize_t r = ::read(fd, buf.data() + n, line ? 1 : buf.size() - n);
    if (r < 0) {
      if (errno == EINTR) continue;
      return make_error(ErrorKind::IoError, trf("cannot read {0}: {1}", {what, std::strerror(errno)}));
    }
    if (r == 0) break;
    if (line && buf.data()[n] == '\n') break;
    n += static_cast<std::size_t>(r);
  }
  if (n > kMaxSecret) return make_error(ErrorKind::InvalidInput, trf("{} is longer than 4096 bytes", {what}));
  // Keep the first line only, without its line ending.
  std::size_t end = 0;
  while (end < n && buf.data()[end] != '\n') ++end;
  if (end > 0 && buf.data()[end - 1] == '\r') --end;
  buf.truncate(end);
  if (buf.empty()) return make_error(ErrorKind::InvalidInput, trf("{} is empty", {what}));
  return buf;
}
}  // namespace

Result<SecretBytes> read_secret_fd(int fd, const std::string& what) { return read_into_secret(fd, what, false); }

Result<SecretBytes> read_secret_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return make_error(err == ENOENT ? ErrorKind::NotFound : ErrorKind::IoError,
                      trf("cannot open passphrase file {0}: {1}", {path, std::strerror(err)}));
  }
  auto r = read_into_secret(fd, trf("passphrase file {}", {path}), false);
  ::close(fd);
  return r;
}

Result<SecretBytes> prompt_secret(const std::string& prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return make_error(ErrorKind::Usage,
                      tr("no terminal to ask for the passphrase on: give it with --passphrase-file FILE or --passphrase-fd N"));
  termios old{};
  bool restore = ::tcgetattr(fd, &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  auto r = read_into_secret(fd, "the passphrase", true);
  if (restore) ::tcsetattr(fd, TCSAFLUSH, &old);
  ::close(fd);
  return r;
}

Result<SecretBytes> prompt_new_secret() {
  COFFRE_ASSIGN_OR_RETURN(SecretBytes a, prompt_secret(tr("New passphrase: ")));
  COFFRE_ASSIGN_OR_RETURN(SecretBytes b, prompt_secret(tr("Repeat the passphrase: ")));
  if (!a.equals(b)) return make_error(ErrorKind::InvalidInput, tr("the two passphrases differ; nothing was changed"));
  return a;
}

}  // namespace coffre::cli
