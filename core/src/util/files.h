// File-system helpers with the crash-safety and secrecy rules of the vault.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "coffre/status.h"

namespace coffre::util {

// Writes `data` to `path` atomically: a temp file in the same folder (mode 0600), fsync, rename
// over `path`, fsync of the folder. On any failure the temp file is removed and `path` is left as
// it was. A crash at any point leaves either the old or the new content, never a mix.
Status write_file_atomic(const std::filesystem::path& path, std::span<const std::uint8_t> data);
Status write_file_atomic(const std::filesystem::path& path, std::string_view data);

// Reads a whole file of at most `max_size` bytes.
Result<std::string> read_small_file(const std::filesystem::path& path, std::size_t max_size);

Status fsync_dir(const std::filesystem::path& dir);
// Creates `dir` (and parents) with mode 0700.
Status make_private_dir(const std::filesystem::path& dir);

std::string errno_message(int err);

// An advisory flock on a lock file of the vault folder (created 0600 if missing), held until this
// object goes; the kernel drops it if the process dies, so a crash never leaves it held.
class FileLock {
 public:
  enum class Mode { Shared, Exclusive };
  FileLock() = default;
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  // With `wait`, blocks until the lock is free; without, Conflict with the message `busy` when
  // another process holds it. IoError names the file.
  Status acquire(const std::filesystem::path& file, Mode mode, bool wait, const std::string& busy);

 private:
  int fd_ = -1;
};

// A file the user named that receives plaintext (`doc get`, `access export`): created mode 0600,
// never through a symbolic link, refusing an existing file unless `overwrite`. Until commit()
// succeeds the output is provisional: destroying it, or a failed commit, overwrites what was
// written with zeros, syncs, truncates and unlinks it, so a failure never leaves half a copy of
// someone's data behind.
class PrivateOutput {
 public:
  // Conflict when the file exists (without `overwrite`), NotFound when its folder is missing,
  // IoError otherwise; every message names the file.
  static Result<PrivateOutput> create(const std::filesystem::path& path, bool overwrite);
  PrivateOutput(PrivateOutput&& other) noexcept;
  PrivateOutput& operator=(PrivateOutput&&) = delete;
  PrivateOutput(const PrivateOutput&) = delete;
  ~PrivateOutput();  // discards unless committed

  Status write(std::span<const std::uint8_t> data);
  Status write(std::string_view data);
  // fsync, close: the file stays.
  Status commit();
  // Zeros what was written, syncs, truncates, unlinks. Idempotent; a no-op after commit().
  void discard() noexcept;
  std::uint64_t written() const { return written_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  PrivateOutput(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;
  std::uint64_t written_ = 0;
};

// Testing hook: when the environment variable COFFRE_FAILPOINT equals `name`, the process kills
// itself with SIGKILL right here, as a power cut or `kill -9` would. It never changes what is
// written; it only stops the process, so it cannot weaken anything in production.
void failpoint(const char* name);

}  // namespace coffre::util
