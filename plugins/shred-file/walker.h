// A shred run over the paths the user named: files, links and (with `recursive`) folders, which
// are walked depth-first through folder descriptors (openat/fstatat, never following a link) and
// removed bottom-up once empty. Folders on another file system (mount points) are not descended,
// as with `rm --one-file-system`. Every entry yields one result; errors never stop the run.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <vector>

#include "coffre/plugin/shredder.h"
#include "overwrite.h"

namespace coffre::shred {

class Walker {
 public:
  Walker(const plugin::ShredOptions& options, plugin::ShredObserver& observer);
  // Returns the number of results that were errors.
  std::uint64_t run(const std::vector<std::string>& paths);

 private:
  void top(const std::string& path);
  void entry(int dirfd, const std::string& name, const std::string& display, const struct stat& lst, int depth);
  void folder(int dirfd, const std::string& name, const std::string& display, const struct stat& lst, int depth);
  std::uint64_t planned_bytes(const std::string& path) const;
  std::uint64_t planned_bytes_at(int dirfd, const std::string& name, int depth) const;
  void report(plugin::ShredFileResult r);
  void error(const std::string& display, std::string note);

  plugin::ShredOptions options_;
  plugin::ShredObserver& observer_;
  std::uint64_t done_ = 0;
  std::uint64_t errors_ = 0;
  Overwriter overwriter_;
};

// Splits a path as given into its folder and its last component, without resolving anything:
// "a/b/" -> ("a", "b"), "f" -> (".", "f"), "/x" -> ("/", "x"). False for "", "/", "." and "..".
bool split_path(const std::string& path, std::string& folder, std::string& name);

}  // namespace coffre::shred
