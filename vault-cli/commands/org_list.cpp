#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class OrgListCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"org", "list"}; }
  std::string description() const override { return tr("List organisations, sorted by name"); }
  void setup(CLI::App&) override {}
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(auto orgs, OrganisationStore(vault).list());
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& o : orgs) arr.push_back(organisation_json(o));
      ctx.print_json(arr);
      return {};
    }
    if (orgs.empty()) {
      if (!ctx.global.quiet) ctx.out << tr("No organisations.") << "\n";
      return {};
    }
    Table t({N_("ID"), N_("NAME"), N_("SIREN"), N_("SECTOR"), N_("ADDRESS")});
    for (const auto& o : orgs)
      t.add({std::to_string(o.id), o.name, o.siren.value_or(""), o.sector.value_or(""), o.address.value_or("")});
    t.print(ctx.out);
    return {};
  }
};

}  // namespace

std::unique_ptr<Command> make_org_list_command() { return std::make_unique<OrgListCommand>(); }

}  // namespace coffre::cli
