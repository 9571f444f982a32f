// Crash debris (issue 17 item 7): files an interrupted process leaves in the vault folder that no
// record points to. An erasure killed while the shredder plugin hid a blob under a random name
// leaves that file of noise (its size still tells the document's); a `passwd` killed between
// writing and renaming its temp file leaves `.keyslots.tmp-*` (a complete key-slot file for the new
// passphrase); an anchor update killed the same way leaves `.anchor.tmp-*`. `check` reports them;
// `check --repair` and the next open (app::Session) shred them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

struct Debris {
  // Files under blobs/ that no document, pending add or unfinished erasure names.
  std::vector<std::filesystem::path> orphan_blobs;
  // `.keyslots.tmp-*` and `.anchor.tmp-*` in the vault folder.
  std::vector<std::filesystem::path> temp_files;
  bool empty() const { return orphan_blobs.empty() && temp_files.empty(); }
};

Result<Debris> find_debris(Vault& vault);
// Shreds what find_debris() finds, taking the locks of what could be writing it (documents.lock
// and erasure.lock exclusively, DIR/lock for the key slots, anchor.lock); Conflict when another
// process holds one of the first three (it may be writing what looks like debris). Returns how
// many files went.
Result<std::int64_t> remove_debris(Vault& vault);

}  // namespace coffre
