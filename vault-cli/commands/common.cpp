#include "commands/common.h"

#include "passphrase.h"

namespace coffre::cli {

void KdfOptions::add_to(CLI::App& app) {
  app.add_option("--kdf-ops", ops, "Argon2id passes (default 4)")->check(CLI::Range(1, 32))->group("Advanced");
  app.add_option("--kdf-mem-mib", mem_mib, "Argon2id memory in MiB (default 256)")
      ->check(CLI::Range(1, 4096))
      ->group("Advanced");
}

Result<SecretBytes> read_new_passphrase(const std::string& file) {
  if (!file.empty()) return read_secret_file(file);
  return prompt_new_secret("passphrase");
}

}  // namespace coffre::cli
