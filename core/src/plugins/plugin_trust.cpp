#include "coffre/plugin_trust.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "coffre/env.h"
#include "coffre/i18n.h"
#include "crypto/crypto.h"
#include "util/files.h"

namespace coffre {
namespace fs = std::filesystem;

namespace {

fs::path home() {
  const char* h = std::getenv("HOME");
  return fs::path(h && *h == '/' ? h : "/");
}

}  // namespace

fs::path default_plugin_trust_file() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x == '/')
    return fs::path(x) / "coffre" / "trusted-plugins";
  return home() / ".config" / "coffre" / "trusted-plugins";
}

fs::path default_user_plugin_dir() {
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x == '/') return fs::path(x) / "coffre" / "plugins";
  return home() / ".local" / "share" / "coffre" / "plugins";
}

Result<std::string> sha256_of_fd(int fd, const fs::path& for_messages) {
  crypto::Sha256 hash;
  std::uint8_t buf[65536];
  off_t off = 0;
  for (;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, off);
    if (n < 0) return make_error(ErrorKind::IoError, "cannot read " + for_messages.string() + ": " + util::errno_message(errno));
    if (n == 0) break;
    hash.update({buf, static_cast<std::size_t>(n)});
    off += n;
  }
  const std::string out = crypto::to_hex(hash.finish());
  return out;
}

Result<std::map<fs::path, std::string>> load_plugin_trust(const fs::path& trust_file) {
  std::map<fs::path, std::string> out;
  struct stat st {};
  if (::lstat(trust_file.c_str(), &st) != 0) {
    if (errno == ENOENT) return out;
    return make_error(ErrorKind::IoError, "cannot read " + trust_file.string() + ": " + util::errno_message(errno));
  }
  if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IWGRP | S_IWOTH)) || (st.st_uid != ::geteuid() && st.st_uid != 0))
    return make_error(ErrorKind::IoError, trf("the plugin trust file {} is not a regular file of yours writable by you alone: "
                                           "nothing in it is trusted",
                                           {trust_file.string()}));
  COFFRE_ASSIGN_OR_RETURN(auto text, util::read_small_file(Env::posix(), trust_file, 1 << 20));
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    if (line.size() < 67 || line.compare(64, 2, "  ") != 0 || line[66] != '/')
      return make_error(ErrorKind::Corruption, trust_file.string() + " line " + std::to_string(n) +
                                                   ": expected \"<sha256>  <absolute path>\"");
    out[fs::path(line.substr(66))] = line.substr(0, 64);
  }
  return out;
}

Result<std::string> trust_plugin(const fs::path& trust_file, const fs::path& plugin) {
  std::error_code ec;
  const fs::path abs = fs::absolute(plugin, ec);
  if (ec) return make_error(ErrorKind::InvalidInput, "cannot resolve " + plugin.string() + ": " + ec.message());
  const int fd = ::open(abs.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorKind::NotFound, trf("cannot open plugin {0}: {1}", {abs.string(), util::errno_message(errno)}));
  auto sum = sha256_of_fd(fd, abs);
  ::close(fd);
  if (!sum.ok()) return sum.error();
  COFFRE_ASSIGN_OR_RETURN(auto trusted, load_plugin_trust(trust_file));
  trusted[abs] = *sum;
  std::string text;
  for (const auto& [path, hash] : trusted) text += hash + "  " + path.string() + "\n";
  COFFRE_TRY(util::make_private_dir(Env::posix(), trust_file.parent_path()));
  COFFRE_TRY(util::write_file_atomic(Env::posix(), trust_file, text));
  return *sum;
}

}  // namespace coffre
