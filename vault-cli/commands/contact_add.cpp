#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/sensitive_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class ContactAddCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"contact", "add"}; }
  std::string description() const override {
    return tr("Add a contact; prints its id (--json: {\"id\": N})");
  }
  void setup(CLI::App& app) override { options_.add_to(app, /*edit=*/false); }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(NewContact c, options_.new_contact(vault.clock().now()));
    COFFRE_ASSIGN_OR_RETURN(Id id, ContactStore(vault).add(c));
    std::vector<app::SensitiveFinding> found;
    for (const auto& [field, value] : {std::pair{"role", &c.role}, std::pair{"address", &c.address},
                                       std::pair{"source", &c.source}})
      if (*value)
        for (auto& f : app::scan_text(app::SensitiveSource::Contact, id, id, field, **value)) found.push_back(std::move(f));
    if (ctx.global.json) {
      ctx.print_json({{"id", id}, {"special_categories", findings_json(found)}});
    } else {
      ctx.out << id << "\n";
      warn_special_categories(ctx, found);
    }
    return {};
  }

 private:
  ContactOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_contact_add_command() { return std::make_unique<ContactAddCommand>(); }

}  // namespace coffre::cli
