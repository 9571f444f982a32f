// `coffre schedule install|status|remove` (issue 13, "Unattended", item 2): the daily retention run
// as a systemd user timer or a crontab line (coffre/app/schedule.h). docs/cli.md, "Schedule".
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "coffre/app/agent.h"
#include "coffre/app/schedule.h"
#include "coffre/retention.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {
namespace fs = std::filesystem;

struct ProgramRun {
  int code = -1;
  std::string out, err;
};

// Runs a program with an argument vector (no shell), feeding `input` on its stdin.
ProgramRun run_program(const std::vector<std::string>& args, const std::string& input = {}) {
  ProgramRun r;
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) return r;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  if (pid > 0) (void)!::write(in[1], input.data(), input.size());
  ::close(in[1]);
  char buf[4096];
  for (int fd : {out[0], err[0]}) {
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) (fd == out[0] ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
    ::close(fd);
  }
  if (pid < 0) return r;
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

fs::path self_binary() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path("coffre") : p;
}

fs::path unit_dir() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x == '/') return fs::path(x) / "systemd" / "user";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".config" / "systemd" / "user";
}

bool systemd_booted() {
  std::error_code ec;
  return fs::is_directory("/run/systemd/system", ec);
}

Status write_text(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::trunc);
  f << text;
  f.close();
  if (!f) return make_error(ErrorKind::IoError, trf("cannot write {}", {path.string()}));
  return {};
}

std::string strip_lines_for(const std::string& crontab, const std::string& marker) {
  std::istringstream in(crontab);
  std::string line, out;
  while (std::getline(in, line)) {
    const std::string tail = "# " + marker;
    if (line.size() >= tail.size() && line.compare(line.size() - tail.size(), tail.size(), tail) == 0) continue;
    out += line + "\n";
  }
  return out;
}

Status vault_exists(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir / "keyslots", ec))
    return make_error(ErrorKind::NotFound, trf("no vault in {} (coffre init makes one)", {dir.string()}));
  return {};
}

class ScheduleInstallCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"schedule", "install"}; }
  std::string description() const override {
    return tr("Run `coffre retention run --scheduled` daily: a systemd user timer (Persistent=true) or a crontab line");
  }
  void setup(CLI::App& app) override {
    auto* sd = app.add_flag("--systemd", systemd_, tr("A systemd user timer (default where systemd runs)"));
    app.add_flag("--cron", cron_, tr("A line in your crontab"))->excludes(sd);
    app.add_flag("--no-enable", no_enable_,
                 tr("Write the timer units but do not ask systemctl --user to enable them (no user manager running now)"));
  }
  Status run(Context& ctx) override {
    const fs::path dir = ctx.vault_dir();
    COFFRE_TRY(vault_exists(dir));
    for (char c : dir.string() + self_binary().string())
      if (static_cast<unsigned char>(c) < 0x20)
        return make_error(ErrorKind::InvalidInput, "the vault path or coffre's path has a control character: a timer "
                                                   "unit or crontab line cannot hold it; move the vault");
    const std::string scheduler = cron_ ? "cron" : (systemd_ || systemd_booted()) ? "systemd" : "cron";
    const std::string name = app::schedule_unit_name(dir);
    std::string where;
    if (scheduler == "systemd") {
      const fs::path units = unit_dir();
      std::error_code ec;
      fs::create_directories(units, ec);
      if (ec) return make_error(ErrorKind::IoError, "cannot create " + units.string() + ": " + ec.message());
      COFFRE_TRY(write_text(units / (name + ".service"), app::systemd_service_text(self_binary(), dir)));
      COFFRE_TRY(write_text(units / (name + ".timer"), app::systemd_timer_text(dir)));
      where = (units / (name + ".timer")).string();
      if (!no_enable_) {
        auto reload = run_program({"systemctl", "--user", "daemon-reload"});
        auto enable = reload.code == 0 ? run_program({"systemctl", "--user", "enable", "--now", name + ".timer"}) : reload;
        if (enable.code != 0) {
          fs::remove(units / (name + ".service"), ec);
          fs::remove(units / (name + ".timer"), ec);
          return make_error(ErrorKind::IoError,
                            "systemctl --user could not enable the timer (" + (enable.err.empty() ? "exit " + std::to_string(enable.code) : enable.err.substr(0, enable.err.find('\n'))) +
                                "); nothing was installed. Without a running user manager, use --cron, or --no-enable to write the units only");
        }
      }
    } else {
      auto current = run_program({"crontab", "-l"});
      if (current.code == 127) return make_error(ErrorKind::IoError, tr("crontab is not installed (apt-get install cron), or use --systemd"));
      std::string table = current.code == 0 ? strip_lines_for(current.out, name) : std::string();
      table += app::cron_line(self_binary(), dir) + "\n";
      auto write = run_program({"crontab", "-"}, table);
      if (write.code != 0) return make_error(ErrorKind::IoError, trf("crontab refused the new table: {}", {write.err}));
      where = N_("your crontab");
    }
    COFFRE_ASSIGN_OR_RETURN(auto state, app::load_schedule_state(dir));
    state.scheduler = scheduler;
    state.installed_at = SystemClock::instance().now();
    COFFRE_TRY(app::store_schedule_state(dir, state));
    if (ctx.global.json)
      ctx.print_json({{"scheduler", scheduler}, {"unit", name}, {"where", where}, {"enabled", scheduler == "cron" || !no_enable_}});
    else if (!ctx.global.quiet)
      ctx.out << trf("Daily retention run installed ({0}, {1}). It erases only while `coffre unlock` holds the key; "
                     "otherwise it records a missed run and the next command says who is due.",
                     {scheduler, tr(where.c_str())})
              << "\n";
    return {};
  }

 private:
  bool systemd_ = false, cron_ = false, no_enable_ = false;
};

class ScheduleRemoveCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"schedule", "remove"}; }
  std::string description() const override { return tr("Remove the daily retention run (timer units or crontab line)"); }
  void setup(CLI::App&) override {}
  Status run(Context& ctx) override {
    const fs::path dir = ctx.vault_dir();
    const std::string name = app::schedule_unit_name(dir);
    bool removed = false;
    std::error_code ec;
    const fs::path units = unit_dir();
    if (fs::exists(units / (name + ".timer"), ec)) {
      (void)run_program({"systemctl", "--user", "disable", "--now", name + ".timer"});
      fs::remove(units / (name + ".timer"), ec);
      fs::remove(units / (name + ".service"), ec);
      (void)run_program({"systemctl", "--user", "daemon-reload"});
      removed = true;
    }
    auto current = run_program({"crontab", "-l"});
    if (current.code == 0) {
      const std::string stripped = strip_lines_for(current.out, name);
      if (stripped != current.out) {
        auto write = run_program({"crontab", "-"}, stripped);
        if (write.code != 0) return make_error(ErrorKind::IoError, trf("crontab refused the new table: {}", {write.err}));
        removed = true;
      }
    }
    if (fs::exists(dir / app::kScheduleStateFile, ec)) {
      COFFRE_ASSIGN_OR_RETURN(auto state, app::load_schedule_state(dir));
      state.scheduler.clear();
      state.installed_at.reset();
      COFFRE_TRY(app::store_schedule_state(dir, state));
    }
    if (ctx.global.json) ctx.print_json({{"removed", removed}});
    else if (!ctx.global.quiet) ctx.out << (removed ? tr("The daily retention run is removed.") : tr("No daily retention run was installed.")) << "\n";
    return {};
  }
};

class ScheduleStatusCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"schedule", "status"}; }
  std::string description() const override {
    return tr("The daily retention run: installed or not, the last run, the next, and who is overdue");
  }
  void setup(CLI::App&) override {}
  Status run(Context& ctx) override {
    const fs::path dir = ctx.vault_dir();
    COFFRE_TRY(vault_exists(dir));
    COFFRE_ASSIGN_OR_RETURN(auto state, app::load_schedule_state(dir));
    const auto now = SystemClock::instance().now();
    // Who is overdue needs the key: from the agent, or from a passphrase given on purpose. Never a prompt.
    std::optional<RetentionPlan> plan;
    std::unique_ptr<app::Session> session;
    if (!ctx.global.no_agent) {
      COFFRE_ASSIGN_OR_RETURN(auto from_agent, app::open_session_from_agent(dir, ctx.plugins));
      if (from_agent) session = std::move(*from_agent);
    }
    if (!session && (!ctx.global.passphrase_file.empty() || ctx.global.passphrase_fd >= 0)) {
      COFFRE_ASSIGN_OR_RETURN(session, open_session_with_passphrase(ctx));
    }
    if (session) {
      COFFRE_ASSIGN_OR_RETURN(auto p, plan_retention(session->vault(), session->vault().clock().now(), 0));
      plan = std::move(p);
    }
    auto t = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(format_utc(*v)) : nlohmann::json(nullptr); };
    const std::optional<std::int64_t> next =
        state.scheduler.empty() ? std::nullopt : std::optional<std::int64_t>(app::next_scheduled_run(state.scheduler, now));
    if (ctx.global.json) {
      ctx.print_json({{"scheduler", state.scheduler.empty() ? nlohmann::json(nullptr) : nlohmann::json(state.scheduler)},
                      {"unit", app::schedule_unit_name(dir)},
                      {"installed_at", t(state.installed_at)},
                      {"last_run", t(state.last_run)},
                      {"last_outcome", state.last_outcome.empty() ? nlohmann::json(nullptr) : nlohmann::json(state.last_outcome)},
                      {"last_erased", state.last_erased},
                      {"missed_since", t(state.missed_since)},
                      {"missed_runs", state.missed_runs},
                      {"next_run", t(next)},
                      {"overdue", plan ? nlohmann::json(plan->due.size()) : nlohmann::json(nullptr)},
                      {"overdue_summary", plan && !plan->due.empty() ? nlohmann::json(app::due_summary(*plan)) : nlohmann::json(nullptr)}});
      return {};
    }
    ctx.out << trf("Schedule: {}", {state.scheduler.empty() ? std::string(tr("not installed (coffre schedule install)"))
                                                           : state.scheduler})
            << "\n";
    ctx.out << (state.last_run ? trf("Last run: {0} ({1}, {2} erased)", {human_time(*state.last_run), shown(state.last_outcome),
                                                                        std::to_string(state.last_erased)})
                               : std::string(tr("Last run: never")))
            << "\n";
    if (state.missed_since)
      ctx.out << trf("Missed: {0} scheduled runs since {1} (no agent held the key)",
                     {std::to_string(state.missed_runs), human_time(*state.missed_since)})
              << "\n";
    if (next) ctx.out << trf("Next run: {}", {human_time(*next)}) << "\n";
    if (!plan) ctx.out << tr("Overdue: unknown while the vault is locked (coffre unlock, or --passphrase-file)") << "\n";
    else ctx.out << trf("Overdue: {}", {plan->due.empty() ? std::string(tr("nobody")) : app::due_summary_said(*plan)}) << "\n";
    return {};
  }
};

}  // namespace

std::unique_ptr<Command> make_schedule_install_command() { return std::make_unique<ScheduleInstallCommand>(); }
std::unique_ptr<Command> make_schedule_status_command() { return std::make_unique<ScheduleStatusCommand>(); }
std::unique_ptr<Command> make_schedule_remove_command() { return std::make_unique<ScheduleRemoveCommand>(); }

}  // namespace coffre::cli
