#include "commands/common.h"

#include "passphrase.h"
#include "coffre/app/passphrase.h"

#include <unistd.h>

#include <iostream>
#include <string>
#include "coffre/i18n.h"

namespace coffre::cli {

void KdfOptions::add_to(CLI::App& app) {
  app.add_option("--kdf-ops", ops, tr("Argon2id passes (default 4, at most 8)"))->check(CLI::Range(1, 8))->group("Advanced");
  app.add_option("--kdf-mem-mib", mem_mib, tr("Argon2id memory in MiB (default 256, at most 1024; passes x MiB at most 2048)"))
      ->check(CLI::Range(1, 1024))
      ->group("Advanced");
  app.add_flag("--weak-kdf", allow_weak_kdf,
               tr("Accept Argon2id settings below 2 passes or 64 MiB (for tests: a stolen vault is then cheap to attack)"))
      ->group("Advanced");
  app.add_flag("--weak-passphrase", allow_weak,
               tr("Accept a passphrase that is easy to guess (refused otherwise: a stolen vault is attacked offline)"));
}

Status KdfOptions::check() const {
  const KdfSettings k = settings();
  if (!kdf_within_cap(k))
    return make_error(ErrorKind::InvalidInput, trf("--kdf-ops {0} x --kdf-mem-mib {1} is above the cap (passes x MiB at most {2}): unlocking "
                                                       "would take too long",
                                                       {std::to_string(ops), std::to_string(mem_mib), std::to_string(kKdfMaxCostMib)}));
  if (kdf_is_weak(k) && !allow_weak_kdf)
    return make_error(ErrorKind::InvalidInput, trf("--kdf-ops {0} --kdf-mem-mib {1} is weak (below 2 passes or 64 MiB): a stolen vault would be "
                                                       "cheap to attack; add --weak-kdf if you mean it",
                                                       {std::to_string(ops), std::to_string(mem_mib)}));
  return {};
}

void add_yes_flag(CLI::App& app, bool& yes) {
  app.add_flag("-y,--yes", yes, tr("Do not ask for confirmation (for scripts; needed without a terminal)"));
}

Status confirm_destructive(Context& ctx, bool yes, const std::string& what) {
  if (yes) return {};
  if (!::isatty(STDIN_FILENO))
    return make_error(ErrorKind::Usage,
                      trf("{}: this cannot be undone and there is no terminal to confirm it on; add --yes if you mean it",
                          {what}));
  ctx.err << what << "\n" << tr("This cannot be undone. Type yes to go on: ") << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) answer.clear();
  while (!answer.empty() && (answer.back() == '\r' || answer.back() == ' ')) answer.pop_back();
  if (answer == "yes" || answer == "YES" || answer == "oui" || answer == "OUI") return {};
  return make_error(ErrorKind::Usage, tr("cancelled: nothing was changed"));
}

Result<SecretBytes> read_new_passphrase(const std::string& file, bool allow_weak) {
  Result<SecretBytes> pass = file.empty() ? prompt_new_secret() : read_secret_file(file);
  if (!pass.ok()) return pass;
  COFFRE_TRY(app::check_new_passphrase(*pass, allow_weak));
  return pass;
}

}  // namespace coffre::cli
