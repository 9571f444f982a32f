// How the vault destroys its own blob files (encrypted documents) when a person is erased. The
// core's default overwrites a file once in place, fsyncs and unlinks it; the application layer
// (coffre/app/session.h) passes the shredder plugin instead when one is enabled. The vault takes
// its shredder at open (VaultOptions), never from a process-wide setting, so a scheduled job and
// the CLI opening the same vault shred the same way.
#pragma once

#include <filesystem>

#include "coffre/status.h"

namespace coffre {

class BlobShredder {
 public:
  virtual ~BlobShredder() = default;
  // Destroys `file` and removes it. A missing file is success: a resumed erasure may find the
  // blob already gone. IoError naming the file otherwise. Called from one thread at a time.
  virtual Status shred(const std::filesystem::path& file) = 0;
};

}  // namespace coffre
