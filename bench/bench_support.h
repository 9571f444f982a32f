// What the benchmarks that fill a vault of their own share: timers, a fixed clock, and a scratch
// folder with a vault in it (the cheapest Argon2id: key derivation is measured by unlock_bench).
#pragma once

#include <stdlib.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "coffre/clock.h"
#include "coffre/secret.h"
#include "coffre/vault.h"

namespace coffre::bench {

using Steady = std::chrono::steady_clock;

inline double seconds_since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }

// CPU seconds (user + system) this process has used so far, all threads.
inline double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

inline constexpr std::int64_t kBenchNow = 1795600800;  // Wed 2026-11-25 10:00 UTC, 11:00 in Paris
class FixedClock final : public Clock {
 public:
  std::int64_t now() const override { return kBenchNow; }
};

// A folder under /tmp ("/tmp/coffre-NAME-XXXXXX") removed with everything in it when this goes,
// on every way out of the benchmark; `vault_dir()` is created by create_vault().
class Scratch {
 public:
  explicit Scratch(const std::string& name) {
    std::string tmpl = "/tmp/coffre-" + name + "-XXXXXX";
    if (::mkdtemp(tmpl.data()) != nullptr) root_ = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    if (!root_.empty()) std::filesystem::remove_all(root_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  bool ok() const { return !root_.empty(); }
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path vault_dir() const { return root_ / "vault"; }
  const SecretBytes& passphrase() const { return pass_; }

  // Creates the vault (1 pass over 8 MiB) with `options` and opens it; null on failure.
  std::unique_ptr<Vault> create_vault(const VaultOptions& options) const {
    if (!Vault::create(vault_dir(), pass_, {1, 8ull << 20}, options).ok()) return nullptr;
    auto v = Vault::open(vault_dir(), pass_, options);
    return v.ok() ? std::move(*v) : nullptr;
  }

 private:
  std::filesystem::path root_;
  SecretBytes pass_ = SecretBytes::from(std::string_view("bench"));
};

}  // namespace coffre::bench
