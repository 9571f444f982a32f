#include "storage/blob_format.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>
#include "coffre/i18n.h"


namespace coffre::storage {
namespace {

constexpr char kMagic[8] = {'C', 'O', 'F', 'F', 'B', 'L', 'O', 'B'};
constexpr std::size_t kBatchChunks = 64;
constexpr std::size_t kSealedChunk = kBlobChunk + crypto::kStreamOverhead;

std::string chunk_ad(std::string_view blob_id) {
  std::string ad = "coffre-blob";
  ad.push_back(static_cast<char>(kBlobVersion));
  ad.append(blob_id);
  return ad;
}

// SHA-256 on a second thread: submit() hands over a region that must stay unchanged until wait().
class BackgroundSha256 {
 public:
  BackgroundSha256() : thread_([this] { loop(); }) {}
  ~BackgroundSha256() {
    {
      std::lock_guard l(m_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  BackgroundSha256(const BackgroundSha256&) = delete;
  BackgroundSha256& operator=(const BackgroundSha256&) = delete;
  void submit(crypto::ByteView data) {
    std::lock_guard l(m_);
    job_ = data;
    busy_ = true;
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock l(m_);
    cv_.wait(l, [this] { return !busy_; });
  }
  std::array<std::uint8_t, 32> finish() {
    wait();
    return sha_.finish();
  }

 private:
  void loop() {
    std::unique_lock l(m_);
    for (;;) {
      cv_.wait(l, [this] { return busy_ || stop_; });
      if (!busy_) return;
      auto job = job_;
      l.unlock();
      sha_.update(job);
      l.lock();
      busy_ = false;
      cv_.notify_all();
    }
  }
  crypto::Sha256 sha_;
  std::mutex m_;
  std::condition_variable cv_;
  crypto::ByteView job_;
  bool busy_ = false, stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

// Reads until `n` bytes or the end of the file; returns how many were read.
Result<std::size_t> read_full(File& file, std::uint8_t* buf, std::size_t n, std::string_view what) {
  std::size_t got = 0;
  while (got < n) {
    auto r = file.read({buf + got, n - got});
    if (!r.ok()) return make_error(ErrorKind::IoError, "cannot read " + std::string(what) + ": " + r.error().message);
    if (*r == 0) break;
    got += *r;
  }
  return got;
}

Error corrupt(std::string_view what, const std::string& why) {
  return make_error(ErrorKind::Corruption, std::string(what) + " " + why);
}

}  // namespace

Result<BlobDigest> seal_blob(File& in_file, File& out_file, const SecretBytes& key, std::string_view blob_id,
                             std::string_view what, Progress& progress, std::uint64_t expected_size) {
  const std::string ad = chunk_ad(blob_id);
  crypto::StreamSealer sealer(key);
  std::vector<std::uint8_t> in(kBatchChunks * kBlobChunk);
  std::vector<std::uint8_t> out(kBlobHeaderSize + kBatchChunks * kSealedChunk);
  BackgroundSha256 hasher;  // after the buffers: it is joined before they are freed
  std::memcpy(out.data(), kMagic, sizeof kMagic);
  out[8] = kBlobVersion;
  out[9] = out[10] = out[11] = 0;
  std::memcpy(out.data() + 12, sealer.header().data(), crypto::kStreamHeaderSize);
  std::size_t out_len = kBlobHeaderSize, carry = 0;
  BlobDigest digest;
  progress.start(tr("Encrypting"), expected_size);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(std::size_t got, read_full(in_file, in.data() + carry, in.size() - carry, what));
    const bool eof = carry + got < in.size();
    hasher.submit({in.data() + carry, got});
    digest.size += got;
    const std::size_t len = carry + got;
    // Without the end of the file in sight, the last full chunk is held back: it may be the final one.
    const std::size_t upto = eof ? len : len - kBlobChunk;
    std::size_t off = 0;
    do {
      const std::size_t n = std::min(kBlobChunk, upto - off);
      const bool final = eof && off + n == len;
      sealer.push({in.data() + off, n}, crypto::as_bytes(ad), final, out.data() + out_len);
      out_len += n + crypto::kStreamOverhead;
      off += n;
    } while (off < upto);
    auto written = out_file.append({out.data(), out_len});
    hasher.wait();
    COFFRE_TRY(written);
    out_len = 0;
    progress.advance(digest.size);
    if (eof) break;
    std::memmove(in.data(), in.data() + upto, kBlobChunk);
    carry = kBlobChunk;
  }
  digest.sha256 = hasher.finish();
  progress.finish();
  return digest;
}

Result<BlobDigest> open_blob(File& in_file, const SecretBytes& key, std::string_view blob_id, std::string_view what,
                             const PlaintextSink& sink, Progress& progress, std::uint64_t expected_size) {
  std::uint8_t header[kBlobHeaderSize];
  COFFRE_ASSIGN_OR_RETURN(std::size_t hgot, read_full(in_file, header, sizeof header, what));
  if (hgot < sizeof header) return corrupt(what, "is too short to be a document blob (truncated)");
  if (std::memcmp(header, kMagic, sizeof kMagic) != 0) return corrupt(what, "is not a Coffre document blob (bad magic)");
  if (header[8] != kBlobVersion)
    return corrupt(what, "has an unknown blob format version " + std::to_string(header[8]));
  if (header[9] != 0 || header[10] != 0 || header[11] != 0) return corrupt(what, "has a damaged header");
  crypto::StreamOpener opener;
  if (!opener.init(key, {header + 12, crypto::kStreamHeaderSize}).ok()) return corrupt(what, "has a damaged header");
  const std::string ad = chunk_ad(blob_id);
  std::vector<std::uint8_t> in(kBatchChunks * kSealedChunk);
  std::vector<std::uint8_t> out(kBatchChunks * kBlobChunk);
  BackgroundSha256 hasher;
  BlobDigest digest;
  std::size_t have = 0;
  std::uint64_t chunk = 0;
  bool final = false;
  progress.start(tr("Decrypting"), expected_size);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(std::size_t got, read_full(in_file, in.data() + have, in.size() - have, what));
    const bool eof = have + got < in.size();
    have += got;
    std::size_t off = 0, out_len = 0;
    while (!final && off < have && (eof || have - off >= kSealedChunk)) {
      const std::size_t n = std::min(kSealedChunk, have - off);
      if (n < crypto::kStreamOverhead)
        return corrupt(what, "is truncated inside chunk " + std::to_string(chunk));
      if (!opener.pull({in.data() + off, n}, crypto::as_bytes(ad), out.data() + out_len, final).ok())
        return corrupt(what, "failed authentication at chunk " + std::to_string(chunk) +
                                 ": it was altered, truncated, or belongs to another document or person");
      if (!final && n < kSealedChunk) return corrupt(what, "is truncated after chunk " + std::to_string(chunk));
      out_len += n - crypto::kStreamOverhead;
      off += n;
      ++chunk;
    }
    if (out_len > 0) {
      hasher.submit({out.data(), out_len});
      auto delivered = sink({out.data(), out_len});
      hasher.wait();
      COFFRE_TRY(delivered);
      digest.size += out_len;
      progress.advance(digest.size);
    }
    if (final) {
      std::uint8_t extra = 0;
      if (off != have) return corrupt(what, "has bytes after its final chunk");
      if (!eof) {
        COFFRE_ASSIGN_OR_RETURN(std::size_t more, read_full(in_file, &extra, 1, what));
        if (more != 0) return corrupt(what, "has bytes after its final chunk");
      }
      break;
    }
    if (eof) return corrupt(what, "is truncated: it ends without its final chunk");
    std::memmove(in.data(), in.data() + off, have - off);
    have -= off;
  }
  digest.sha256 = hasher.finish();
  progress.finish();
  return digest;
}

}  // namespace coffre::storage
