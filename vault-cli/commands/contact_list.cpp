#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"

namespace coffre::cli {
namespace {

class ContactListCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"contact", "list"}; }
  std::string description() const override { return "List contacts, sorted by name, optionally filtered"; }
  void setup(CLI::App& app) override {
    category_ = app.add_option("--category", category_text_, "Only this category (prospect, client...)")->type_name("CATEGORY");
    temperature_ = app.add_option("--temperature", temperature_text_, "Only this temperature (hot, warm...)")->type_name("TEMP");
    org_ = app.add_option("--org", org_text_, "Only the contacts of this organisation (name)")->type_name("NAME");
    app.add_option("-n,--limit", limit_, "At most N contacts (default: all)")->type_name("N");
    app.add_option("--offset", offset_, "Skip the first N contacts")->type_name("N");
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
      if (!org) return make_error(ErrorKind::NotFound, "no organisation named \"" + org_text_ + "\"");
      filter.org_id = *org;
    }
    filter.limit = limit_;
    filter.offset = offset_;
    COFFRE_ASSIGN_OR_RETURN(auto contacts, ContactStore(vault).list(filter));
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& c : contacts) arr.push_back(contact_json(c));
      ctx.print_json(arr);
    } else if (contacts.empty()) {
      if (!ctx.global.quiet) ctx.out << "No contacts.\n";
    } else {
      print_contact_table(ctx.out, contacts);
    }
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
