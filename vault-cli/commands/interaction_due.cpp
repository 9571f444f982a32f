#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class InteractionDueCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"interaction", "due"}; }
  std::string description() const override {
    return tr("Follow-ups due (the latest interaction of each contact asking for one), oldest first");
  }
  void setup(CLI::App& app) override {
    app.add_option("--until", until_, tr("Due on or before this date (default: today; e.g. +7d)"))->type_name("DATE");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Time until, date_arg("--until", until_, vault.clock().now()));
    COFFRE_ASSIGN_OR_RETURN(auto due, InteractionStore(vault).due_follow_ups(until));
    ContactStore contacts(vault);
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& i : due) {
        COFFRE_ASSIGN_OR_RETURN(Contact c, contacts.get(i.contact_id));
        nlohmann::json j = interaction_json(i);
        j["contact"] = contact_json(c);
        arr.push_back(j);
      }
      ctx.print_json(arr);
      return {};
    }
    if (due.empty()) {
      if (!ctx.global.quiet) ctx.out << tr("No follow-ups due.") << "\n";
      return {};
    }
    return print_due_table(ctx.out, contacts, due);
  }

 private:
  std::string until_ = "today";
};

}  // namespace

std::unique_ptr<Command> make_interaction_due_command() { return std::make_unique<InteractionDueCommand>(); }

}  // namespace coffre::cli
