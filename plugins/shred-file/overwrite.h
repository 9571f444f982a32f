// Overwriting a file's bytes in place, pass by pass, as fast as the device takes them.
//
// Random passes use a ChaCha20 keystream seeded once per file and pass (keystream.h): a fresh
// random key and nonce, the block counter following the file offset. That is a CSPRNG at several
// GiB/s per core, where randombytes_buf per chunk manages about 180 MiB/s (docs/design.md §8).
// Chunks are generated ahead on one thread per core (up to 4) while the writer writes, and the aligned
// bulk of the file is written with O_DIRECT (through a second descriptor) so that the bytes go
// straight to the device instead of being copied into the page cache first; the unaligned tail
// goes through the ordinary descriptor. Each pass ends with fsync.
//
// Verification reads the last pass back (O_DIRECT, and the page cache dropped for the tail, so it
// is the device that answers) and compares it with the pattern regenerated from the same key.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "coffre/plugin/shredder.h"

namespace coffre::shred {

struct Range {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

// The parts of the file that hold data (SEEK_DATA/SEEK_HOLE), widened to 4 KiB boundaries and
// clamped to `size`. A hole has no blocks on the device, so there is nothing old to overwrite
// there; writing it would only allocate new blocks (and could fill the disk). `sparse` is set when
// holes were found. Where SEEK_DATA is not supported, the whole file is one range.
std::vector<Range> data_ranges(int fd, std::uint64_t size, bool& sparse);

struct OverwriteStatus {
  bool ok = false;
  bool verified = false;  // only meaningful when verification was asked for
  std::string error;      // what failed and where, when !ok
};

class Overwriter {
 public:
  // `on_bytes(n)` is called after each chunk with the bytes just written.
  explicit Overwriter(std::function<void(std::uint64_t)> on_bytes);
  ~Overwriter();
  Overwriter(const Overwriter&) = delete;
  Overwriter& operator=(const Overwriter&) = delete;

  // Overwrites `ranges` of the file open on `fd` (read-write) `options.passes` times with
  // `options.method`, fsyncing after each pass, then verifies if asked. `direct_fd` is the same
  // file opened with O_DIRECT, or -1 to write everything through `fd`.
  OverwriteStatus run(int fd, int direct_fd, const std::vector<Range>& ranges, const plugin::ShredOptions& options);

  static constexpr std::size_t kChunk = 8u << 20;
  static constexpr std::size_t kAlign = 4096;
  static constexpr std::size_t kBatch = 4;  // chunks per write at most: 32 MiB

 private:
  struct Pattern;
  struct Chunk {
    std::uint64_t offset;
    std::size_t length;
  };
  static void fill(const Pattern& p, const Chunk& c, std::uint8_t* out);
  bool write_chunk(int fd, int& direct_fd, const Chunk& c, const std::uint8_t* data, std::string& error);
  // Chunks first..first+count-1, contiguous and full, from their ring slots in one pwritev.
  bool write_chunks(int fd, int& direct_fd, const std::vector<Chunk>& chunks, std::size_t first, std::size_t count,
                    std::string& error);
  bool read_chunk(int fd, int direct_fd, const Chunk& c, std::uint8_t* out, std::string& error);
  bool write_pass(int fd, int& direct_fd, const std::vector<Chunk>& chunks, const Pattern& p, std::string& error);
  bool verify_pass(int fd, int direct_fd, const std::vector<Chunk>& chunks, const Pattern& p, std::string& error);

  std::function<void(std::uint64_t)> on_bytes_;
  unsigned threads_;  // keystream generators: one per core
  std::vector<std::uint8_t*> buf_;  // 4 KiB-aligned chunks: a ring for the writer and generators
};

}  // namespace coffre::shred
