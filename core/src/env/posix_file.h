// The real Env's File: a file descriptor. Private to the core; the fault-injecting test Env wraps
// whatever Env::posix() returns rather than this class.
#pragma once

#include <sys/stat.h>

#include <filesystem>

#include "coffre/env.h"

namespace coffre::env_detail {

// errno as a Status: NotFound (ENOENT), Conflict (EEXIST) or IoError, "what path: reason".
Error os_error(int err, const std::string& what, const std::filesystem::path& path);
FileInfo info_from(const struct stat& st);

class PosixFile final : public File {
 public:
  PosixFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  ~PosixFile() override;
  PosixFile(const PosixFile&) = delete;
  PosixFile& operator=(const PosixFile&) = delete;

  Result<std::size_t> read(std::span<std::uint8_t> buf) override;
  Status append(std::span<const std::uint8_t> data) override;
  Status write_at(std::uint64_t offset, std::span<const std::uint8_t> data) override;
  Status sync() override;
  Status truncate(std::uint64_t size) override;
  Result<FileInfo> info() override;
  Status close() override;
  const std::filesystem::path& path() const override { return path_; }

 private:
  Status closed() const;
  int fd_;
  std::filesystem::path path_;
};

}  // namespace coffre::env_detail
