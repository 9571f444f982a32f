#include "coffre/normalize.h"
#include "coffre/suppression.h"
#include "commands/common.h"

namespace coffre::cli {
namespace {

// Normalises what the user typed the way the stores and importers do, so the hashes match.
Status normalise_all(const std::vector<std::string>& emails, const std::vector<std::string>& phones,
                     std::vector<std::string>& out_emails, std::vector<std::string>& out_phones) {
  for (const auto& e : emails) {
    auto n = normalise_email(e);
    if (!n) return make_error(ErrorKind::InvalidInput, "not an e-mail address: \"" + e + "\"");
    out_emails.push_back(*n);
  }
  for (const auto& p : phones) {
    auto n = normalise_phone(p);
    if (!n) return make_error(ErrorKind::InvalidInput, "not a phone number: \"" + p + "\"");
    out_phones.push_back(*n);
  }
  if (out_emails.empty() && out_phones.empty())
    return make_error(ErrorKind::Usage, "give at least one --email or --phone");
  return {};
}

// `coffre suppression add --email E --phone P`: a "do not contact" request from someone who may
// not even be in the vault. Only keyed hashes are stored.
class SuppressionAddCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"suppression", "add"}; }
  std::string description() const override {
    return "Put e-mail addresses or phone numbers on the suppression list (never imported or added again)";
  }
  void setup(CLI::App& app) override {
    app.add_option("--email", emails_, "An e-mail address (repeatable)");
    app.add_option("--phone", phones_, "A phone number, French numbers without +33 accepted (repeatable)");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    std::vector<std::string> emails, phones;
    COFFRE_TRY(normalise_all(emails_, phones_, emails, phones));
    COFFRE_TRY(suppress(vault, emails, phones));
    COFFRE_ASSIGN_OR_RETURN(std::int64_t count, suppression_count(vault));
    if (ctx.global.json) ctx.print_json({{"added", emails.size() + phones.size()}, {"entries", count}});
    else if (!ctx.global.quiet) ctx.out << "Suppressed. The list holds " << count << " entries.\n";
    return {};
  }

 private:
  std::vector<std::string> emails_, phones_;
};

// `coffre suppression check --email E`: exit 0 and "suppressed" or "not suppressed".
class SuppressionCheckCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"suppression", "check"}; }
  std::string description() const override { return "Tell whether e-mail addresses or phone numbers are suppressed"; }
  void setup(CLI::App& app) override {
    app.add_option("--email", emails_, "An e-mail address (repeatable)");
    app.add_option("--phone", phones_, "A phone number (repeatable)");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    std::vector<std::string> emails, phones;
    COFFRE_TRY(normalise_all(emails_, phones_, emails, phones));
    nlohmann::json results = nlohmann::json::array();
    auto report = [&](const std::string& kind, const std::string& value, bool hit) {
      results.push_back({{"kind", kind}, {"value", value}, {"suppressed", hit}});
      if (!ctx.global.json) ctx.out << value << ": " << (hit ? "suppressed" : "not suppressed") << "\n";
    };
    for (const auto& e : emails) {
      COFFRE_ASSIGN_OR_RETURN(bool hit, is_suppressed_email(vault, e));
      report("email", e, hit);
    }
    for (const auto& p : phones) {
      COFFRE_ASSIGN_OR_RETURN(bool hit, is_suppressed_phone(vault, p));
      report("phone", p, hit);
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
