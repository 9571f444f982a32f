#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class SearchCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"search"}; }
  std::string description() const override {
    return tr("Find contacts by name, phone number (any form, or its last 6+ digits), email, role, note, interaction "
           "summary or company; every word must match as a prefix, accents ignored (\"helene\" finds \"Hélène\"); "
           "the person's own names first, then role and notes, then company");
  }
  void setup(CLI::App& app) override {
    app.add_option("TEXT", words_, tr("What to look for"))->required();
    app.add_option("-n,--limit", limit_, tr("At most N contacts (default 100)"))->type_name("N");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    std::string text;
    for (const auto& w : words_) text += (text.empty() ? "" : " ") + w;
    COFFRE_ASSIGN_OR_RETURN(auto page, ContactStore(vault).search_page(text, limit_));
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& c : page.contacts) arr.push_back(contact_json(c));
      ctx.print_json({{"contacts", arr},
                      {"count", page.contacts.size()},
                      {"total", page.total},
                      {"total_estimated", page.total_estimated},
                      {"truncated", page.truncated},
                      {"sorted_by_name", page.sorted_by_name}});
      return {};
    }
    if (page.contacts.empty()) {
      if (!ctx.global.quiet) ctx.out << trf("No contact matches \"{}\".", {text}) << "\n";
      return {};
    }
    print_contact_table(ctx.out, page.contacts);
    if (page.truncated && !ctx.global.quiet) {
      const auto more = page.total - static_cast<std::int64_t>(page.contacts.size());
      ctx.out << (page.total_estimated
                      ? trf("About {} more: narrow the search or use --limit (estimated).", {std::to_string(more)})
                      : trf("{} more: narrow the search or use --limit.", {std::to_string(more)}))
              << "\n";
      if (!page.sorted_by_name)
        ctx.out << tr("(Too many matches to sort by name: those shown are in the order they were added.)") << "\n";
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
