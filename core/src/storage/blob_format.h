// The encrypted document blob format (docs/formats.md, "Document blobs"):
//
//   magic "COFFBLOB" (8) | version (1) = 1 | 3 zero bytes | secretstream header (24) | chunks
//
// Each chunk is libsodium secretstream XChaCha20-Poly1305 over 64 KiB of plaintext (17 bytes of
// overhead); every chunk but the last holds exactly 64 KiB and only the last carries TAG_FINAL (an
// empty file is one empty final chunk). Every chunk's associated data is "coffre-blob" | version |
// blob id, so a blob moved to another document's name fails even under the same subject key, and
// one moved to another subject fails under the wrong key. Truncation (no final tag), bytes after
// the final chunk, reordering and any flipped bit are all detected.
//
// Both directions stream through big buffers (64 chunks, about 4 MiB) with bounded memory, and
// hash the plaintext with SHA-256 on a second thread while the first encrypts or writes.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>

#include "coffre/env.h"
#include "coffre/progress.h"
#include "coffre/secret.h"
#include "coffre/status.h"
#include "crypto/crypto.h"

namespace coffre::storage {

inline constexpr std::size_t kBlobChunk = 64 * 1024;
inline constexpr std::uint8_t kBlobVersion = 1;
inline constexpr std::size_t kBlobHeaderSize = 12 + crypto::kStreamHeaderSize;

struct BlobDigest {
  std::uint64_t size = 0;                 // plaintext bytes
  std::array<std::uint8_t, 32> sha256{};  // of the plaintext
};

// Reads plaintext from `in` to its end and writes the blob to `out` (not synced: the caller syncs
// and renames). IoError names `what` (the user's file) or the blob file on failure.
Result<BlobDigest> seal_blob(File& in, File& out, const SecretBytes& key, std::string_view blob_id,
                             std::string_view what, Progress& progress, std::uint64_t expected_size);

// Receives plaintext in order, a batch at a time, only after the batch authenticated. An error it
// returns stops decryption and is returned.
using PlaintextSink = std::function<Status(crypto::ByteView)>;

// Decrypts the blob read from `in`, handing plaintext to `sink`. Corruption (message naming
// `what`) when the blob was altered, truncated, extended, swapped or is not a blob at all.
Result<BlobDigest> open_blob(File& in, const SecretBytes& key, std::string_view blob_id, std::string_view what,
                             const PlaintextSink& sink, Progress& progress, std::uint64_t expected_size);

}  // namespace coffre::storage
