#include <iostream>

#include "coffre/app/passphrase.h"
#include "coffre/certificate.h"
#include "commands/common.h"
#include "passphrase.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class InitCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"init"}; }
  std::string description() const override {
    return tr("Create a new vault, protected by a passphrase; prints a recovery code once");
  }
  void setup(CLI::App& app) override { kdf_.add_to(app); }
  Status run(Context& ctx) override {
    COFFRE_TRY(kdf_.check());
    Result<SecretBytes> pass = make_error(ErrorKind::Internal, "");
    if (!ctx.global.passphrase_file.empty()) pass = read_secret_file(ctx.global.passphrase_file);
    else if (ctx.global.passphrase_fd >= 0) pass = read_secret_fd(ctx.global.passphrase_fd, "the passphrase file descriptor");
    else pass = prompt_new_secret();
    if (!pass.ok()) return pass.error();
    COFFRE_TRY(app::check_new_passphrase(*pass, kdf_.allow_weak));
    const auto dir = ctx.vault_dir();
    COFFRE_ASSIGN_OR_RETURN(auto created, Vault::create_with_key(dir, *pass, kdf_.settings()));
    const std::string& code = created.recovery_code;
    const std::string fingerprint = public_key_fingerprint(created.signing_public_key);
    if (ctx.global.json) {
      ctx.print_json({{"recovery_code", code}, {"vault", dir.string()}, {"signing_key_fingerprint", fingerprint}});
    } else {
      ctx.out << trf("Created the vault in {}", {dir.string()}) << "\n\n"
              << tr("Recovery code (shown once; write it down and keep it apart from this computer):") << "\n\n    "
              << code << "\n\n"
              << tr("With it, `coffre recover` lets you in and sets a new passphrase if you forget yours.") << "\n\n"
              << tr("Signing key fingerprint (certificates; `coffre keys export-public` writes the key):")
              << "\n    " << fingerprint << "\n";
    }
    return {};
  }

 private:
  KdfOptions kdf_;
};

}  // namespace

std::unique_ptr<Command> make_init_command() { return std::make_unique<InitCommand>(); }

}  // namespace coffre::cli
