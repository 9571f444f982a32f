// Shared test helpers: temporary folders, a clock the test moves, fast KDF settings, and raw-byte
// scans of every file in a folder (for the "no plaintext at rest" and "erased means erased" proofs).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "coffre/clock.h"
#include "coffre/kdf_settings.h"
#include "coffre/secret.h"
#include "coffre/vault.h"

namespace coffre::test {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "coffre-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t t = 1764000000) : t_(t) {}  // 2025-11-24
  std::int64_t now() const override { return t_; }
  void advance(std::int64_t seconds) { t_ += seconds; }
  void set(std::int64_t t) { t_ = t; }

 private:
  std::int64_t t_;
};

// Argon2id at its cheapest: tests create many vaults.
// Vault options with a test's clock (and the core's default shredder).
inline VaultOptions with_clock(const Clock* clock) {
  VaultOptions o;
  o.clock = clock;
  return o;
}

inline KdfSettings fast_kdf() { return {1, 8ull << 20}; }

inline SecretBytes secret(const std::string& s) { return SecretBytes::from(std::string_view(s)); }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& content) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << content;
}

// Every regular file below `dir` whose raw bytes contain `needle`.
inline std::vector<std::string> files_containing(const std::filesystem::path& dir, const std::string& needle) {
  std::vector<std::string> hits;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    if (read_file(e.path()).find(needle) != std::string::npos) hits.push_back(e.path().string());
  }
  return hits;
}

// Path of a built binary (the coffre CLI, a plugin) in the build folder.
inline std::filesystem::path built(const std::string& name) { return std::filesystem::path(COFFRE_BINARY_DIR) / name; }

}  // namespace coffre::test
