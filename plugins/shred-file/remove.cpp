#include "remove.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "coffre/plugin/i18n.h"

namespace coffre::shred {

using plugin::tr;
using plugin::trf;
namespace {

std::string random_name(std::size_t length) {
  static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string n(length, 'x');
  for (auto& ch : n) ch = kChars[randombytes_uniform(sizeof kChars - 1)];
  if (n == "." || n == "..") n[0] = 'x';  // cannot happen with these characters; kept for clarity
  return n;
}

// Renames without replacing anything that already has the new name.
int rename_noreplace(int dirfd, const std::string& from, const std::string& to) {
  if (::renameat2(dirfd, from.c_str(), dirfd, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  // No RENAME_NOREPLACE here (some network and FUSE file systems): check, then rename.
  struct stat st {};
  if (::fstatat(dirfd, to.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    errno = EEXIST;
    return -1;
  }
  return ::renameat(dirfd, from.c_str(), dirfd, to.c_str());
}

}  // namespace

bool remove_name(int dirfd, const std::string& name, bool is_dir, std::string& error) {
  if (::unlinkat(dirfd, name.c_str(), is_dir ? AT_REMOVEDIR : 0) != 0) {
    error = trf("cannot remove: {}", {std::strerror(errno)});
    return false;
  }
  if (::fsync(dirfd) != 0) {
    error = trf("removed, but the folder could not be synced: {}", {std::strerror(errno)});
    return false;
  }
  return true;
}

bool hide_name(int dirfd, std::string& name, unsigned renames, std::string& error) {
  for (unsigned i = 0; i < renames; ++i) {
    std::string next;
    int rc = -1;
    for (int attempt = 0; attempt < 16 && rc != 0; ++attempt) {  // a short name may collide
      next = random_name(name.size());
      rc = rename_noreplace(dirfd, name, next);
      if (rc != 0 && errno != EEXIST) break;
    }
    if (rc != 0) {
      error = trf("cannot rename to hide the name: {}", {std::strerror(errno)});
      return false;
    }
    name = next;
    if (::fsync(dirfd) != 0) {
      error = trf("cannot sync the folder: {}", {std::strerror(errno)});
      return false;
    }
  }
  return true;
}

}  // namespace coffre::shred
