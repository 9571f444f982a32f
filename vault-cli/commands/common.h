// Helpers shared by command files: KDF options, reading a new secret, JSON of model types.
#pragma once

#include <CLI/CLI.hpp>

#include "command.h"
#include "coffre/kdf_settings.h"

namespace coffre::cli {

// --kdf-ops and --kdf-mem-mib, for init and passwd (advanced: tests use small values).
struct KdfOptions {
  std::uint64_t ops = KdfSettings{}.ops;
  std::uint64_t mem_mib = KdfSettings{}.mem_bytes >> 20;
  void add_to(CLI::App& app);
  KdfSettings settings() const { return {ops, mem_mib << 20}; }
};

// A new passphrase: from FILE when given, else asked twice on the terminal.
Result<SecretBytes> read_new_passphrase(const std::string& file);

}  // namespace coffre::cli
