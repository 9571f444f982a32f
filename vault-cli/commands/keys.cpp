#include "coffre/app/keys.h"
#include "commands/common.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

// `coffre keys export-public [-o FILE] [--overwrite]`: the vault's signing public key, which anyone
// can use to check its certificates without the passphrase (coffre/app/keys.h).
class KeysExportPublicCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"keys", "export-public"}; }
  std::string description() const override {
    return tr("Write the vault's public signing key, to check its certificates without the passphrase");
  }
  void setup(CLI::App& app) override {
    app.add_option("-o,--output", output_, tr("The file to write (default: print it)"))->type_name("FILE");
    app.add_flag("--overwrite", overwrite_, tr("Replace the output file if it exists"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto e, app::export_public_key(session, output_, overwrite_));
    if (ctx.global.json) {
      nlohmann::json j = nlohmann::json::parse(e.text);
      if (!e.path.empty()) j["file"] = e.path.string();
      ctx.print_json(j);
    } else if (output_.empty()) {
      ctx.out << e.text;
    } else {
      ctx.out << trf("Wrote the public key to {}", {e.path.string()}) << "\n"
              << trf("Fingerprint: {}", {e.fingerprint}) << "\n";
    }
    return {};
  }

 private:
  std::string output_;
  bool overwrite_ = false;
};

}  // namespace

std::unique_ptr<Command> make_keys_export_public_command() { return std::make_unique<KeysExportPublicCommand>(); }

}  // namespace coffre::cli
