// The core's own file shredder, used for blob files when no shredder plugin is installed: one pass
// of an XChaCha20 keystream in place, fsync, unlink, fsync of the folder, every step through the
// vault's Env. On ext4 this overwrites the file's blocks; on copy-on-write file systems, SSDs and
// snapshots it cannot (docs/design.md §8), which is why the vault destroys the subject key first
// (crypto-shredding). It lives in storage/, not util/, because it draws on the crypto facade.
#pragma once

#include <filesystem>
#include <memory>

#include "coffre/env.h"
#include "coffre/blob_shredder.h"
#include "coffre/status.h"

namespace coffre::storage {

// Overwrites `file` in place and unlinks it. The file is opened without following a symbolic link
// (a link is removed, its target left alone); a file with other hard links only loses this name,
// since overwriting would destroy what the other names point at. A missing file is success (a
// resumed erasure may find it already gone). IoError names the file.
Status shred_file(Env& env, const std::filesystem::path& file);

// shred_file as a BlobShredder, for erasures when no shredder plugin is installed.
std::shared_ptr<BlobShredder> default_blob_shredder(Env& env);

}  // namespace coffre::storage
