// Shredding one directory entry that is not a folder: a regular file is overwritten in place,
// synced, optionally verified, its name hidden, truncated and unlinked; a symbolic link is removed
// and its target left alone; a file with other hard links loses this name only (it stays
// reachable through the others, so overwriting it would destroy data the user still has under
// another name); anything else (fifo, socket, device) is refused.
//
// Read-only files: a file the user owns but cannot write (mode 0400) is made writable by its
// owner (u+rw) to overwrite it: the user may delete it anyway, as rm does, and
// deleting without overwriting would defeat the point. A read-only file owned by someone else is
// an error and is left as it was (including its mode).
#pragma once

#include <sys/stat.h>

#include <string>

#include "coffre/plugin/shredder.h"
#include "overwrite.h"

namespace coffre::shred {

// `lst` is the entry's lstat. `display` is the path reported in the result.
plugin::ShredFileResult shred_file_entry(int dirfd, const std::string& name, const std::string& display,
                                         const struct stat& lst, const plugin::ShredOptions& options,
                                         Overwriter& overwriter);

// A link-time seam, called once a file's overwrite has been synced and before its name is hidden,
// truncated and removed. The plugin links release_hook.cpp, where it does nothing; the shredder's
// tests link these sources with their own definition, which kills the process there as a power cut
// would, so that they can read the old inode back. Nothing of it is in the release plugin.
void after_overwrite_hook();

}  // namespace coffre::shred
