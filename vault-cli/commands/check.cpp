#include "coffre/check.h"

#include "commands/common.h"

namespace coffre::cli {
namespace {

class CheckCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"check"}; }
  std::string description() const override {
    return "Check the vault: database integrity, encryption, every document readable, audit chain";
  }
  void setup(CLI::App&) override {}
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(auto report, check_vault(vault, &ctx.progress()));
    if (ctx.global.json) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& i : report.items) items.push_back({{"name", i.name}, {"ok", i.ok}, {"detail", i.detail}});
      ctx.print_json({{"ok", report.ok()}, {"checks", items}});
    } else {
      for (const auto& i : report.items) ctx.out << (i.ok ? "ok      " : "FAILED  ") << i.name << ": " << i.detail << "\n";
    }
    if (!report.ok()) return make_error(ErrorKind::Corruption, "the vault failed its checks");
    return {};
  }
};

}  // namespace

std::unique_ptr<Command> make_check_command() { return std::make_unique<CheckCommand>(); }

}  // namespace coffre::cli
