// Storage awareness: can an overwrite in place be trusted to hit the blocks that held the old
// data? Not on copy-on-write file systems (btrfs, zfs, bcachefs), log-structured ones (f2fs,
// nilfs), overlay, network or FUSE file systems (the bytes land somewhere we cannot see), memory
// file systems (pages may sit in swap), for extents shared with another file (reflinks,
// snapshots), nor on flash (wear levelling remaps writes). Each reason found is reported; a file
// with any reason is shredded all the same but reported "logical".
#pragma once

#include <sys/stat.h>

#include <string>
#include <vector>

namespace coffre::shred {

struct StorageVerdict {
  std::string fs_name;               // "ext4", "btrfs", ... or "unknown (0x...)"
  std::vector<std::string> reasons;  // empty: an overwrite in place reaches the old blocks
  bool in_place() const { return reasons.empty(); }
  // "logical deletion, not media sanitisation: <reason>; <reason>"
  std::string note() const;
};

// Looks at the file system of `fd` (fstatfs), the file's extents (FIEMAP, shared flag) and the
// device behind st.st_dev (/sys/dev/block/MAJ:MIN/queue/rotational, or its parent's for a
// partition). Checks that cannot be made (no FIEMAP, no sysfs) add no reason.
StorageVerdict assess_storage(int fd, const struct stat& st);

// The file-system name and the reason it defeats overwriting, from a statfs f_type; reason empty
// when the file system overwrites in place. Exposed for tests.
void classify_fs_type(unsigned long f_type, std::string& name, std::string& reason);

}  // namespace coffre::shred
