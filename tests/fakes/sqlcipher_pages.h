// Decrypts every page of a SQLCipher 3 database file and of its WAL with the raw database key,
// as a forensic examiner holding the key would, so a test can search deleted-but-not-scrubbed
// content that SQL can no longer reach (free pages, slack space in pages, old WAL frames).
// SQLCipher 3.4 defaults: AES-256-CBC, a 16-byte salt at the start of the file, and per page a
// reserved tail of 48 bytes (16-byte IV, 20-byte HMAC-SHA1, padding); we set 4 KiB pages.
#pragma once

#include <botan/cipher_mode.h>

#include <string>

#include "coffre/secret.h"
#include "fakes/test_support.h"

namespace coffre::test {

inline constexpr std::size_t kCipherPage = 4096, kCipherReserve = 48, kSaltSize = 16;

inline std::string decrypt_cipher_page(const SecretBytes& key, const std::string& page, bool first) {
  const std::size_t offset = first ? kSaltSize : 0;
  const std::size_t end = kCipherPage - kCipherReserve;
  auto dec = Botan::Cipher_Mode::create_or_throw("AES-256/CBC/NoPadding", Botan::DECRYPTION);
  dec->set_key(key.data(), key.size());
  dec->start(reinterpret_cast<const std::uint8_t*>(page.data()) + end, 16);
  Botan::secure_vector<std::uint8_t> buf(page.begin() + static_cast<long>(offset), page.begin() + static_cast<long>(end));
  dec->finish(buf);
  return std::string(buf.begin(), buf.end());
}

// The plaintext of every page of the main file and of every frame of the WAL, concatenated.
inline std::string decrypt_all_pages(const SecretBytes& db_key, const std::filesystem::path& db) {
  std::string out;
  const std::string main = read_file(db);
  for (std::size_t off = 0; off + kCipherPage <= main.size(); off += kCipherPage)
    out += decrypt_cipher_page(db_key, main.substr(off, kCipherPage), off == 0);
  const auto wal_path = db.string() + "-wal";
  if (std::filesystem::exists(wal_path)) {
    const std::string wal = read_file(wal_path);
    for (std::size_t off = 32; off + 24 + kCipherPage <= wal.size(); off += 24 + kCipherPage) {
      const auto pgno = (static_cast<std::uint32_t>(static_cast<unsigned char>(wal[off])) << 24) |
                        (static_cast<std::uint32_t>(static_cast<unsigned char>(wal[off + 1])) << 16) |
                        (static_cast<std::uint32_t>(static_cast<unsigned char>(wal[off + 2])) << 8) |
                        static_cast<std::uint32_t>(static_cast<unsigned char>(wal[off + 3]));
      out += decrypt_cipher_page(db_key, wal.substr(off + 24, kCipherPage), pgno == 1);
    }
  }
  return out;
}

}  // namespace coffre::test
