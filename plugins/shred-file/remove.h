// Removing a name so that it does not linger in the folder: rename it to random names of the same
// length several times, syncing the folder after each, then unlink (or rmdir). The renames
// overwrite the name's bytes in the folder's entries where the file system reuses the slot, and
// leave only random names in its journal.
#pragma once

#include <string>

namespace coffre::shred {

// Renames the entry `name` of the folder open on `dirfd` `renames` times, each time to a fresh
// random name of the same length, syncing the folder after each. `name` follows the entry, so
// that on failure the caller can say where it is now.
bool hide_name(int dirfd, std::string& name, unsigned renames, std::string& error);

// Unlinks `name` (rmdir when `is_dir`) and syncs the folder.
bool remove_name(int dirfd, const std::string& name, bool is_dir, std::string& error);

}  // namespace coffre::shred
