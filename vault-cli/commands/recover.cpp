#include "commands/common.h"
#include "passphrase.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

Result<SecretBytes> read_recovery_code(const std::string& file) {
  if (!file.empty()) return read_secret_file(file);
  return prompt_secret(tr("Recovery code: "));
}

// `coffre recover`: a lost passphrase plus the recovery code gets the user back in.
class RecoverCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"recover"}; }
  std::string description() const override {
    return tr("Open the vault with the recovery code and set a new passphrase");
  }
  void setup(CLI::App& app) override {
    app.add_option("--recovery-code-file", code_file_, tr("Read the recovery code from FILE instead of the terminal"))
        ->type_name("FILE");
    app.add_option("--new-passphrase-file", new_file_, tr("Read the new passphrase from FILE instead of the terminal"))
        ->type_name("FILE");
    kdf_.add_to(app);
  }
  Status run(Context& ctx) override {
    COFFRE_TRY(kdf_.check());
    COFFRE_ASSIGN_OR_RETURN(SecretBytes code, read_recovery_code(code_file_));
    COFFRE_ASSIGN_OR_RETURN(auto session, app::Session::open_with_recovery_code(ctx.vault_dir(), code, ctx.plugins));
    COFFRE_ASSIGN_OR_RETURN(SecretBytes fresh, read_new_passphrase(new_file_, kdf_.allow_weak));
    COFFRE_TRY(session->vault().change_passphrase(fresh, kdf_.settings()));
    if (ctx.global.json) ctx.print_json({{"recovered", true}});
    else if (!ctx.global.quiet) ctx.out << tr("New passphrase set. The recovery code still works.") << "\n";
    return {};
  }

 private:
  std::string code_file_, new_file_;
  KdfOptions kdf_;
};

// `coffre unlock-check --recovery-code`: proves the recovery slot works, changing nothing.
class UnlockCheckCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"unlock-check"}; }
  std::string description() const override {
    return tr("Check that the passphrase (and, with --recovery-code, the recovery code) opens the vault");
  }
  void setup(CLI::App& app) override {
    app.add_flag("--recovery-code", check_code_, tr("Also ask for the recovery code and check it"));
    app.add_option("--recovery-code-file", code_file_, tr("Read the recovery code from FILE"))->type_name("FILE");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    bool code_ok = false;
    if (check_code_ || !code_file_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(SecretBytes code, read_recovery_code(code_file_));
      COFFRE_TRY(vault.check_recovery_code(code));
      code_ok = true;
    }
    if (ctx.global.json) {
      nlohmann::json j{{"passphrase", true}};
      if (code_ok) j["recovery_code"] = true;
      ctx.print_json(j);
    } else if (!ctx.global.quiet) {
      ctx.out << tr("The passphrase opens the vault.") << "\n";
      if (code_ok) ctx.out << tr("The recovery code opens the vault.") << "\n";
    }
    return {};
  }

 private:
  bool check_code_ = false;
  std::string code_file_;
};

}  // namespace

std::unique_ptr<Command> make_recover_command() { return std::make_unique<RecoverCommand>(); }
std::unique_ptr<Command> make_unlock_check_command() { return std::make_unique<UnlockCheckCommand>(); }

}  // namespace coffre::cli
