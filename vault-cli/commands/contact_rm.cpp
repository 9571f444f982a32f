#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"

namespace coffre::cli {
namespace {

class ContactRmCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"contact", "rm"}; }
  std::string description() const override {
    return "Erase a contact and everything about them (notes, interactions, documents shredded); irreversible";
  }
  void setup(CLI::App& app) override { app.add_option("ID", id_, "The contact's id")->required(); }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", id_));
    COFFRE_TRY(ContactStore(vault).remove(id));
    if (ctx.global.json) ctx.print_json({{"id", id}, {"erased", true}});
    else if (!ctx.global.quiet) ctx.out << "Erased contact " << id << "\n";
    return {};
  }

 private:
  std::string id_;
};

}  // namespace

std::unique_ptr<Command> make_contact_rm_command() { return std::make_unique<ContactRmCommand>(); }

}  // namespace coffre::cli
