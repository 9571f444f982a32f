#include "commands/common.h"

#include "passphrase.h"
#include "coffre/app/passphrase.h"

#include <unistd.h>

#include <iostream>
#include <string>

namespace coffre::cli {

void KdfOptions::add_to(CLI::App& app) {
  app.add_option("--kdf-ops", ops, "Argon2id passes (default 4)")->check(CLI::Range(1, 32))->group("Advanced");
  app.add_option("--kdf-mem-mib", mem_mib, "Argon2id memory in MiB (default 256)")
      ->check(CLI::Range(1, 4096))
      ->group("Advanced");
  app.add_flag("--weak-passphrase", allow_weak,
               "Accept a passphrase that is easy to guess (refused otherwise: a stolen vault is attacked offline)");
}

void add_yes_flag(CLI::App& app, bool& yes) {
  app.add_flag("-y,--yes", yes, "Do not ask for confirmation (for scripts; needed without a terminal)");
}

Status confirm_destructive(Context& ctx, bool yes, const std::string& what) {
  if (yes) return {};
  if (!::isatty(STDIN_FILENO))
    return make_error(ErrorKind::Usage, what + ": this cannot be undone and there is no terminal to confirm it on; "
                                               "add --yes if you mean it");
  ctx.err << what << "\nThis cannot be undone. Type yes to go on: " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) answer.clear();
  while (!answer.empty() && (answer.back() == '\r' || answer.back() == ' ')) answer.pop_back();
  if (answer == "yes" || answer == "YES" || answer == "oui" || answer == "OUI") return {};
  return make_error(ErrorKind::Usage, "cancelled: nothing was changed");
}

Result<SecretBytes> read_new_passphrase(const std::string& file, bool allow_weak) {
  Result<SecretBytes> pass = file.empty() ? prompt_new_secret("passphrase") : read_secret_file(file);
  if (!pass.ok()) return pass;
  COFFRE_TRY(app::check_new_passphrase(*pass, allow_weak));
  return pass;
}

}  // namespace coffre::cli
