#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"

namespace coffre::cli {
namespace {

class ContactEditCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"contact", "edit"}; }
  std::string description() const override {
    return "Change a contact's fields: only the options given change (--email/--phone replace the whole list, "
           "an empty value clears a field)";
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, "The contact's id")->required();
    options_.add_to(app, /*edit=*/true);
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", id_));
    COFFRE_ASSIGN_OR_RETURN(ContactPatch patch, options_.patch());
    if (patch.empty())
      return make_error(ErrorKind::Usage, "nothing to change: give the fields to edit (coffre contact edit --help)");
    COFFRE_TRY(ContactStore(vault).update(id, patch));
    if (ctx.global.json) ctx.print_json({{"id", id}});
    else if (!ctx.global.quiet) ctx.out << "Updated contact " << id << "\n";
    return {};
  }

 private:
  std::string id_;
  ContactOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_contact_edit_command() { return std::make_unique<ContactEditCommand>(); }

}  // namespace coffre::cli
