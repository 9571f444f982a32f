// `coffre agent start|stop|status`, `coffre unlock` and `coffre lock` (issue 13, "Unattended",
// item 1): the agent that holds the unlocked vault's key (coffre/app/agent.h). docs/cli.md, "Agent".
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "coffre/app/agent.h"
#include "coffre/app/retention.h"
#include "coffre/app/schedule.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

std::string day(std::int64_t t) { return human_date(t); }

std::string duration_words(std::int64_t s) {
  if (s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

// When scheduling is on and a run was missed, the unlock erases who is due first, with the user's
// confirmation on a terminal (or --yes). Returns the number erased (0 when nothing was done).
Result<std::int64_t> catch_up(Context& ctx, app::Session& session, bool yes) {
  COFFRE_ASSIGN_OR_RETURN(auto state, app::load_schedule_state(ctx.vault_dir()));
  const auto now = session.vault().clock().now();
  if (!app::catch_up_due(state, now)) return std::int64_t{0};
  COFFRE_ASSIGN_OR_RETURN(auto plan, plan_retention(session.vault(), now, 0));
  if (plan.due.empty()) {
    COFFRE_TRY(app::record_retention_run(ctx.vault_dir(), now, 0, false));
    return std::int64_t{0};
  }
  const std::string since = state.missed_since ? day(*state.missed_since) : std::string(tr("the last run"));
  if (!yes && !::isatty(STDIN_FILENO)) {
    ctx.err << trf("{0} past their retention date since {1}: coffre retention run (not run now: no terminal to confirm "
                   "on)",
                   {app::due_summary_said(plan), since})
            << "\n";
    return std::int64_t{0};
  }
  auto ok = confirm_destructive(ctx, yes,
                                trf("The scheduled retention run has not run since {0}: erase {1} past their retention "
                                    "date now (coffre retention plan lists them)?",
                                    {since, app::due_summary_said(plan)}));
  if (!ok.ok()) {
    ctx.err << tr("Not erased; `coffre retention run` does it later.") << "\n";
    return std::int64_t{0};
  }
  app::RetentionRunOptions options;
  COFFRE_ASSIGN_OR_RETURN(options.summary, app::unattended_summary_path(ctx.vault_dir(), now));
  COFFRE_ASSIGN_OR_RETURN(auto r, app::retention_run(session, std::move(plan), options, ctx.progress()));
  COFFRE_TRY(app::record_retention_run(ctx.vault_dir(), now, r.erased, r.failed > 0));
  if (!ctx.global.quiet && !ctx.global.json)
    ctx.err << trf("Caught up: erased {0}, {1} held, {2} failed. Signed summary: {3}",
                   {std::to_string(r.erased), std::to_string(r.held), std::to_string(r.failed), r.summary.string()})
            << "\n";
  if (r.failed > 0) return make_error(ErrorKind::IoError, trf("the catch-up retention run stopped: {}", {r.failure}));
  return r.erased;
}

// `coffre agent start` and `coffre unlock`: the same command under two names.
class AgentStartCommand final : public Command {
 public:
  explicit AgentStartCommand(std::vector<std::string> path) : path_(std::move(path)) {}
  std::vector<std::string> path() const override { return path_; }
  std::string description() const override {
    return tr("Unlock the vault into an agent that holds its key until idle, `coffre lock` or suspend (as ssh-agent)");
  }
  void setup(CLI::App& app) override {
    app.add_option("--idle-timeout", idle_, tr("Forget the key after this long unused (90s, 15m, 2h, 1d; default 15m)"))
        ->type_name("DURATION");
    app.add_flag("--foreground", foreground_, tr("Serve in this process (for a systemd user service) instead of in the background"));
    add_yes_flag(app, yes_);
  }
  Status run(Context& ctx) override {
    COFFRE_ASSIGN_OR_RETURN(auto idle, app::parse_idle_timeout(idle_, "--idle-timeout"));
    const auto dir = ctx.vault_dir();
    COFFRE_ASSIGN_OR_RETURN(auto socket, app::agent_socket_path(dir));
    auto running = app::agent_status(socket);
    if (running.ok() && running->unlocked) {
      report(ctx, *running, socket, 0, trf("The agent (pid {}) already holds the key.", {std::to_string(running->pid)}));
      return {};
    }
    COFFRE_ASSIGN_OR_RETURN(auto session, open_session_with_passphrase(ctx));
    // Catch-up comes before anything else: the key is handed over only once it is done or declined.
    COFFRE_ASSIGN_OR_RETURN(std::int64_t caught_up, catch_up(ctx, *session, yes_));
    SecretBytes key = session->vault().master_key_for_agent();
    const std::string vault_id = session->vault().vault_id();
    session.reset();
    if (running.ok()) {
      COFFRE_TRY(app::agent_put_key(socket, dir, vault_id, key));
      COFFRE_ASSIGN_OR_RETURN(auto now, app::agent_status(socket));
      report(ctx, now, socket, caught_up, trf("Unlocked: the agent (pid {}) holds the key again.", {std::to_string(now.pid)}));
      return {};
    }
    app::AgentOptions options;
    options.idle_timeout = idle;
    options.allowed_uid = ::getuid();
    COFFRE_ASSIGN_OR_RETURN(auto server, app::AgentServer::bind(socket, dir, vault_id, std::move(key), options));
    if (foreground_) {
      server->install_signal_handlers();
      report(ctx, server->state(), socket, caught_up, trf("The agent serves {} until stopped.", {dir.string()}));
      ctx.out.flush();
      return server->serve();
    }
    ctx.out.flush();
    std::cout.flush();
    std::cerr.flush();
    pid_t pid = ::fork();
    if (pid < 0) return make_error(ErrorKind::IoError, "cannot start the agent: fork failed");
    if (pid == 0) {
      ::setsid();
      int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
      if (null >= 0) {
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
      }
      if (::chdir("/") != 0) ::_exit(1);
      server->relock_after_fork();
      server->install_signal_handlers();
      (void)server->serve();
      ::_exit(0);
    }
    app::AgentState state = server->state();
    state.pid = pid;
    server->abandon();
    report(ctx, state, socket, caught_up,
           trf("Unlocked: the agent (pid {0}) holds the key; it forgets it after {1} unused, on `coffre lock` or on "
               "suspend.",
               {std::to_string(pid), duration_words(state.idle_timeout_s)}));
    return {};
  }

 private:
  void report(Context& ctx, const app::AgentState& s, const std::filesystem::path& socket, std::int64_t caught_up,
              const std::string& text) {
    if (ctx.global.json)
      ctx.print_json({{"pid", s.pid},
                      {"socket", socket.string()},
                      {"unlocked", s.unlocked},
                      {"idle_timeout_s", s.idle_timeout_s},
                      {"caught_up_erased", caught_up}});
    else if (!ctx.global.quiet)
      ctx.out << text << "\n";
  }
  std::vector<std::string> path_;
  std::string idle_ = "15m";
  bool foreground_ = false;
  bool yes_ = false;
};

class AgentStopCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"agent", "stop"}; }
  std::string description() const override { return tr("Forget the key and end the vault's agent"); }
  void setup(CLI::App&) override {}
  Status run(Context& ctx) override {
    COFFRE_ASSIGN_OR_RETURN(auto socket, app::agent_socket_path(ctx.vault_dir()));
    auto s = app::agent_stop(socket);
    if (!s.ok() && s.kind() != ErrorKind::NotFound) return s;
    if (ctx.global.json) ctx.print_json({{"stopped", s.ok()}});
    else if (!ctx.global.quiet) ctx.out << (s.ok() ? tr("The agent forgot the key and stopped.") : tr("No agent runs for this vault.")) << "\n";
    return {};
  }
};

class LockCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"lock"}; }
  std::string description() const override {
    return tr("Make the vault's agent forget the key now (it keeps running; `coffre unlock` gives it back)");
  }
  void setup(CLI::App&) override {}
  Status run(Context& ctx) override {
    COFFRE_ASSIGN_OR_RETURN(auto socket, app::agent_socket_path(ctx.vault_dir()));
    auto s = app::agent_lock(socket);
    if (!s.ok() && s.kind() != ErrorKind::NotFound) return s;
    if (ctx.global.json) ctx.print_json({{"locked", true}, {"agent", s.ok()}});
    else if (!ctx.global.quiet) ctx.out << (s.ok() ? tr("Locked: the agent forgot the key.") : tr("No agent runs for this vault: nothing to forget."))
                                        << "\n";
    return {};
  }
};

class AgentStatusCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"agent", "status"}; }
  std::string description() const override { return tr("Whether an agent serves the vault, holds its key, and for how long"); }
  void setup(CLI::App&) override {}
  Status run(Context& ctx) override {
    COFFRE_ASSIGN_OR_RETURN(auto socket, app::agent_socket_path(ctx.vault_dir()));
    auto st = app::agent_status(socket);
    if (!st.ok() && st.error().kind != ErrorKind::NotFound) return st.error();
    if (ctx.global.json) {
      nlohmann::json j = {{"running", st.ok()}, {"socket", socket.string()}};
      if (st.ok()) {
        const auto& s = *st;
        j.update({{"pid", s.pid},
                  {"vault", s.vault},
                  {"vault_id", s.vault_id},
                  {"unlocked", s.unlocked},
                  {"idle_timeout_s", s.idle_timeout_s},
                  {"idle_left_s", s.idle_left_s ? nlohmann::json(*s.idle_left_s) : nlohmann::json(nullptr)},
                  {"forgot_because", s.forgot_because.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.forgot_because)},
                  {"started_at", format_utc(s.started_at)},
                  {"unlocked_at", s.unlocked_at ? nlohmann::json(format_utc(s.unlocked_at)) : nlohmann::json(nullptr)},
                  {"refused_peers", s.refused_peers},
                  {"suspend_watch", s.suspend_watch},
                  {"suspend_note", s.suspend_note}});
      } else {
        j["unlocked"] = false;
      }
      ctx.print_json(j);
      return {};
    }
    if (!st.ok()) {
      ctx.out << trf("No agent runs for {}.", {ctx.vault_dir().string()}) << "\n";
      return {};
    }
    const auto& s = *st;
    const std::string pid = std::to_string(s.pid);
    if (s.unlocked)
      ctx.out << trf("Agent pid {0} for {1}: holds the key; forgets it in {2} unused (idle timeout {3}).",
                     {pid, s.vault, duration_words(s.idle_left_s.value_or(0)), duration_words(s.idle_timeout_s)});
    else if (s.forgot_because.empty())
      ctx.out << trf("Agent pid {0} for {1}: locked.", {pid, s.vault});
    else
      ctx.out << trf("Agent pid {0} for {1}: locked ({2}).", {pid, s.vault, s.forgot_because});
    ctx.out << "\n" << trf("Suspend: {}.", {s.suspend_watch ? std::string(tr("watched through logind")) : s.suspend_note})
            << "\n";
    if (s.refused_peers > 0)
      ctx.out << trf("Refused {} connections from other users.", {std::to_string(s.refused_peers)}) << "\n";
    return {};
  }
};

}  // namespace

std::unique_ptr<Command> make_agent_start_command() { return std::make_unique<AgentStartCommand>(std::vector<std::string>{"agent", "start"}); }
std::unique_ptr<Command> make_unlock_command() { return std::make_unique<AgentStartCommand>(std::vector<std::string>{"unlock"}); }
std::unique_ptr<Command> make_agent_stop_command() { return std::make_unique<AgentStopCommand>(); }
std::unique_ptr<Command> make_agent_status_command() { return std::make_unique<AgentStatusCommand>(); }
std::unique_ptr<Command> make_lock_command() { return std::make_unique<LockCommand>(); }

}  // namespace coffre::cli
