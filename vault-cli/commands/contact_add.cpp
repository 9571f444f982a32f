#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"

namespace coffre::cli {
namespace {

class ContactAddCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"contact", "add"}; }
  std::string description() const override {
    return "Add a contact; prints its id (--json: {\"id\": N})";
  }
  void setup(CLI::App& app) override { options_.add_to(app, /*edit=*/false); }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(NewContact c, options_.new_contact(vault.clock().now()));
    COFFRE_ASSIGN_OR_RETURN(Id id, ContactStore(vault).add(c));
    if (ctx.global.json) ctx.print_json({{"id", id}});
    else ctx.out << id << "\n";
    return {};
  }

 private:
  ContactOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_contact_add_command() { return std::make_unique<ContactAddCommand>(); }

}  // namespace coffre::cli
