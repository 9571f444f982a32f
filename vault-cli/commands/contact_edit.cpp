#include "coffre/app/requests.h"
#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/sensitive_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class ContactEditCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"contact", "edit"}; }
  std::string description() const override {
    return tr("Change a contact's fields: only the options given change (--email/--phone replace the whole list, "
           "an empty value clears a field)");
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, tr("The contact's id"))->required();
    options_.add_to(app, /*edit=*/true);
    app.add_option("--request", request_, tr("The person's rectification request this edit answers (coffre request): "
                   "the names of the fields changed are recorded on it"))
        ->type_name("ID");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    Vault& vault = session.vault();
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", id_));
    COFFRE_ASSIGN_OR_RETURN(ContactPatch patch, options_.patch());
    if (patch.empty())
      return make_error(ErrorKind::Usage, tr("nothing to change: give the fields to edit (coffre contact edit --help)"));
    std::optional<Id> request;
    if (!request_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(request, id_arg("request", request_));
      COFFRE_TRY(app::check_request_for(session, *request, id));
    }
    COFFRE_TRY(ContactStore(vault).update(id, patch));
    if (request) COFFRE_TRY(app::record_rectification(session, *request, id, patch));
    std::vector<app::SensitiveFinding> found;
    for (const auto& [field, value] : {std::pair{"role", &patch.role}, std::pair{"address", &patch.address},
                                       std::pair{"source", &patch.source}})
      if (*value)
        for (auto& f : app::scan_text(app::SensitiveSource::Contact, id, id, field, **value)) found.push_back(std::move(f));
    if (ctx.global.json) {
      ctx.print_json({{"id", id}, {"special_categories", findings_json(found)}});
    } else {
      if (!ctx.global.quiet) ctx.out << trf("Updated contact {}", {std::to_string(id)}) << "\n";
      warn_special_categories(ctx, found);
    }
    return {};
  }

 private:
  std::string id_, request_;
  ContactOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_contact_edit_command() { return std::make_unique<ContactEditCommand>(); }

}  // namespace coffre::cli
