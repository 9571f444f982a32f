#include "coffre/app/check.h"
#include "commands/common.h"

namespace coffre::cli {
namespace {

class CheckCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"check"}; }
  std::string description() const override {
    return "Check the vault: database integrity, encryption, every document readable, audit chain";
  }
  void setup(CLI::App& app) override {
    app.add_flag("--repair", repair_,
                 "First finish what interrupted document adds left: shred their partial files, remove their rows");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto r, app::check(session, repair_, ctx.progress()));
    const auto& report = r.report;
    if (r.repaired && !ctx.global.json)
      ctx.out << "repaired: " << *r.repaired << " interrupted document add" << (*r.repaired == 1 ? "" : "s")
              << " cleaned up\n";
    if (ctx.global.json) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& i : report.items) items.push_back({{"name", i.name}, {"ok", i.ok}, {"detail", i.detail}});
      nlohmann::json out = {{"ok", report.ok()}, {"checks", items}};
      if (r.repaired) out["repaired"] = *r.repaired;
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
