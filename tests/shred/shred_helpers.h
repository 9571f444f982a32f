// Shared by the shred tests: the plugin loaded through a host, a run that collects its results,
// and files with known content.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "coffre/plugin/shredder.h"
#include "coffre/plugin_host.h"
#include "fakes/test_support.h"

namespace coffre::test {

inline std::shared_ptr<plugin::Shredder> shredder_plugin() {
  static PluginHost host(std::vector<std::filesystem::path>{});
  static auto loaded = host.load(built("libcoffre-shred-file.so"));
  if (!loaded.ok()) {
    ADD_FAILURE() << loaded.error().message;
    return nullptr;
  }
  return host.shredder();
}

struct Run : plugin::ShredObserver {
  void start(std::uint64_t t) override { total = t; }
  void progress(std::uint64_t d) override {
    EXPECT_GE(d, done);
    done = d;
  }
  void file(const plugin::ShredFileResult& r) override { results.push_back(r); }
  const plugin::ShredFileResult* find(const std::string& path) const {
    for (const auto& r : results)
      if (r.path == path) return &r;
    return nullptr;
  }
  std::uint64_t total = 0, done = 0, errors = 0;
  std::vector<plugin::ShredFileResult> results;
};

inline Run shred(const std::vector<std::string>& paths, plugin::ShredOptions options = {}) {
  Run run;
  auto s = shredder_plugin();
  if (s) run.errors = s->shred(paths, options, run);
  return run;
}

// Bytes 1..255 over and over: no byte is zero, so a zero pass changes every one of them.
inline std::string known_content(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(1 + i % 255);
  return s;
}

inline bool exists_nofollow(const std::filesystem::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0;
}

}  // namespace coffre::test
