#include "plugins/file_checks.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/files.h"

namespace coffre::plugins {
namespace fs = std::filesystem;

namespace {

// Why `st` (of `what`, a file or a folder) must not be trusted, or "" when it can be.
std::string unsafe_reason(const struct stat& st, const fs::path& p, const char* what) {
  if (st.st_mode & S_IWOTH) return std::string(what) + " " + p.string() + " is world-writable";
  if (st.st_mode & S_IWGRP) return std::string(what) + " " + p.string() + " is group-writable";
  if (st.st_uid != ::geteuid() && st.st_uid != 0)
    return std::string(what) + " " + p.string() + " is owned by uid " + std::to_string(st.st_uid) +
           ", neither you nor root";
  return {};
}

FileCheck check_dir(const fs::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0)
    return {PluginLoadError::NotFound, "cannot read folder " + dir.string() + ": " + util::errno_message(errno)};
  if (auto why = unsafe_reason(st, dir, "folder"); !why.empty()) return {PluginLoadError::UnsafePermissions, why};
  return {};
}

fs::path folder_of(const fs::path& p) {
  fs::path parent = p.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

FileCheck check_location(const fs::path& file) {
  struct stat lst {};
  if (::lstat(file.c_str(), &lst) != 0)
    return {PluginLoadError::NotFound, "no plugin file " + file.string() + ": " + util::errno_message(errno)};
  // The folder holding the name: whoever can write there can swap the file or the link.
  if (auto c = check_dir(folder_of(file)); c.error != PluginLoadError::None) return c;

  std::error_code ec;
  fs::path target = file;
  if (S_ISLNK(lst.st_mode)) {
    target = fs::canonical(file, ec);
    if (ec) return {PluginLoadError::NotFound, "plugin link " + file.string() + " is dangling: " + ec.message()};
    if (auto c = check_dir(folder_of(target)); c.error != PluginLoadError::None) return c;
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0)
    return {PluginLoadError::NotFound, "no plugin file " + target.string() + ": " + util::errno_message(errno)};
  if (!S_ISREG(st.st_mode)) return {PluginLoadError::NotFound, target.string() + " is not a regular file"};
  if (auto why = unsafe_reason(st, target, "plugin file"); !why.empty()) return {PluginLoadError::UnsafePermissions, why};
  return {};
}

FileCheck check_folders_up_to(const fs::path& dir, const fs::path& stop) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(dir, ec);
  if (ec) p = dir;
  const fs::path end = fs::weakly_canonical(stop, ec);
  for (;;) {
    if (auto c = check_dir(p); c.error != PluginLoadError::None) return c;
    if (p == end || p == p.parent_path() || !p.has_parent_path()) return {};
    p = p.parent_path();
  }
}

FileCheck check_elf(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {PluginLoadError::NotALibrary, "cannot read " + file.string() + ": " + util::errno_message(errno)};
  unsigned char magic[4] = {};
  ssize_t n = ::read(fd, magic, sizeof magic);
  ::close(fd);
  static const unsigned char kElf[4] = {0x7f, 'E', 'L', 'F'};
  if (n != 4 || std::memcmp(magic, kElf, 4) != 0)
    return {PluginLoadError::NotALibrary, file.string() + " is not a shared library (no ELF header)"};
  return {};
}

}  // namespace coffre::plugins
