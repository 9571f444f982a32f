#include "storage.h"

#include <linux/fiemap.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <vector>

#include "coffre/plugin/i18n.h"

namespace coffre::shred {

using plugin::tr;
using plugin::trf;
using plugin::N_;

std::string StorageVerdict::note() const {
  std::string list;
  for (std::size_t i = 0; i < reasons.size(); ++i) list += (i ? "; " : "") + reasons[i];
  return trf("logical deletion, not media sanitisation: {}", {list});
}

void classify_fs_type(unsigned long f_type, std::string& name, std::string& reason) {
  struct Known {
    unsigned long magic;
    const char* name;
    const char* reason;  // nullptr: overwrites in place
  };
  static const Known kKnown[] = {
      {0xEF53, "ext4", nullptr},
      {0x58465342, "xfs", nullptr},  // reflinks are caught by the FIEMAP shared flag
      {0x4d44, "vfat", nullptr},
      {0x2011BAB0, "exfat", nullptr},
      {0x5346544e, "ntfs", nullptr},
      {0x9123683E, "btrfs", N_("btrfs is copy-on-write: the new bytes go to new blocks, the old ones stay until reused")},
      {0x2fc12fc1, "zfs", N_("zfs is copy-on-write: the new bytes go to new blocks, the old ones stay until reused")},
      {0xca451a4e, "bcachefs", N_("bcachefs is copy-on-write: the old blocks stay until reused")},
      {0xF2F52010, "f2fs", N_("f2fs is log-structured: overwrites are written elsewhere")},
      {0x3434, "nilfs", N_("nilfs is log-structured and keeps checkpoints")},
      {0x794c7630, "overlayfs", N_("overlay file system: the lower layer's copy is untouched")},
      {0x6969, "nfs", N_("network file system: the server's storage is out of reach")},
      {0xFF534D42, "cifs", N_("network file system: the server's storage is out of reach")},
      {0xFE534D42, "smb2", N_("network file system: the server's storage is out of reach")},
      {0x00c36400, "ceph", N_("network file system: the cluster's storage is out of reach")},
      {0x01021997, "9p", N_("network file system: the host's storage is out of reach")},
      {0x65735546, "fuse", N_("FUSE file system: where the bytes land is up to its daemon")},
      {0x01021994, "tmpfs", N_("memory file system: pages may have been swapped out")},
      {0x858458f6, "ramfs", N_("memory file system")},
      {0xf15f, "ecryptfs", N_("stacked encrypting file system: the lower file is rewritten, maybe elsewhere")},
  };
  for (const auto& k : kKnown)
    if (k.magic == f_type) {
      name = k.name;
      reason = k.reason ? tr(k.reason) : "";
      return;
    }
  char hex[32];
  std::snprintf(hex, sizeof hex, "unknown (0x%lx)", f_type);
  name = hex;
  reason = trf("unknown file system {}: cannot tell whether it overwrites in place", {hex});
}

namespace {

// True if any extent of the file is shared with another file (reflink, snapshot, dedup).
bool has_shared_extents(int fd) {
  constexpr unsigned kBatch = 64;
  std::vector<unsigned char> buf(sizeof(struct fiemap) + kBatch * sizeof(struct fiemap_extent));
  auto* fm = reinterpret_cast<struct fiemap*>(buf.data());
  std::uint64_t start = 0;
  for (int rounds = 0; rounds < 1 << 16; ++rounds) {
    std::fill(buf.begin(), buf.end(), 0);
    fm->fm_start = start;
    fm->fm_length = std::numeric_limits<std::uint64_t>::max() - start;
    fm->fm_flags = FIEMAP_FLAG_SYNC;
    fm->fm_extent_count = kBatch;
    if (::ioctl(fd, FS_IOC_FIEMAP, fm) != 0) return false;  // not supported: no evidence either way
    if (fm->fm_mapped_extents == 0) return false;
    for (unsigned i = 0; i < fm->fm_mapped_extents; ++i) {
      const auto& e = fm->fm_extents[i];
      if (e.fe_flags & FIEMAP_EXTENT_SHARED) return true;
      if (e.fe_flags & FIEMAP_EXTENT_LAST) return false;
    }
    const auto& last = fm->fm_extents[fm->fm_mapped_extents - 1];
    start = last.fe_logical + last.fe_length;
  }
  return false;
}

// 1 rotational, 0 not, -1 unknown.
int read_flag(const std::string& file) {
  std::ifstream in(file);
  int v = -1;
  if (in >> v) return v;
  return -1;
}

int rotational(dev_t dev) {
  const std::string base = "/sys/dev/block/" + std::to_string(major(dev)) + ":" + std::to_string(minor(dev));
  int r = read_flag(base + "/queue/rotational");
  if (r < 0) r = read_flag(base + "/../queue/rotational");  // a partition: its disk's queue
  return r;
}

}  // namespace

StorageVerdict assess_storage(int fd, const struct stat& st) {
  StorageVerdict v;
  struct statfs sf {};
  if (::fstatfs(fd, &sf) == 0) {
    std::string reason;
    classify_fs_type(static_cast<unsigned long>(sf.f_type), v.fs_name, reason);
    if (!reason.empty()) v.reasons.push_back(reason);
  } else {
    v.fs_name = "unknown";
    v.reasons.push_back(tr("cannot identify the file system"));
  }
  if (has_shared_extents(fd))
    v.reasons.push_back(
        tr("the file shares extents with another file (reflink or snapshot): those blocks are not rewritten"));
  if (major(st.st_dev) != 0 && rotational(st.st_dev) == 0)
    v.reasons.push_back(tr("non-rotational device (SSD/flash): wear levelling may keep old copies"));
  return v;
}

}  // namespace coffre::shred
