// File-system helpers with the crash-safety and secrecy rules of the vault.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "coffre/env.h"
#include "coffre/status.h"

namespace coffre::util {

// Writes `data` to `path` atomically: a temp file in the same folder (mode 0600), fsync, rename
// over `path`, fsync of the folder. On any failure the temp file is removed and `path` is left as
// it was. A crash at any point leaves either the old or the new content, never a mix. The temp
// file's name takes its randomness from `env`.
Status write_file_atomic(Env& env, const std::filesystem::path& path, std::span<const std::uint8_t> data);
Status write_file_atomic(Env& env, const std::filesystem::path& path, std::string_view data);

// Reads a whole file of at most `max_size` bytes.
Result<std::string> read_small_file(Env& env, const std::filesystem::path& path, std::size_t max_size);

// Creates `dir` (and parents) with mode 0700.
Status make_private_dir(Env& env, const std::filesystem::path& dir);

std::string errno_message(int err);

// An advisory flock on a lock file of the vault folder (created 0600 if missing), held until this
// object goes; the kernel drops it if the process dies, so a crash never leaves it held.
class FileLock {
 public:
  using Mode = LockMode;
  FileLock() = default;
  ~FileLock() = default;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  // With `wait`, blocks until the lock is free; without, Conflict with the message `busy` when
  // another process holds it. IoError names the file.
  Status acquire(Env& env, const std::filesystem::path& file, Mode mode, bool wait, const std::string& busy);

 private:
  std::unique_ptr<FileLockHandle> held_;
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
  static Result<PrivateOutput> create(Env& env, const std::filesystem::path& path, bool overwrite);
  PrivateOutput(PrivateOutput&& other) noexcept;
  PrivateOutput& operator=(PrivateOutput&&) = delete;
  PrivateOutput(const PrivateOutput&) = delete;
  ~PrivateOutput();  // discards unless committed

  Status write(std::span<const std::uint8_t> data);
  Status write(std::string_view data);
  // Writes `data` at `offset` (a zip writer goes back to fill in a header); discard() zeros up to
  // the furthest byte written either way.
  Status write_at(std::uint64_t offset, std::span<const std::uint8_t> data);
  // fsync, close: the file stays.
  Status commit();
  // Zeros what was written, syncs, truncates, unlinks. Idempotent; a no-op after commit().
  void discard() noexcept;
  std::uint64_t written() const { return written_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  PrivateOutput(Env& env, std::unique_ptr<File> file, std::filesystem::path path)
      : env_(&env), file_(std::move(file)), path_(std::move(path)) {}
  Env* env_;
  std::unique_ptr<File> file_;
  std::filesystem::path path_;
  std::uint64_t written_ = 0;
};

}  // namespace coffre::util
