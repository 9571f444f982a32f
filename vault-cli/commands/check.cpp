#include "coffre/check.h"
#include "coffre/documents.h"

#include "commands/common.h"

namespace coffre::cli {
namespace {

class CheckCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"check"}; }
  std::string description() const override {
    return "Check the vault: database integrity, encryption, every document readable, audit chain";
  }
  void setup(CLI::App& app) override {
    app.add_flag("--repair", repair_,
                 "First finish what interrupted document adds left: shred their partial files, remove their rows");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    std::int64_t repaired = 0;
    if (repair_) {
      COFFRE_ASSIGN_OR_RETURN(repaired, DocumentStore(vault).clean_interrupted());
      if (!ctx.global.json)
        ctx.out << "repaired: " << repaired << " interrupted document add" << (repaired == 1 ? "" : "s")
                << " cleaned up\n";
    }
    COFFRE_ASSIGN_OR_RETURN(auto report, check_vault(vault, &ctx.progress()));
    if (ctx.global.json) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& i : report.items) items.push_back({{"name", i.name}, {"ok", i.ok}, {"detail", i.detail}});
      nlohmann::json out = {{"ok", report.ok()}, {"checks", items}};
      if (repair_) out["repaired"] = repaired;
      ctx.print_json(out);
    } else {
      for (const auto& i : report.items) ctx.out << (i.ok ? "ok      " : "FAILED  ") << i.name << ": " << i.detail << "\n";
    }
    if (!report.ok()) return make_error(ErrorKind::Corruption, "the vault failed its checks");
    return {};
  }

 private:
  bool repair_ = false;
};

}  // namespace

std::unique_ptr<Command> make_check_command() { return std::make_unique<CheckCommand>(); }

}  // namespace coffre::cli
