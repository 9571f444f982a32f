// Opening an importer's input: the same for every text importer (CSV, vCard).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace coffre::plugin::text {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

struct InputFile {
  FilePtr file;              // null when the file could not be opened
  std::uint64_t size = 0;    // for progress; 0 when unknown
};

// Opens `path` for binary reading. On failure `file` is null and `error` says "cannot open PATH".
InputFile open_input(const std::string& path, std::string& error);

}  // namespace coffre::plugin::text
