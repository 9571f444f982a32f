// `coffre retention policy list|set`, `retention plan`, `retention run`, and `coffre hold
// add|rm|list`: retention (coffre/app/retention.h) from the command line. docs/cli.md, "Retention".
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "coffre/app/agent.h"
#include "coffre/app/retention.h"
#include "coffre/app/schedule.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "commands/model_input.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

std::string day(Time t) { return human_date(t); }

nlohmann::json entry_json(const RetentionEntry& e) {
  nlohmann::json j = {{"id", e.id},
                      {"pseudonym", e.pseudonym},
                      {"category", std::string(to_string(e.category))},
                      {"kind", std::string(to_string(e.kind))},
                      {"rule", e.rule},
                      {"clock_start", format_utc(e.clock_start)},
                      {"clock_moved_by", e.clock_moved_by},
                      {"due_at", format_utc(e.due_at)}};
  if (!e.hold_reason.empty()) j["hold_reason"] = e.hold_reason;
  return j;
}

class PolicyListCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"retention", "policy", "list"}; }
  std::string description() const override { return tr("Show how long each category of contact is kept, and why"); }
  void setup(CLI::App&) override {}
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto policies, retention_policies(session.vault()));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : policies) {
      const std::string kind = p.kind ? std::string(to_string(*p.kind)) : "any";
      if (ctx.global.json) {
        out.push_back({{"category", std::string(to_string(p.category))},
                       {"kind", kind},
                       {"after_months", p.after_months ? nlohmann::json(*p.after_months) : nlohmann::json(nullptr)},
                       {"clock", std::string(to_string(p.clock))},
                       {"recontact_days", p.recontact_days ? nlohmann::json(*p.recontact_days) : nlohmann::json(nullptr)},
                       {"version", p.version},
                       {"rule", p.rule},
                       {"source", p.source}});
        continue;
      }
      const std::string category = p.kind ? shown(to_string(p.category)) + " (" + shown(kind) + ")"
                                          : shown(to_string(p.category));
      const std::string source = tr(p.source.c_str());
      if (!p.after_months)
        ctx.out << trf("{0}: never erased by retention  [{1}; {2}]", {category, p.rule, source}) << "\n";
      else if (!p.recontact_days)
        ctx.out << trf("{0}: erased {1} months after {2}  [{3}; {4}]",
                       {category, std::to_string(*p.after_months), shown(to_string(p.clock)), p.rule, source})
                << "\n";
      else
        ctx.out << trf("{0}: erased {1} months after {2}, listed {3} days before  [{4}; {5}]",
                       {category, std::to_string(*p.after_months), shown(to_string(p.clock)),
                        std::to_string(*p.recontact_days), p.rule, source})
                << "\n";
    }
    if (ctx.global.json) ctx.print_json(out);
    return {};
  }
};

class PolicySetCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"retention", "policy", "set"}; }
  std::string description() const override { return tr("Set how long a category of contact is kept (audited)"); }
  void setup(CLI::App& app) override {
    app.add_option("CATEGORY", req_.category, tr("suspect, prospect, client, partner or supplier"))->required();
    auto* b2b = app.add_flag("--b2b", b2b_, tr("Only for B2B contacts of the category"));
    auto* b2c = app.add_flag("--b2c", b2c_, tr("Only for B2C contacts of the category"));
    b2b->excludes(b2c);
    app.add_option("--after", req_.after, tr("How long: 3y, 36m, or never"))->required()->type_name("DURATION");
    app.add_option("--clock", req_.clock, tr("Counted from: collected, last-inbound (default) or last-interaction"));
    app.add_option("--recontact", recontact_, tr("List people this long before they are due (e.g. 60d)"))->type_name("DURATION");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    if (b2b_) req_.kind = ContactKind::B2B;
    if (b2c_) req_.kind = ContactKind::B2C;
    if (!recontact_.empty()) req_.recontact = recontact_;
    COFFRE_ASSIGN_OR_RETURN(int version, app::set_policy(session, req_));
    if (ctx.global.json) ctx.print_json({{"version", version}});
    else if (!ctx.global.quiet) ctx.out << trf("Retention policy set (version {}).", {std::to_string(version)}) << "\n";
    return {};
  }

 private:
  app::PolicyRequest req_;
  std::string recontact_;
  bool b2b_ = false, b2c_ = false;
};

class PlanCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"retention", "plan"}; }
  std::string description() const override {
    return tr("Who is due for erasure (and under which rule), who is held, who becomes due soon");
  }
  void setup(CLI::App& app) override {
    app.add_option("--at", at_, tr("At this date instead of now"))->type_name("DATE");
    app.add_option("--within", within_, tr("Also list who becomes due within this long (e.g. 60d)"))->type_name("DURATION");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    const Time now = session.vault().clock().now();
    Time at = now, within = 0;
    if (!at_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(at, date_arg("--at", at_, now));
    }
    if (!within_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(within, app::parse_days(within_, "--within"));
    }
    COFFRE_ASSIGN_OR_RETURN(auto plan, plan_retention(session.vault(), at, within));
    if (ctx.global.json) {
      nlohmann::json j = {{"at", format_utc(plan.at)}, {"policy_version", plan.policy_version}};
      for (auto [name, list] : {std::pair{"due", &plan.due}, std::pair{"held", &plan.held}, std::pair{"upcoming", &plan.upcoming}}) {
        j[name] = nlohmann::json::array();
        for (const auto& e : *list) j[name].push_back(entry_json(e));
      }
      j["documents_due"] = nlohmann::json::array();
      for (const auto& d : plan.documents_due)
        j["documents_due"].push_back({{"id", d.id}, {"subject", d.subject}, {"kind", std::string(to_string(d.kind))},
                                      {"keep_until", format_utc(d.keep_until)}});
      ctx.print_json(j);
      return {};
    }
    ctx.out << trf("{0} due for erasure at {1} (policy version {2}):",
                   {std::to_string(plan.due.size()), day(plan.at), std::to_string(plan.policy_version)})
            << "\n";
    for (const auto& e : plan.due)
      ctx.out << "  "
              << trf("contact {0} ({1}, {2}) due {3}: {4}, clock from {5} ({6})",
                     {std::to_string(e.id), shown(to_string(e.category)), shown(to_string(e.kind)), day(e.due_at),
                      e.rule, day(e.clock_start), shown(e.clock_moved_by)})
              << "\n";
    if (!plan.held.empty()) {
      ctx.out << trf("{} due but under a legal hold:", {std::to_string(plan.held.size())}) << "\n";
      for (const auto& e : plan.held)
        ctx.out << "  " << trf("contact {0} due {1}: {2}", {std::to_string(e.id), day(e.due_at), e.hold_reason}) << "\n";
    }
    if (!plan.upcoming.empty()) {
      ctx.out << trf("{} due soon (ask them again before: coffre campaign optin):", {std::to_string(plan.upcoming.size())})
              << "\n";
      for (const auto& e : plan.upcoming)
        ctx.out << "  " << trf("contact {0} due {1}: {2}", {std::to_string(e.id), day(e.due_at), e.rule}) << "\n";
    }
    if (!plan.documents_due.empty()) {
      ctx.out << trf("{} kept accounting records whose 10 years have ended (Code de commerce art. L123-22):",
                     {std::to_string(plan.documents_due.size())})
              << "\n";
      for (const auto& d : plan.documents_due)
        ctx.out << "  "
                << trf("document {0} ({1}, of {2}) kept until {3}",
                       {std::to_string(d.id), shown(to_string(d.kind)), d.subject, day(d.keep_until)})
                << "\n";
    }
    if (!plan.due.empty() || !plan.documents_due.empty()) ctx.out << tr("Erase them with: coffre retention run") << "\n";
    return {};
  }

 private:
  std::string at_, within_;
};

// A desktop notification where a session bus and notify-send (libnotify-bin) are there; silent
// otherwise. The text names no person.
void notify_desktop(const std::string& text) {
  if (!std::getenv("DBUS_SESSION_BUS_ADDRESS")) return;
  std::string title = "Coffre", body = text, urgency = "--urgency=normal";
  char* argv[] = {const_cast<char*>("notify-send"), urgency.data(), title.data(), body.data(), nullptr};
  pid_t pid = 0;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  if (::posix_spawnp(&pid, "notify-send", &actions, nullptr, argv, environ) == 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  posix_spawn_file_actions_destroy(&actions);
}

class RunCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"retention", "run"}; }
  std::string description() const override {
    return tr("Erase everyone whose retention period has run out (one certificate each, a signed run summary)");
  }
  void setup(CLI::App& app) override {
    app.add_flag("--dry-run", opts_.dry_run, tr("Only say who would be erased"));
    app.add_option("-o,--summary", summary_, tr("Where to write the signed run summary (default: retention-run-<time>.json here)"))
        ->type_name("FILE");
    add_yes_flag(app, yes_);
    app.add_flag("--scheduled", scheduled_,
                 tr("For the timer (coffre schedule install): never asks; erases with the key of a running agent, "
                 "else records a missed run that the next command reports"));
  }
  bool agent_only() const override { return scheduled_; }
  Status on_no_agent(Context& ctx) override {
    COFFRE_TRY(app::record_missed_run(ctx.vault_dir(), SystemClock::instance().now()));
    ctx.err << "coffre: "
            << trf("scheduled retention run missed: no agent holds the key of {} (recorded; the next command says who "
                   "is due)",
                   {ctx.vault_dir().string()})
            << "\n";
    notify_desktop(trf("Coffre: the daily retention run was missed because the vault {} is locked. `coffre unlock` "
                       "catches up.",
                       {ctx.vault_dir().string()}));
    return {};
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    if (!summary_.empty()) opts_.summary = summary_;
    if (scheduled_) {
      yes_ = true;  // installing the schedule was the consent; a legal hold still stops it
      if (summary_.empty()) {
        COFFRE_ASSIGN_OR_RETURN(opts_.summary, app::unattended_summary_path(ctx.vault_dir(), session.vault().clock().now()));
      }
    }
    COFFRE_ASSIGN_OR_RETURN(auto plan, plan_retention(session.vault(), session.vault().clock().now(), 0));
    if (!opts_.dry_run) {
      if (plan.due.empty() && plan.documents_due.empty()) {
        if (ctx.global.json) ctx.print_json({{"erased", 0}, {"held", plan.held.size()}, {"failed", 0}, {"summary", nullptr}});
        else if (!ctx.global.quiet) ctx.out << (plan.held.empty() ? tr("No one is due for erasure.") : tr("No one is due for erasure. Some are held.")) << "\n";
        return app::record_retention_run(ctx.vault_dir(), session.vault().clock().now(), 0, false);
      }
      const std::string due = std::to_string(plan.due.size()), docs = std::to_string(plan.documents_due.size());
      COFFRE_TRY(confirm_destructive(
          ctx, yes_,
          plan.documents_due.empty()
              ? trf("Erase {} contacts whose retention period has run out (see coffre retention plan)", {due})
              : trf("Erase {0} contacts whose retention period has run out and shred {1} kept accounting records "
                    "whose 10 years have ended (see coffre retention plan)",
                    {due, docs})));
    }
    COFFRE_ASSIGN_OR_RETURN(auto r, app::retention_run(session, std::move(plan), opts_, ctx.progress()));
    if (ctx.global.json) {
      nlohmann::json j = {{"erased", r.erased}, {"held", r.held}, {"failed", r.failed},
                          {"documents_expired", r.documents_expired.size()},
                          {"summary", r.summary.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.summary.string())}};
      if (opts_.dry_run) {
        j["due"] = nlohmann::json::array();
        for (const auto& e : r.plan.due) j["due"].push_back(entry_json(e));
      }
      if (!r.failure.empty()) j["error"] = r.failure;
      ctx.print_json(j);
    } else if (opts_.dry_run) {
      ctx.out << trf("Would erase {0} contacts ({1} held):", {std::to_string(r.plan.due.size()), std::to_string(r.held)});
      for (const auto& e : r.plan.due) ctx.out << " " << e.id;
      ctx.out << "\n";
    } else if (!ctx.global.quiet) {
      const std::string erased = std::to_string(r.erased), held = std::to_string(r.held),
                        failed = std::to_string(r.failed), docs = std::to_string(r.documents_expired.size());
      ctx.out << (r.documents_expired.empty()
                      ? trf("Erased {0} contacts, {1} held, {2} failed. Signed summary: {3}",
                            {erased, held, failed, r.summary.string()})
                      : trf("Erased {0} contacts, {1} held, {2} failed, {3} kept accounting records shredded. Signed "
                            "summary: {4}",
                            {erased, held, failed, docs, r.summary.string()}))
              << "\n";
    }
    if (!opts_.dry_run)
      COFFRE_TRY(app::record_retention_run(ctx.vault_dir(), session.vault().clock().now(), r.erased, r.failed > 0));
    if (r.failed > 0) return make_error(ErrorKind::IoError, trf("retention run stopped: {}", {r.failure}));
    return {};
  }

 private:
  app::RetentionRunOptions opts_;
  std::string summary_;
  bool yes_ = false;
  bool scheduled_ = false;
};

class HoldAddCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"hold", "add"}; }
  std::string description() const override {
    return tr("Put a contact under a legal hold: never erased by retention (GDPR art. 17(3)(e))");
  }
  void setup(CLI::App& app) override {
    app.add_option("CONTACT", id_, tr("The contact's id"))->required();
    app.add_option("--reason", reason_, tr("Why (a dispute, a claim, an audit)"))->required();
    app.add_option("--until", until_, tr("When the hold ends (default: until lifted)"))->type_name("DATE");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", id_));
    std::optional<Time> until;
    if (!until_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(until, date_arg("--until", until_, session.vault().clock().now()));
    }
    COFFRE_TRY(app::place_hold(session, id, reason_, until));
    if (ctx.global.json) ctx.print_json({{"id", id}, {"held", true}});
    else if (!ctx.global.quiet) ctx.out << trf("Contact {} is under a legal hold.", {std::to_string(id)}) << "\n";
    return {};
  }

 private:
  std::string id_, reason_, until_;
};

class HoldRmCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"hold", "rm"}; }
  std::string description() const override { return tr("Lift a contact's legal hold"); }
  void setup(CLI::App& app) override { app.add_option("CONTACT", id_, tr("The contact's id"))->required(); }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", id_));
    COFFRE_TRY(app::lift_hold(session, id));
    if (ctx.global.json) ctx.print_json({{"id", id}, {"held", false}});
    else if (!ctx.global.quiet) ctx.out << trf("Legal hold lifted from contact {}.", {std::to_string(id)}) << "\n";
    return {};
  }

 private:
  std::string id_;
};

class HoldListCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"hold", "list"}; }
  std::string description() const override { return tr("List the contacts under a legal hold"); }
  void setup(CLI::App& app) override { app.add_flag("--all", all_, tr("Include holds that have ended")); }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto holds, list_holds(session.vault(), all_));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : holds) {
      if (ctx.global.json)
        out.push_back({{"id", h.contact_id}, {"pseudonym", h.pseudonym}, {"reason", h.reason},
                       {"until", h.until ? nlohmann::json(format_utc(*h.until)) : nlohmann::json(nullptr)},
                       {"since", format_utc(h.created_at)}});
      else
        ctx.out << (h.until ? trf("contact {0}: {1} (since {2}, until {3})",
                                  {std::to_string(h.contact_id), h.reason, day(h.created_at), day(*h.until)})
                            : trf("contact {0}: {1} (since {2})", {std::to_string(h.contact_id), h.reason, day(h.created_at)}))
                << "\n";
    }
    if (ctx.global.json) ctx.print_json(out);
    else if (holds.empty() && !ctx.global.quiet) ctx.out << tr("No legal holds.") << "\n";
    return {};
  }

 private:
  bool all_ = false;
};

}  // namespace

std::unique_ptr<Command> make_retention_policy_list_command() { return std::make_unique<PolicyListCommand>(); }
std::unique_ptr<Command> make_retention_policy_set_command() { return std::make_unique<PolicySetCommand>(); }
std::unique_ptr<Command> make_retention_plan_command() { return std::make_unique<PlanCommand>(); }
std::unique_ptr<Command> make_retention_run_command() { return std::make_unique<RunCommand>(); }
std::unique_ptr<Command> make_hold_add_command() { return std::make_unique<HoldAddCommand>(); }
std::unique_ptr<Command> make_hold_rm_command() { return std::make_unique<HoldRmCommand>(); }
std::unique_ptr<Command> make_hold_list_command() { return std::make_unique<HoldListCommand>(); }

}  // namespace coffre::cli
