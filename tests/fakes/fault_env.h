// A fault-injecting Env for tests (after leveldb's fault_injection_test): it wraps a real Env and
// can fail the Nth write, sync or rename (or every one from the Nth on), fill the disk (ENOSPC past
// a byte budget, and a matching free-space answer), and "crash": from a chosen step on, every call
// fails, as if the process had died there. The test then drops the Vault and reopens the folder
// with the real Env to check what a restart would find. What reached the files before the crash
// stays, as it would after a kill -9 (the page cache survives a process; power cuts are not
// modelled).
//
// A step is a call that changes the disk: a file created, a write, a sync, a truncation, a rename,
// a removal, a folder created or synced, and the database's writes, syncs, truncations and
// deletions (through the VFS shim, Env::allow_database_io). Counting them lets a test sweep every
// crash point: run once to count, then crash at 1..N.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "coffre/env.h"

namespace coffre::test {

class FaultEnv final : public Env {
 public:
  enum class Op { Create, Write, Sync, Truncate, Rename, Remove, MakeDir, SyncDir };

  struct Step {
    Op op;
    std::filesystem::path path;
    bool database;  // through the database's VFS shim
  };

  explicit FaultEnv(Env& base = Env::posix()) : base_(base) {}

  // Starts counting steps from zero again and forgets the log (faults stay armed).
  void reset_steps();
  // The steps since the last reset, in order.
  std::vector<Step> steps() const;
  std::uint64_t step_count() const;

  // From the `n`th step after now (1-based) on, every call fails: the process is "dead". Resets
  // the step count.
  void crash_at_step(std::uint64_t n);
  bool crashed() const;
  // The `n`th call of `op` from now (1-based) fails with an I/O error; with `and_after`, every
  // later one too.
  void fail_nth(Op op, std::uint64_t n, bool and_after = false);
  // The disk has `bytes` free from now: writes that grow files past it fail with ENOSPC (removals
  // and truncations give space back), and free_space() answers what is left.
  void set_free_bytes(std::uint64_t bytes);

  Result<std::unique_ptr<File>> open(const std::filesystem::path& path, const OpenOptions& options) override;
  Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override;
  Status remove(const std::filesystem::path& path) override;
  Status sync_dir(const std::filesystem::path& dir) override;
  Status make_dir(const std::filesystem::path& dir, std::uint32_t mode) override;
  Result<std::vector<std::string>> list_dir(const std::filesystem::path& dir) override;
  Result<FileInfo> stat(const std::filesystem::path& path, bool follow_symlinks) override;
  Result<std::unique_ptr<FileLockHandle>> lock(const std::filesystem::path& file, LockMode mode, bool wait) override;
  Result<std::uint64_t> free_space(const std::filesystem::path& path) override;
  void fill_random(std::span<std::uint8_t> out) override { base_.fill_random(out); }
  Status allow_database_io(DatabaseIo op, const std::filesystem::path& file, std::uint64_t bytes) override;

  // For FaultFile: a step on `path` that grows the disk usage by `grow` bytes (writes only).
  Status step(Op op, const std::filesystem::path& path, std::uint64_t grow = 0, bool database = false);
  // For calls that change nothing: fail only once crashed.
  Status alive(const std::filesystem::path& path) const;
  void give_back(std::uint64_t bytes);

 private:
  Env& base_;
  mutable std::mutex mutex_;
  std::vector<Step> log_;
  std::optional<std::uint64_t> crash_at_;
  bool crashed_ = false;
  struct Fault {
    std::uint64_t nth;
    bool and_after;
    std::uint64_t seen = 0;
  };
  std::map<Op, Fault> faults_;
  std::optional<std::uint64_t> free_;
};

const char* to_string(FaultEnv::Op op);
// "crash at step 7 of 97: database write vault.db-wal", for a sweep's SCOPED_TRACE (k from 1).
std::string describe_step(const std::vector<FaultEnv::Step>& steps, std::size_t k);

}  // namespace coffre::test
