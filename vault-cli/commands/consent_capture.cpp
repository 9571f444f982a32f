// `campaign optin` and `consent import` (issue 12, consent capture): each parses, calls one use
// case of coffre/app/optin.h and prints.
#include "coffre/app/optin.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "commands/model_input.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class CampaignOptinCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"campaign", "optin"}; }
  std::string description() const override {
    return tr("A double opt-in or re-permission campaign: a token and a reply code per person the rule allows to be "
           "written to, in a mail-merge CSV; recorded and audited");
  }
  void setup(CLI::App& app) override {
    app.add_option("--channel", req_.channel, tr("The channel consent is asked for: email, sms, phone or post"))->required();
    app.add_option("--purpose", req_.purpose, tr("The purpose (default: prospecting)"));
    app.add_option("--notice", req_.notice_version, tr("The version of the notice people are asked to agree to"))
        ->required();
    app.add_option("--category", req_.categories, tr("Only these categories (repeatable)"));
    app.add_option("CONTACT", contacts_, tr("Only these contacts (ids; not with --category)"));
    app.add_option("--expires", req_.expires, tr("How long the tokens are valid (default 30d; s, m, h, d, w)"));
    at_ = app.add_option("--at", at_text_, tr("When the campaign is sent, UTC (default: now)"))->type_name("DATETIME");
    app.add_option("-o,--output", output_, tr("The mail-merge CSV to write (0600)"))->required();
    app.add_flag("--overwrite", req_.overwrite, tr("Replace the output file if it exists"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    if (at_->count()) {
      COFFRE_ASSIGN_OR_RETURN(req_.at, date_arg("--at", at_text_, session.vault().clock().now()));
    }
    for (const auto& c : contacts_) {
      COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", c));
      req_.contacts.push_back(id);
    }
    req_.output = output_;
    COFFRE_ASSIGN_OR_RETURN(auto r, app::run_optin_campaign(session, req_, ctx.progress()));
    nlohmann::json by_rule = r.excluded_by_rule;
    if (ctx.global.json) {
      ctx.print_json({{"campaign", r.campaign},
                      {"invited", r.invited},
                      {"excluded", r.excluded},
                      {"excluded_by_rule", by_rule},
                      {"expires_at", format_utc(r.expires_at)},
                      {"rule_version", r.rule_version},
                      {"sha256", r.file_sha256}});
    } else if (!ctx.global.quiet) {
      ctx.out << trf("Opt-in campaign {0}: {1} invited, {2} excluded",
                     {std::to_string(r.campaign), std::to_string(r.invited), std::to_string(r.excluded)});
      for (const auto& [rule, n] : r.excluded_by_rule) ctx.out << "\n  " << rule << ": " << n;
      ctx.out << "\n"
              << trf("tokens expire {0}; rule {1}, SHA-256 {2}", {human_time(r.expires_at), r.rule_version, r.file_sha256})
              << "\n";
    }
    return {};
  }

 private:
  app::OptinCampaignRequest req_;
  std::vector<std::string> contacts_;
  std::string at_text_, output_;
  CLI::Option* at_ = nullptr;
};

class ConsentImportCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"consent", "import"}; }
  std::string description() const override {
    return tr("Record the answers of an opt-in campaign (form responses CSV, mail replies .eml/.mbox/folder) or a "
           "mailing tool's unsubscribes; forged, expired, replayed or another person's tokens are refused");
  }
  void setup(CLI::App& app) override {
    app.add_option("FILE", file_, tr("The export, message, mailbox or folder of messages"))->required();
    app.add_option("--format", req_.format,
                   tr("auto (default), form-responses, mail-replies or unsubscribes (coffre plugins list)"));
    app.add_option("--purpose", req_.purpose, tr("Purpose of the withdrawals read from unsubscribes (default: prospecting)"));
    app.add_flag("--dry-run", req_.dry_run, tr("Check and report, record nothing"));
    app.add_option("--time-zone", req_.time_zone,
                   tr("The zone of dates written without one, e.g. Europe/Paris (default: this machine's, TZ)"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    req_.file = file_;
    COFFRE_ASSIGN_OR_RETURN(auto r, app::import_consent(session, req_, ctx.progress()));
    if (ctx.global.json) {
      nlohmann::json refusals = nlohmann::json::array(), unmatched = nlohmann::json::array();
      for (const auto& x : r.refusals) refusals.push_back({{"line", x.line}, {"reason", x.reason}});
      for (const auto& x : r.unmatched_lines) unmatched.push_back({{"line", x.line}, {"reason", x.reason}});
      ctx.print_json({{"recorded", r.recorded},
                      {"refused", r.refused},
                      {"unmatched", r.unmatched},
                      {"unchanged", r.unchanged},
                      {"suppressed", r.suppressed},
                      {"plugin", r.plugin},
                      {"dry_run", req_.dry_run},
                      {"events", r.events},
                      {"refusals", refusals},
                      {"unmatched_lines", unmatched}});
      return {};
    }
    for (const auto& x : r.refusals)
      ctx.err << trf("{0}:{1}: refused: {2}", {file_, std::to_string(x.line), x.said.empty() ? x.reason : x.said}) << "\n";
    if (!ctx.global.quiet) {
      ctx.out << (req_.dry_run ? tr("Dry run (nothing recorded): ") : "")
              << trf("{0} recorded, {1} refused, {2} unmatched",
                     {std::to_string(r.recorded), std::to_string(r.refused), std::to_string(r.unmatched)});
      if (r.suppressed) ctx.out << " " << trf("({} kept as suppression entries)", {std::to_string(r.suppressed)});
      if (r.unchanged) ctx.out << ", " << trf("{} already withdrawn", {std::to_string(r.unchanged)});
      ctx.out << " [" << r.plugin << "]\n";
    }
    return {};
  }

 private:
  app::ConsentImportRequest req_;
  std::string file_;
};

}  // namespace

std::unique_ptr<Command> make_campaign_optin_command() { return std::make_unique<CampaignOptinCommand>(); }
std::unique_ptr<Command> make_consent_import_command() { return std::make_unique<ConsentImportCommand>(); }

}  // namespace coffre::cli
