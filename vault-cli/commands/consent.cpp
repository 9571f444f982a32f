// `notice add|list`, `consent record|show` and `can-contact` (issue 12): each parses, calls one use
// case of coffre/app/consent.h and prints.
#include "coffre/app/consent.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "commands/model_input.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

nlohmann::json event_json(const ConsentEvent& e) {
  nlohmann::json j = {{"id", e.id},
                      {"event", to_string(e.event)},
                      {"channel", to_string(e.channel)},
                      {"purpose", e.purpose},
                      {"occurred_at", format_utc(e.occurred_at)},
                      {"recorded_at", format_utc(e.recorded_at)},
                      {"hash", e.hash}};
  auto opt = [&](const char* k, const std::optional<std::string>& v) { j[k] = v ? nlohmann::json(*v) : nullptr; };
  j["method"] = e.method ? nlohmann::json(to_string(*e.method)) : nullptr;
  opt("notice_version", e.notice_version);
  opt("notice_sha256", e.notice_sha256);
  opt("source", e.source);
  opt("note", e.note);
  j["evidence_document"] = e.evidence_document_id ? nlohmann::json(*e.evidence_document_id) : nullptr;
  opt("evidence_sha256", e.evidence_sha256);
  return j;
}

class NoticeAddCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"notice", "add"}; }
  std::string description() const override {
    return tr("Store the exact text people are shown when asked for consent, as a version; prints its SHA-256");
  }
  void setup(CLI::App& app) override {
    app.add_option("--version", version_, tr("The notice's version (v1, 2026-11...)"))->required();
    app.add_option("--file", file_, tr("The text, byte for byte (at most 1 MiB)"))->required();
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto n, app::add_notice(session, version_, file_));
    if (ctx.global.json) ctx.print_json({{"version", n.version}, {"sha256", n.sha256}});
    else ctx.out << n.version << " " << n.sha256 << "\n";
    return {};
  }

 private:
  std::string version_, file_;
};

class NoticeListCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"notice", "list"}; }
  std::string description() const override { return tr("List the consent notices: version, SHA-256, date added"); }
  void setup(CLI::App&) override {}
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto notices, app::list_notices(session));
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& n : notices) {
      arr.push_back({{"version", n.version}, {"sha256", n.sha256}, {"added_at", format_utc(n.added_at)},
                     {"bytes", n.text.size()}});
      if (!ctx.global.json) ctx.out << n.version << "  " << n.sha256 << "  " << format_utc(n.added_at) << "\n";
    }
    if (ctx.global.json) ctx.print_json(arr);
    return {};
  }
};

// `coffre purpose add NAME [--description TEXT]`, `coffre purpose list`: the purpose registry.
class PurposeAddCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"purpose", "add"}; }
  std::string description() const override {
    return tr("Add a purpose consent can be asked for (newsletter, partner-offers...); audited");
  }
  void setup(CLI::App& app) override {
    app.add_option("NAME", name_, tr("Lower-case letters, digits and '-'"))->required();
    app.add_option("--description", description_, tr("What the purpose covers"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_TRY(app::add_purpose(session, name_, description_));
    if (ctx.global.json) ctx.print_json({{"purpose", name_}});
    else if (!ctx.global.quiet) ctx.out << trf("Purpose {} added.", {name_}) << "\n";
    return {};
  }

 private:
  std::string name_, description_;
};

class PurposeListCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"purpose", "list"}; }
  std::string description() const override { return tr("List the purposes consent can be asked for"); }
  void setup(CLI::App&) override {}
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto purposes, app::list_purposes(session));
    if (ctx.global.json) ctx.print_json(purposes);
    else
      for (const auto& p : purposes) ctx.out << p << "\n";
    return {};
  }
};

class ConsentRecordCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"consent", "record"}; }
  std::string description() const override {
    return tr("Record a consent decision (given, refused, withdrawn, objected) on a channel; prints the event id");
  }
  void setup(CLI::App& app) override {
    app.add_option("CONTACT", contact_, tr("The contact's id"))->required();
    app.add_option("--channel", req_.channel, tr("email, sms, phone or post"))->required();
    app.add_option("--event", req_.event, tr("given, refused, withdrawn or objected"))->required();
    app.add_option("--purpose", req_.purpose, tr("The purpose (default: prospecting)"));
    app.add_option("--method", req_.method,
                   tr("web-form, double-opt-in, email-reply, oral, paper, in-person or import"));
    app.add_option("--notice", req_.notice_version, tr("The version of the notice the person was shown"));
    app.add_option("--evidence", evidence_, tr("A file backing it, stored encrypted as the person's document"));
    at_ = app.add_option("--at", at_text_, tr("When it happened, UTC (default: now)"))->type_name("DATETIME");
    app.add_option("--note", req_.note, tr("A free note"));
    app.add_option("--source", req_.source, tr("Where it was collected (a form's address, a trade show)"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(req_.contact_id, id_arg("contact", contact_));
    if (at_->count()) {
      COFFRE_ASSIGN_OR_RETURN(req_.at, date_arg("--at", at_text_, session.vault().clock().now()));
    }
    req_.evidence = evidence_;
    COFFRE_ASSIGN_OR_RETURN(auto r, app::record_consent(session, req_, ctx.progress()));
    if (ctx.global.json) ctx.print_json({{"id", r.id}});
    else ctx.out << r.id << "\n";
    return {};
  }

 private:
  app::RecordConsentRequest req_;
  std::string contact_, at_text_, evidence_;
  CLI::Option* at_ = nullptr;
};

class ConsentShowCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"consent", "show"}; }
  std::string description() const override {
    return tr("Show a contact's consent history, then the current state per channel and purpose");
  }
  void setup(CLI::App& app) override { app.add_option("CONTACT", contact_, tr("The contact's id"))->required(); }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", contact_));
    COFFRE_ASSIGN_OR_RETURN(auto h, app::consent_history(session, id));
    if (ctx.global.json) {
      nlohmann::json j = {{"events", nlohmann::json::array()}, {"state", nlohmann::json::array()}};
      for (const auto& e : h.events) j["events"].push_back(event_json(e));
      for (const auto& s : h.state)
        j["state"].push_back({{"channel", to_string(s.channel)},
                              {"purpose", s.purpose},
                              {"status", to_string(s.status)},
                              {"since", format_utc(s.since)},
                              {"event", s.event_id}});
      ctx.print_json(j);
      return {};
    }
    auto& out = ctx.out;
    out << trf("History ({} events)", {std::to_string(h.events.size())}) << "\n";
    for (const auto& e : h.events) {
      out << "  " << e.id << "  " << human_time(e.occurred_at) << "  " << shown(to_string(e.event)) << "  "
          << shown(to_string(e.channel)) << "  " << e.purpose;
      if (e.method) out << "  " << shown(to_string(*e.method));
      if (e.notice_version) out << "  " << trf("notice {}", {*e.notice_version});
      if (e.evidence_document_id) out << "  " << trf("evidence doc {}", {std::to_string(*e.evidence_document_id)});
      if (e.note) out << "  \"" << *e.note << "\"";
      out << "\n";
    }
    out << tr("State") << "\n";
    if (h.state.empty()) out << "  " << tr("(no decision recorded)") << "\n";
    for (const auto& s : h.state)
      out << "  " << shown(to_string(s.channel)) << "  " << s.purpose << "  "
          << trf("{0} since {1}", {shown(to_string(s.status)), human_time(s.since)}) << "\n";
    return {};
  }

 private:
  std::string contact_;
};

class CanContactCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"can-contact"}; }
  std::string description() const override {
    return tr("May I contact this person now on this channel? Exit 0 yes, 6 no; says which rule and its source");
  }
  void setup(CLI::App& app) override {
    app.add_option("CONTACT", contact_, tr("The contact's id"))->required();
    app.add_option("--channel", req_.channel, tr("email, sms, phone or post"))->required();
    app.add_option("--purpose", req_.purpose, tr("The purpose (default: prospecting)"));
    at_ = app.add_option("--at", at_text_, tr("The moment asked about, UTC (default: now)"))->type_name("DATETIME");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(req_.contact_id, id_arg("contact", contact_));
    if (at_->count()) {
      COFFRE_ASSIGN_OR_RETURN(req_.at, date_arg("--at", at_text_, session.vault().clock().now()));
    }
    COFFRE_ASSIGN_OR_RETURN(auto d, app::can_contact(session, req_));
    if (ctx.global.json)
      ctx.print_json({{"allowed", d.allowed}, {"rule", d.rule}, {"reason", d.reason}, {"source", d.source}});
    else if (!ctx.global.quiet)
      ctx.out << trf(d.allowed ? N_("yes ({0}): {1}") : N_("no ({0}): {1}"), {d.rule, d.said.empty() ? d.reason : d.said}) << "\n  "
              << trf("source: {}", {tr(d.source.c_str())}) << "\n";
    ctx.exit_code = d.allowed ? 0 : 6;
    return {};
  }

 private:
  app::CanContactRequest req_;
  std::string contact_, at_text_;
  CLI::Option* at_ = nullptr;
};

class CampaignExportCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"campaign", "export"}; }
  std::string description() const override {
    return tr("Export for a mailing or calling tool only the people the prospecting rule allows, with unsubscribe "
           "tokens; the campaign is recorded and audited");
  }
  void setup(CLI::App& app) override {
    app.add_option("--channel", req_.channel, tr("email, sms, phone or post"))->required();
    app.add_option("--purpose", req_.purpose, tr("The purpose (default: prospecting)"));
    app.add_option("--category", req_.categories, tr("Only these categories (repeatable)"));
    at_ = app.add_option("--at", at_text_, tr("When the campaign runs, UTC (default: now)"))->type_name("DATETIME");
    app.add_option("-o,--output", output_, tr("The CSV file to write (0600)"))->required();
    app.add_flag("--overwrite", req_.overwrite, tr("Replace the output file if it exists"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    if (at_->count()) {
      COFFRE_ASSIGN_OR_RETURN(req_.at, date_arg("--at", at_text_, session.vault().clock().now()));
    }
    req_.output = output_;
    COFFRE_ASSIGN_OR_RETURN(auto r, app::export_campaign(session, req_, ctx.progress()));
    nlohmann::json by_rule = r.excluded_by_rule;
    if (ctx.global.json) {
      ctx.print_json({{"campaign", r.campaign},
                      {"exported", r.exported},
                      {"excluded", r.excluded},
                      {"excluded_by_rule", by_rule},
                      {"rule_version", r.rule_version},
                      {"sha256", r.file_sha256}});
    } else if (!ctx.global.quiet) {
      ctx.out << trf("Campaign {0}: {1} exported, {2} excluded",
                     {std::to_string(r.campaign), std::to_string(r.exported), std::to_string(r.excluded)});
      for (const auto& [rule, n] : r.excluded_by_rule) ctx.out << "\n  " << rule << ": " << n;
      ctx.out << "\n" << trf("rule {0}, SHA-256 {1}", {r.rule_version, r.file_sha256}) << "\n";
    }
    return {};
  }

 private:
  app::CampaignExportRequest req_;
  std::string at_text_, output_;
  CLI::Option* at_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> make_notice_add_command() { return std::make_unique<NoticeAddCommand>(); }
std::unique_ptr<Command> make_purpose_add_command() { return std::make_unique<PurposeAddCommand>(); }
std::unique_ptr<Command> make_purpose_list_command() { return std::make_unique<PurposeListCommand>(); }
std::unique_ptr<Command> make_notice_list_command() { return std::make_unique<NoticeListCommand>(); }
std::unique_ptr<Command> make_consent_record_command() { return std::make_unique<ConsentRecordCommand>(); }
std::unique_ptr<Command> make_consent_show_command() { return std::make_unique<ConsentShowCommand>(); }
std::unique_ptr<Command> make_can_contact_command() { return std::make_unique<CanContactCommand>(); }
std::unique_ptr<Command> make_campaign_export_command() { return std::make_unique<CampaignExportCommand>(); }

}  // namespace coffre::cli
