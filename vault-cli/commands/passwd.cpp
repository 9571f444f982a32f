#include "commands/common.h"
#include "passphrase.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class PasswdCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"passwd"}; }
  std::string description() const override {
    return tr("Change the passphrase (rewraps the master key only: instant, nothing re-encrypted)");
  }
  void setup(CLI::App& app) override {
    app.add_option("--new-passphrase-file", new_file_, tr("Read the new passphrase from FILE instead of the terminal"))
        ->type_name("FILE");
    kdf_.add_to(app);
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_TRY(kdf_.check());
    COFFRE_ASSIGN_OR_RETURN(SecretBytes fresh, read_new_passphrase(new_file_, kdf_.allow_weak));
    COFFRE_TRY(vault.change_passphrase(fresh, kdf_.settings()));
    if (ctx.global.json) ctx.print_json({{"changed", true}});
    else if (!ctx.global.quiet) ctx.out << tr("Passphrase changed. The recovery code is unchanged.") << "\n";
    return {};
  }

 private:
  std::string new_file_;
  KdfOptions kdf_;
};

}  // namespace

std::unique_ptr<Command> make_passwd_command() { return std::make_unique<PasswdCommand>(); }

}  // namespace coffre::cli
