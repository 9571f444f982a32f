// Reading the parts of an .xlsx (a zip archive) through libzip, with the zip-bomb guards: an
// archive whose declared uncompressed size, or the bytes actually inflated from one entry, pass
// the limit, or whose entries claim an absurd compression ratio, is refused before it can fill
// memory or disk. Entries are streamed in 64 KiB chunks, never inflated whole.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

struct zip;

namespace coffre::plugin::xlsx {

// Deflate cannot do better than about 1032:1; real spreadsheets' XML compresses 5-50:1 and very
// repetitive sheets about 100:1. Past this ratio (on an entry large enough to matter), the archive
// is a bomb, not a spreadsheet.
inline constexpr std::uint64_t kMaxRatio = 200;
inline constexpr std::uint64_t kRatioMinBytes = 8u << 20;

class ZipReader {
 public:
  ZipReader() = default;
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // Opens `path` and checks every entry's declared size and ratio against the limits. False with
  // `error` set: not a zip, a damaged zip, or a bomb.
  bool open(const std::string& path, std::uint64_t max_uncompressed, std::string& error);
  bool has(const std::string& name) const;
  std::uint64_t total_size() const { return total_; }
  // The declared uncompressed size of `name` (0 if unknown), and the bytes inflated so far by
  // every read(): together, the progress through a part being read.
  std::uint64_t entry_size(const std::string& name) const;
  std::uint64_t inflated() const { return inflated_; }
  // Streams entry `name`; `chunk` returns false to stop early (not an error). Counts the bytes
  // really inflated, so an entry that lies about its size is stopped at the limit.
  bool read(const std::string& name, const std::function<bool(std::string_view)>& chunk, std::string& error);

 private:
  std::int64_t locate(const std::string& name) const;  // the entry's index, -1 if none
  ::zip* zip_ = nullptr;
  std::uint64_t max_ = 0;
  std::uint64_t total_ = 0;
  std::uint64_t inflated_ = 0;  // across every entry read
};

}  // namespace coffre::plugin::xlsx
