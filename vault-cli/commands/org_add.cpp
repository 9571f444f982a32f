#include "coffre/stores.h"
#include "commands/common.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class OrgAddCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"org", "add"}; }
  std::string description() const override { return tr("Add an organisation; prints its id (--json: {\"id\": N})"); }
  void setup(CLI::App& app) override {
    app.add_option("NAME", o_.name, tr("The organisation's name"))->required();
    siren_ = app.add_option("--siren", siren_text_, tr("SIREN (9 digits, checked)"))->type_name("DIGITS");
    siret_ = app.add_option("--siret", siret_text_, tr("SIRET (14 digits, checked; implies the SIREN)"))->type_name("DIGITS");
    sector_ = app.add_option("--sector", sector_text_, tr("Sector of activity"))->type_name("TEXT");
    address_ = app.add_option("--address", address_text_, tr("Postal address"))->type_name("TEXT");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    if (siren_->count()) o_.siren = siren_text_;
    if (siret_->count()) o_.siret = siret_text_;
    if (sector_->count()) o_.sector = sector_text_;
    if (address_->count()) o_.address = address_text_;
    COFFRE_ASSIGN_OR_RETURN(Id id, OrganisationStore(vault).add(o_));
    if (ctx.global.json) ctx.print_json({{"id", id}});
    else ctx.out << id << "\n";
    return {};
  }

 private:
  NewOrganisation o_;
  std::string siren_text_, siret_text_, sector_text_, address_text_;
  CLI::Option *siren_ = nullptr, *siret_ = nullptr, *sector_ = nullptr, *address_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> make_org_add_command() { return std::make_unique<OrgAddCommand>(); }

}  // namespace coffre::cli
