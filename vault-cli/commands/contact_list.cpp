#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class ContactListCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"contact", "list"}; }
  std::string description() const override { return tr("List contacts, sorted by name, optionally filtered"); }
  void setup(CLI::App& app) override {
    category_ = app.add_option("--category", category_text_, tr("Only this category (prospect, client...)"))->type_name("CATEGORY");
    temperature_ = app.add_option("--temperature", temperature_text_, tr("Only this temperature (hot, warm...)"))->type_name("TEMP");
    org_ = app.add_option("--org", org_text_, tr("Only the contacts of this organisation (name)"))->type_name("NAME");
    app.add_option("-n,--limit", limit_, tr("At most N contacts (default: all)"))->type_name("N");
    app.add_option("--offset", offset_, tr("Skip the first N contacts"))->type_name("N");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    ContactFilter filter;
    if (category_->count()) {
      COFFRE_ASSIGN_OR_RETURN(filter.category, category_arg("--category", category_text_));
    }
    if (temperature_->count()) {
      COFFRE_ASSIGN_OR_RETURN(filter.temperature, temperature_arg("--temperature", temperature_text_));
    }
    if (org_->count()) {
      COFFRE_ASSIGN_OR_RETURN(auto org, OrganisationStore(vault).find_by_name(org_text_));
      if (!org) return make_error(ErrorKind::NotFound, trf("no organisation named \"{}\"", {org_text_}));
      filter.org_id = *org;
    }
    filter.limit = limit_;
    filter.offset = offset_;
    // Printed as they are read: a vault of a million contacts lists in constant memory.
    ContactStore store(vault);
    if (ctx.global.json) {
      ctx.out << '[';
      bool first = true;
      COFFRE_TRY(store.each(filter, [&](Contact&& c) {
        ctx.out << (first ? "" : ",") << contact_json(c).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        first = false;
        return Status{};
      }));
      ctx.out << "]\n";
      return {};
    }
    ContactTableStream table(ctx.out);
    COFFRE_TRY(store.each(filter, [&](Contact&& c) {
      table.add(c);
      return Status{};
    }));
    if (table.finish() == 0 && !ctx.global.quiet) ctx.out << tr("No contacts.") << "\n";
    return {};
  }

 private:
  std::string category_text_, temperature_text_, org_text_;
  CLI::Option *category_ = nullptr, *temperature_ = nullptr, *org_ = nullptr;
  std::int64_t limit_ = -1, offset_ = 0;
};

}  // namespace

std::unique_ptr<Command> make_contact_list_command() { return std::make_unique<ContactListCommand>(); }

}  // namespace coffre::cli
