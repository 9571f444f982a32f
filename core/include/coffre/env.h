// The operating system behind an interface (after leveldb's Env): every file the core writes for
// the vault (key slots, document blobs, shredding, lock files, plaintext outputs) and its
// randomness for file names go through an Env, so that a test can fail the Nth write, sync or
// rename, fill the disk, or "crash" (stop every further I/O, as a killed process would) without
// touching release code. Env::posix() is the real one: POSIX calls and libsodium's randomness.
//
// The database engine (SQLCipher) does its own I/O. It is routed through a thin SQLite VFS that
// forwards to the default unix VFS but asks allow_database_io() before each write, sync, truncate
// or delete, so a crashed or full test Env stops the database too (docs/design-decisions.md).
//
// Errors: expected failures are Status/Result values whose message names the path. NotFound when
// a path is missing, Conflict for an exclusive create of an existing file or a lock held
// elsewhere, IoError otherwise (full disk, permissions...).
//
// Thread safety: an Env's methods may be called from several threads at once. A File is used by
// one thread at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/status.h"

namespace coffre {

enum class FileType { Regular, Directory, Symlink, Other };

struct FileInfo {
  FileType type = FileType::Other;
  std::uint64_t size = 0;
  std::uint32_t mode = 0;   // permission bits (0777 mask)
  std::uint64_t links = 0;  // hard links to the inode
};

// An open file. Destroying it closes it without syncing (errors ignored); call close() to hear
// about them.
class File {
 public:
  virtual ~File() = default;
  // Reads up to `buf.size()` bytes at the current position; 0 at the end of the file.
  virtual Result<std::size_t> read(std::span<std::uint8_t> buf) = 0;
  // Writes all of `data` at the current position (a short write is retried, ENOSPC is IoError).
  virtual Status append(std::span<const std::uint8_t> data) = 0;
  // Writes all of `data` at `offset`; the position does not move.
  virtual Status write_at(std::uint64_t offset, std::span<const std::uint8_t> data) = 0;
  // fsync: what was written reaches the disk.
  virtual Status sync() = 0;
  virtual Status truncate(std::uint64_t size) = 0;
  virtual Result<FileInfo> info() = 0;
  // Idempotent; later calls to the others fail.
  virtual Status close() = 0;
  virtual const std::filesystem::path& path() const = 0;

  Status append(std::string_view data) {
    return append(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
  }
};

struct OpenOptions {
  enum class Access { Read, Write, ReadWrite };
  enum class Create {
    No,         // NotFound when missing
    IfMissing,  // created with `mode` when missing, kept as it is otherwise
    Exclusive,  // Conflict when it exists
    Truncate,   // created with `mode` when missing, emptied and set to `mode` otherwise
  };
  Access access = Access::Read;
  Create create = Create::No;
  bool follow_symlinks = true;  // false: a symbolic link at `path` is refused (IoError)
  std::uint32_t mode = 0600;    // exactly this, whatever the umask
};

// An advisory lock (flock) held until the object goes; the kernel drops it if the process dies.
class FileLockHandle {
 public:
  virtual ~FileLockHandle() = default;
};

enum class LockMode { Shared, Exclusive };
enum class DatabaseIo { Write, Sync, Truncate, Delete };

class Env {
 public:
  virtual ~Env() = default;

  // The real one: POSIX and libsodium. Lives as long as the process.
  static Env& posix();

  virtual Result<std::unique_ptr<File>> open(const std::filesystem::path& path, const OpenOptions& options) = 0;
  // rename(2): atomically replaces `to` (same file system).
  virtual Status rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  // Removes a file or a symbolic link (never its target). NotFound when missing.
  virtual Status remove(const std::filesystem::path& path) = 0;
  // fsync of a folder: a rename or removal inside it reaches the disk.
  virtual Status sync_dir(const std::filesystem::path& dir) = 0;
  // Creates `dir` and its missing parents; `dir` itself gets exactly `mode`.
  virtual Status make_dir(const std::filesystem::path& dir, std::uint32_t mode) = 0;
  // The names in `dir` (not "." or ".."), in no particular order.
  virtual Result<std::vector<std::string>> list_dir(const std::filesystem::path& dir) = 0;
  // stat (or lstat when !follow_symlinks). NotFound when missing.
  virtual Result<FileInfo> stat(const std::filesystem::path& path, bool follow_symlinks) = 0;
  bool exists(const std::filesystem::path& path) { return stat(path, false).ok(); }
  // Opens (creating 0600 if missing) and flocks `file`. With `wait`, blocks until the lock is
  // free; without, Conflict at once when another holder has it.
  virtual Result<std::unique_ptr<FileLockHandle>> lock(const std::filesystem::path& file, LockMode mode,
                                                       bool wait) = 0;
  // Bytes available to this user on the file system holding `path` (statvfs).
  virtual Result<std::uint64_t> free_space(const std::filesystem::path& path) = 0;
  // Fills `out` with cryptographically secure random bytes; never fails.
  virtual void fill_random(std::span<std::uint8_t> out) = 0;
  // Asked by the database layer before it writes, syncs, truncates or deletes `file` (`bytes`: by
  // how much a write grows the file). The real Env allows everything; a test Env may refuse
  // (IoError), as a full disk or a dead process would.
  virtual Status allow_database_io(DatabaseIo op, const std::filesystem::path& file, std::uint64_t bytes) = 0;

  // `n` random bytes as lower-case hex (2n digits), for unguessable file names.
  std::string random_hex(std::size_t n);
};

}  // namespace coffre
