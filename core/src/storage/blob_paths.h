// Where document blobs live in the vault folder: blobs/<first two hex digits>/<blob id>, under
// random names (32 hex digits) that say nothing about whose document it is. A blob is written as
// blobs/<xx>/.<blob id>.tmp, synced and renamed, so a crashed write leaves a temp file whose name
// the database knows (the document row is inserted, pending, before the write).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace coffre::storage {

// A fresh random blob id (128 bits, hex).
std::string new_blob_id();
// True when `id` looks like a blob id (lower-case hex, 32 digits): never a path.
bool valid_blob_id(std::string_view id);
std::filesystem::path blob_path(const std::filesystem::path& blob_dir, std::string_view blob_id);
std::filesystem::path blob_temp_path(const std::filesystem::path& blob_dir, std::string_view blob_id);

}  // namespace coffre::storage
