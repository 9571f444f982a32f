#include "coffre/app/suppression.h"
#include "commands/common.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

// `coffre suppression add --email E --phone P`: a "do not contact" request from someone who may
// not even be in the vault. Only keyed hashes are stored.
class SuppressionAddCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"suppression", "add"}; }
  std::string description() const override {
    return tr("Put e-mail addresses or phone numbers on the suppression list (never imported or added again)");
  }
  void setup(CLI::App& app) override {
    app.add_option("--email", emails_, tr("An e-mail address (repeatable)"));
    app.add_option("--phone", phones_, tr("A phone number, French numbers without +33 accepted (repeatable)"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto r, app::suppress_values(session, emails_, phones_));
    if (ctx.global.json) ctx.print_json({{"added", r.added}, {"entries", r.entries}});
    else if (!ctx.global.quiet) ctx.out << trf("Suppressed. The list holds {} entries.", {std::to_string(r.entries)}) << "\n";
    return {};
  }

 private:
  std::vector<std::string> emails_, phones_;
};

// `coffre suppression check --email E`: exit 0 and "suppressed" or "not suppressed".
class SuppressionCheckCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"suppression", "check"}; }
  std::string description() const override { return tr("Tell whether e-mail addresses or phone numbers are suppressed"); }
  void setup(CLI::App& app) override {
    app.add_option("--email", emails_, tr("An e-mail address (repeatable)"));
    app.add_option("--phone", phones_, tr("A phone number (repeatable)"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto answers, app::check_suppression(session, emails_, phones_));
    nlohmann::json results = nlohmann::json::array();
    for (const auto& a : answers) {
      results.push_back({{"kind", a.kind}, {"value", a.value}, {"suppressed", a.suppressed}});
      if (!ctx.global.json) ctx.out << a.value << ": " << (a.suppressed ? tr("suppressed") : tr("not suppressed")) << "\n";
    }
    if (ctx.global.json) ctx.print_json(results);
    return {};
  }

 private:
  std::vector<std::string> emails_, phones_;
};

}  // namespace

std::unique_ptr<Command> make_suppression_add_command() { return std::make_unique<SuppressionAddCommand>(); }
std::unique_ptr<Command> make_suppression_check_command() { return std::make_unique<SuppressionCheckCommand>(); }

}  // namespace coffre::cli
