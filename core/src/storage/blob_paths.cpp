#include "storage/blob_paths.h"

#include "crypto/crypto.h"

namespace coffre::storage {

std::string new_blob_id() { return crypto::random_hex(16); }

bool valid_blob_id(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::filesystem::path blob_path(const std::filesystem::path& blob_dir, std::string_view blob_id) {
  return blob_dir / std::string(blob_id.substr(0, 2)) / std::string(blob_id);
}

std::filesystem::path blob_temp_path(const std::filesystem::path& blob_dir, std::string_view blob_id) {
  return blob_dir / std::string(blob_id.substr(0, 2)) / ("." + std::string(blob_id) + ".tmp");
}

}  // namespace coffre::storage
