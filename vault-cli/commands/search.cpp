#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_output.h"

namespace coffre::cli {
namespace {

class SearchCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"search"}; }
  std::string description() const override {
    return "Find contacts by name, company, role, email or note; every word must match as a prefix, accents "
           "ignored (\"helene\" finds \"Hélène\")";
  }
  void setup(CLI::App& app) override {
    app.add_option("TEXT", words_, "What to look for")->required();
    app.add_option("-n,--limit", limit_, "At most N contacts (default 100)")->type_name("N");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    std::string text;
    for (const auto& w : words_) text += (text.empty() ? "" : " ") + w;
    COFFRE_ASSIGN_OR_RETURN(auto found, ContactStore(vault).search(text, limit_));
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& c : found) arr.push_back(contact_json(c));
      ctx.print_json(arr);
    } else if (found.empty()) {
      if (!ctx.global.quiet) ctx.out << "No contact matches \"" << text << "\".\n";
    } else {
      print_contact_table(ctx.out, found);
    }
    return {};
  }

 private:
  std::vector<std::string> words_;
  std::int64_t limit_ = 100;
};

}  // namespace

std::unique_ptr<Command> make_search_command() { return std::make_unique<SearchCommand>(); }

}  // namespace coffre::cli
