// Shared by the fuzz targets: the input goes to a file on tmpfs (the importers read paths, as the
// host gives them) and a sink that touches every byte it receives (so ASan sees bad strings).
#pragma once

#include <unistd.h>

#include <cstdio>
#include <string>

#include "coffre/plugin/importer.h"

namespace coffre::fuzz {

inline std::string write_input(const std::uint8_t* data, std::size_t size, const char* ext) {
  static const std::string path = "/dev/shm/coffre-fuzz-" + std::to_string(::getpid()) + ext;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
  return path;
}

struct TouchSink final : plugin::RecordSink {
  std::size_t sum = 0, records = 0;
  bool record(plugin::Record&& r) override {
    for (const auto& f : r.fields) {
      for (char c : f.name) sum += static_cast<unsigned char>(c);
      for (char c : f.value) sum += static_cast<unsigned char>(c);
      for (char c : f.label) sum += static_cast<unsigned char>(c);
    }
    return ++records < 100000;
  }
  void progress(std::uint64_t, std::uint64_t) override {}
};

}  // namespace coffre::fuzz
