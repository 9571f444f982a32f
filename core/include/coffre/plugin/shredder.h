// Shredder plugins destroy files outside the vault (`coffre shred`, `coffre import --shred-source`)
// and the vault's own blob files (through the core's BlobShredder, see coffre/erasure.h).
//
// What a shredder promises, per file: it never follows a symbolic link; it overwrites every byte
// of a regular file in place, syncs it to the device, optionally reads it back, hides the name by
// renaming, truncates and unlinks. It says honestly when the overwrite cannot be trusted to reach
// the old blocks (copy-on-write, network, overlay or memory file systems, shared extents, flash
// storage): such a file is reported `Logical` with the reason, never `Overwritten`.
// Errors are per file: one file failing never stops the run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "coffre/plugin/abi.h"

namespace coffre::plugin {

enum class ShredMethod {
  Random,  // each pass a fresh ChaCha20 keystream (seeded once per file and pass)
  Zero,    // each pass zeros
  Dod3,    // DoD 5220.22-M style: 0x00, 0xFF, random, repeated if passes > 3
};

inline const char* to_string(ShredMethod m) {
  switch (m) {
    case ShredMethod::Random: return "random";
    case ShredMethod::Zero: return "zero";
    case ShredMethod::Dod3: return "dod3";
  }
  return "unknown";
}

struct ShredOptions {
  unsigned passes = 1;            // overwrite passes (at least 1)
  ShredMethod method = ShredMethod::Random;
  bool verify = false;            // read the last pass back from the device and compare
  bool dry_run = false;           // report what would be done; touch nothing
  bool recursive = false;         // descend into folders (else a folder is an error)
  unsigned renames = 3;           // random renames before unlink (0: none)
};

enum class ShredOutcome {
  Overwritten,  // overwritten in place, synced, then unlinked
  Logical,      // overwritten and unlinked, but old copies may survive: see `note`
  LinkRemoved,  // only a name was removed: a symbolic link, or one of several hard links
  Error,        // failed: see `note`; what was done is said there
};

inline const char* to_string(ShredOutcome o) {
  switch (o) {
    case ShredOutcome::Overwritten: return "overwritten";
    case ShredOutcome::Logical: return "logical";
    case ShredOutcome::LinkRemoved: return "link-removed";
    case ShredOutcome::Error: return "error";
  }
  return "unknown";
}

// One file (or link, or folder) handled.
struct ShredFileResult {
  std::string path;          // as given or as found while descending: raw bytes, maybe not UTF-8
  std::uint64_t bytes = 0;   // bytes overwritten per pass (the logical size; 0 for links)
  ShredOutcome result = ShredOutcome::Error;
  bool verified = false;     // the read-back matched (only with ShredOptions::verify)
  bool directory = false;    // a folder removed once empty (recursive runs)
  std::string note;          // the reason for Logical/LinkRemoved/Error, caveats otherwise
};

// What the host hears during a run. Calls come from the thread that called shred().
class ShredObserver {
 public:
  virtual ~ShredObserver() = default;
  // Once, before any file is touched: how many bytes the run will overwrite (all passes).
  virtual void start(std::uint64_t total_bytes) = 0;
  // Bytes overwritten so far in the whole run (absolute, not a delta); called about every chunk.
  virtual void progress(std::uint64_t done_bytes) = 0;
  // Once per file, link or folder, when it is done.
  virtual void file(const ShredFileResult& result) = 0;
};

class Shredder : public Plugin {
 public:
  // Shreds each path (files; folders when options.recursive, bottom-up, removed once empty).
  // Results go to the observer; returns the number of results with ShredOutcome::Error.
  virtual std::uint64_t shred(const std::vector<std::string>& paths, const ShredOptions& options,
                              ShredObserver& observer) = 0;
};

}  // namespace coffre::plugin
