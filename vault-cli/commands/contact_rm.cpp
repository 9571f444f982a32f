#include "coffre/app/erase.h"
#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class ContactRmCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"contact", "rm"}; }
  std::string description() const override {
    return tr("Erase a contact and everything about them (notes, interactions, documents shredded); irreversible");
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, tr("The contact's id"))->required();
    app.add_option("--override-hold", override_, tr("Erase even though the person is under a legal hold; say why (audited)"))
        ->type_name("REASON");
    add_yes_flag(app, yes_);
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", id_));
    COFFRE_ASSIGN_OR_RETURN(auto c, ContactStore(session.vault()).get(id));
    COFFRE_TRY(confirm_destructive(ctx, yes_, trf("Erase {} and everything about them (notes, interactions, documents)",
                                                       {contact_summary(c)})));
    app::EraseOptions options;
    if (!override_.empty()) options.override_hold = override_;
    COFFRE_TRY(app::remove_contact(session, id, options).status());
    if (ctx.global.json) ctx.print_json({{"id", id}, {"erased", true}});
    else if (!ctx.global.quiet) ctx.out << trf("Erased contact {}", {std::to_string(id)}) << "\n";
    return {};
  }

 private:
  std::string id_, override_;
  bool yes_ = false;
};

}  // namespace

std::unique_ptr<Command> make_contact_rm_command() { return std::make_unique<ContactRmCommand>(); }

}  // namespace coffre::cli
