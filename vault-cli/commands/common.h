// Helpers shared by command files: KDF options, reading a new secret, JSON of model types.
#pragma once

#include <CLI/CLI.hpp>

#include "command.h"
#include "coffre/kdf_settings.h"

namespace coffre::cli {

// --kdf-ops and --kdf-mem-mib (advanced: tests use small values) and --weak-passphrase, for the
// commands that set a new passphrase: init, passwd, recover.
struct KdfOptions {
  std::uint64_t ops = KdfSettings{}.ops;
  std::uint64_t mem_mib = KdfSettings{}.mem_bytes >> 20;
  bool allow_weak = false;
  bool allow_weak_kdf = false;  // --weak-kdf
  void add_to(CLI::App& app);
  KdfSettings settings() const { return {ops, mem_mib << 20}; }
  // InvalidInput when above the cap (kdf_settings.h) or weak without --weak-kdf.
  Status check() const;
};

// Destructive commands ask first. With `yes` (--yes) it goes on at once. On a terminal it shows
// `what` (who and what will go), says it cannot be undone and waits for "yes" (or "oui"); anything
// else cancels (Usage, exit 1, nothing done). Without a terminal and without --yes it refuses
// (Usage, exit 1) and says to add --yes: a script must say it means it.
Status confirm_destructive(Context& ctx, bool yes, const std::string& what);
// Adds --yes to a destructive command.
void add_yes_flag(CLI::App& app, bool& yes);

// A new passphrase: from FILE when given, else asked twice on the terminal.
// Refused (exit 4) when zxcvbn estimates it too easy to guess, unless `allow_weak`.
Result<SecretBytes> read_new_passphrase(const std::string& file, bool allow_weak);

}  // namespace coffre::cli
