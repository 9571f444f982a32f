#include "walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "coffre/plugin/i18n.h"
#include "file_shred.h"
#include "remove.h"

namespace coffre::shred {

using plugin::tr;
using plugin::trf;
namespace {

constexpr int kMaxDepth = 256;  // each level holds a folder descriptor open

using plugin::ShredFileResult;
using plugin::ShredOutcome;

std::string child_display(const std::string& parent, const std::string& name) {
  return parent.empty() || parent.back() == '/' ? parent + name : parent + "/" + name;
}

// The names in the folder open on `dfd` (not "." nor ".."), sorted. False on a read error.
bool list_folder(int dfd, std::vector<std::string>& names) {
  int copy = ::dup(dfd);
  if (copy < 0) return false;
  DIR* d = ::fdopendir(copy);
  if (!d) {
    ::close(copy);
    return false;
  }
  ::rewinddir(d);
  errno = 0;
  while (struct dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.emplace_back(e->d_name);
    errno = 0;
  }
  const bool ok = errno == 0;
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return ok;
}

}  // namespace

bool split_path(const std::string& path, std::string& folder, std::string& name) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p.empty() || p == "/") return false;
  const auto slash = p.rfind('/');
  if (slash == std::string::npos) {
    folder = ".";
    name = p;
  } else {
    folder = slash == 0 ? "/" : p.substr(0, slash);
    name = p.substr(slash + 1);
  }
  return name != "." && name != "..";
}

Walker::Walker(const plugin::ShredOptions& options, plugin::ShredObserver& observer)
    : options_(options), observer_(observer), overwriter_([this](std::uint64_t n) {
        done_ += n;
        observer_.progress(done_);
      }) {
  if (options_.passes == 0) options_.passes = 1;
}

std::uint64_t Walker::run(const std::vector<std::string>& paths) {
  std::uint64_t total = 0;
  if (!options_.dry_run)
    for (const auto& p : paths) total += planned_bytes(p);
  observer_.start(total * options_.passes);
  for (const auto& p : paths) top(p);
  return errors_;
}

void Walker::report(ShredFileResult r) {
  if (r.result == ShredOutcome::Error) ++errors_;
  observer_.file(r);
}

void Walker::error(const std::string& display, std::string note) {
  ShredFileResult r;
  r.path = display;
  r.result = ShredOutcome::Error;
  r.note = std::move(note);
  report(std::move(r));
}

void Walker::top(const std::string& path) {
  std::string folder_path, name;
  if (!split_path(path, folder_path, name)) return error(path, tr("refusing to shred this path"));
  int dirfd = ::open(folder_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0) return error(path, trf("cannot open its folder: {}", {std::strerror(errno)}));
  struct stat lst {};
  if (::fstatat(dirfd, name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) != 0) error(path, std::strerror(errno));
  else entry(dirfd, name, path, lst, 0);
  ::close(dirfd);
}

void Walker::entry(int dirfd, const std::string& name, const std::string& display, const struct stat& lst, int depth) {
  if (S_ISDIR(lst.st_mode)) return folder(dirfd, name, display, lst, depth);
  report(shred_file_entry(dirfd, name, display, lst, options_, overwriter_));
}

void Walker::folder(int dirfd, const std::string& name, const std::string& display, const struct stat& lst, int depth) {
  if (!options_.recursive) return error(display, tr("is a folder: use --recursive to shred what it holds"));
  if (depth >= kMaxDepth) return error(display, tr("folders nested too deep: not descended"));
  int dfd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0) return error(display, trf("cannot open the folder: {}", {std::strerror(errno)}));
  struct stat st {};
  if (::fstat(dfd, &st) != 0 || st.st_ino != lst.st_ino || st.st_dev != lst.st_dev) {
    ::close(dfd);
    return error(display, tr("the folder changed while it was being opened; left alone"));
  }
  std::vector<std::string> names;
  if (!list_folder(dfd, names)) {
    ::close(dfd);
    return error(display, trf("cannot read the folder: {}", {std::strerror(errno)}));
  }
  for (const auto& n : names) {
    const std::string child = child_display(display, n);
    struct stat cst {};
    if (::fstatat(dfd, n.c_str(), &cst, AT_SYMLINK_NOFOLLOW) != 0) {
      error(child, std::strerror(errno));
    } else if (S_ISDIR(cst.st_mode) && cst.st_dev != st.st_dev) {
      error(child, tr("another file system is mounted here: not descended"));
    } else {
      entry(dfd, n, child, cst, depth + 1);
    }
  }
  std::vector<std::string> left;
  const bool listed = list_folder(dfd, left);
  ::close(dfd);

  ShredFileResult r;
  r.path = display;
  r.directory = true;
  r.result = ShredOutcome::Logical;
  if (options_.dry_run) {
    r.note = tr("dry run, nothing changed: the folder would be removed once empty");
    return report(std::move(r));
  }
  if (!listed || !left.empty())
    return error(display, trf("folder not removed: {} entries are left in it", {std::to_string(left.size())}));
  std::string current = name, err;
  if (!hide_name(dirfd, current, options_.renames, err) || !remove_name(dirfd, current, true, err))
    return error(display, current != name ? trf("folder not removed: {0} (now named {1})", {err, current})
                                          : trf("folder not removed: {}", {err}));
  r.note = tr("folder removed once empty; its name was hidden by renaming first, but a folder's own blocks are not "
              "overwritten");
  report(std::move(r));
}

std::uint64_t Walker::planned_bytes(const std::string& path) const {
  std::string folder_path, name;
  if (!split_path(path, folder_path, name)) return 0;
  int dirfd = ::open(folder_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0) return 0;
  std::uint64_t n = planned_bytes_at(dirfd, name, 0);
  ::close(dirfd);
  return n;
}

// What the run will overwrite below this entry (logical sizes: a sparse file counts in full, so
// the bar may finish early, never late).
std::uint64_t Walker::planned_bytes_at(int dirfd, const std::string& name, int depth) const {
  struct stat st {};
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return 0;
  if (S_ISREG(st.st_mode)) return st.st_nlink == 1 ? static_cast<std::uint64_t>(st.st_size) : 0;
  if (!S_ISDIR(st.st_mode) || !options_.recursive || depth >= kMaxDepth) return 0;
  int dfd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0) return 0;
  std::vector<std::string> names;
  std::uint64_t total = 0;
  if (list_folder(dfd, names))
    for (const auto& n : names) total += planned_bytes_at(dfd, n, depth + 1);
  ::close(dfd);
  return total;
}

}  // namespace coffre::shred
