#include "coffre/app/schedule.h"

#include <cstdlib>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "coffre/app/agent.h"
#include "coffre/i18n.h"
#include "coffre/model.h"
#include "util/files.h"

namespace coffre::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
std::optional<std::int64_t> opt_in(const json& j, const char* key) {
  if (j.contains(key) && j[key].is_number_integer()) return j[key].get<std::int64_t>();
  return std::nullopt;
}

std::string plural(std::int64_t n, std::string_view word) {
  std::string w(word);
  return std::to_string(n) + " " + w + (n == 1 ? "" : "s");
}

// systemd's ExecStart quoting: double quotes, backslash escapes, % doubled (specifiers), $ doubled.
std::string systemd_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '%') out += '%';
    if (c == '$') out += '$';
    out += c;
  }
  return out + "\"";
}

// A unit's free text: % starts a specifier.
std::string specifiers_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += '%';
    out += c;
  }
  return out;
}

// POSIX shell single quotes for cron's /bin/sh, with % escaped (cron turns it into a newline).
std::string cron_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else if (c == '%') out += "\\%";
    else out += c;
  }
  return out + "'";
}

std::string abs_text(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return (ec ? fs::absolute(p) : c).lexically_normal().string();
}

}  // namespace

Result<ScheduleState> load_schedule_state(const fs::path& vault_dir) {
  const fs::path path = vault_dir / kScheduleStateFile;
  std::error_code ec;
  if (!fs::exists(path, ec)) return ScheduleState{};
  COFFRE_ASSIGN_OR_RETURN(std::string text, util::read_small_file(Env::posix(), path, 64 * 1024));
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("version", 0) != 1)
    return make_error(ErrorKind::InvalidInput, path.string() + " is not a Coffre schedule state file (version 1)");
  ScheduleState s;
  if (j.contains("scheduler") && j["scheduler"].is_string()) s.scheduler = j["scheduler"];
  s.installed_at = opt_in(j, "installed_at");
  s.last_run = opt_in(j, "last_run");
  if (j.contains("last_outcome") && j["last_outcome"].is_string()) s.last_outcome = j["last_outcome"];
  s.last_erased = j.value("last_erased", std::int64_t{0});
  s.missed_since = opt_in(j, "missed_since");
  s.missed_runs = j.value("missed_runs", std::int64_t{0});
  return s;
}

Status store_schedule_state(const fs::path& vault_dir, const ScheduleState& s) {
  json j = {{"version", 1},
            {"scheduler", s.scheduler.empty() ? json(nullptr) : json(s.scheduler)},
            {"installed_at", opt(s.installed_at)},
            {"last_run", opt(s.last_run)},
            {"last_outcome", s.last_outcome.empty() ? json(nullptr) : json(s.last_outcome)},
            {"last_erased", s.last_erased},
            {"missed_since", opt(s.missed_since)},
            {"missed_runs", s.missed_runs}};
  return util::write_file_atomic(Env::posix(), vault_dir / kScheduleStateFile, j.dump(2) + "\n");
}

Status record_retention_run(const fs::path& vault_dir, std::int64_t at, std::int64_t erased, bool failed) {
  COFFRE_ASSIGN_OR_RETURN(ScheduleState s, load_schedule_state(vault_dir));
  s.last_run = at;
  s.last_outcome = failed ? "failed" : "erased";
  s.last_erased = erased;
  if (!failed) {
    s.missed_since.reset();
    s.missed_runs = 0;
  }
  return store_schedule_state(vault_dir, s);
}

Status record_missed_run(const fs::path& vault_dir, std::int64_t at) {
  COFFRE_ASSIGN_OR_RETURN(ScheduleState s, load_schedule_state(vault_dir));
  if (!s.missed_since) s.missed_since = at;
  ++s.missed_runs;
  s.last_outcome = "missed";
  return store_schedule_state(vault_dir, s);
}

namespace {
std::map<Category, std::int64_t> due_counts(const RetentionPlan& plan) {
  std::map<Category, std::int64_t> counts;
  for (const auto& e : plan.due) ++counts[e.category];
  return counts;
}
}  // namespace

std::string due_summary(const RetentionPlan& plan) {
  const auto counts = due_counts(plan);
  std::string out;
  std::size_t i = 0;
  for (const auto& [category, n] : counts) {
    if (i > 0) out += (i + 1 == counts.size()) ? " and " : ", ";
    out += plural(n, to_string(category));
    ++i;
  }
  return out;
}

std::string due_summary_said(const RetentionPlan& plan) {
  if (i18n::current() == i18n::Language::En) return due_summary(plan);
  std::string out;
  for (const auto& [category, n] : due_counts(plan))
    out += (out.empty() ? "" : ", ") + trf("{0}: {1}", {tr(std::string(to_string(category)).c_str()), std::to_string(n)});
  return out;
}

std::optional<std::string> overdue_notice(const ScheduleState& state, const RetentionPlan& plan) {
  if (!state.missed_since || plan.due.empty()) return std::nullopt;
  return due_summary(plan) + " past their retention date since " + format_utc(*state.missed_since).substr(0, 10) +
         ": coffre retention run";
}

bool catch_up_due(const ScheduleState& state, std::int64_t now) {
  if (state.scheduler.empty()) return false;
  if (state.missed_since) return true;
  const std::int64_t since = state.last_run ? *state.last_run : state.installed_at.value_or(now);
  return now - since > 26 * 3600;  // a daily run, with an hour or two of slack
}

Result<fs::path> retention_summary_dir() {
  fs::path base;
  if (const char* x = std::getenv("XDG_STATE_HOME"); x && *x == '/') base = x;
  else if (const char* home = std::getenv("HOME"); home && *home) base = fs::path(home) / ".local" / "state";
  else return make_error(ErrorKind::IoError, "neither XDG_STATE_HOME nor HOME is set: nowhere to write the run summary");
  COFFRE_TRY(util::make_private_dir(Env::posix(), base / "coffre" / "retention-runs"));
  return base / "coffre" / "retention-runs";
}

Result<fs::path> unattended_summary_path(const fs::path& vault_dir, std::int64_t at) {
  COFFRE_ASSIGN_OR_RETURN(fs::path dir, retention_summary_dir());
  std::string stamp = format_utc(at);
  for (char& c : stamp)
    if (c == ':') c = '-';
  return dir / ("retention-run-" + vault_folder_id(vault_dir) + "-" + stamp + ".json");
}

std::string schedule_unit_name(const fs::path& vault_dir) { return "coffre-retention-" + vault_folder_id(vault_dir); }

std::string systemd_service_text(const fs::path& coffre_binary, const fs::path& vault_dir) {
  return "# Written by `coffre schedule install`; `coffre schedule remove` deletes it.\n"
         "[Unit]\n"
         "Description=Coffre scheduled retention run for " + specifiers_escaped(abs_text(vault_dir)) + "\n"
         "\n"
         "[Service]\n"
         "Type=oneshot\n"
         "# No secret here: the run takes the key from a running `coffre agent`, else records a missed run.\n"
         "ExecStart=" + systemd_quote(abs_text(coffre_binary)) + " --vault " + systemd_quote(abs_text(vault_dir)) +
         " retention run --scheduled\n"
         "Nice=10\n"
         "NoNewPrivileges=yes\n"
         "PrivateTmp=yes\n";
}

std::string systemd_timer_text(const fs::path& vault_dir) {
  return "# Written by `coffre schedule install`; `coffre schedule remove` deletes it.\n"
         "[Unit]\n"
         "Description=Daily Coffre retention run for " + specifiers_escaped(abs_text(vault_dir)) + "\n"
         "\n"
         "[Timer]\n"
         "OnCalendar=daily\n"
         "Persistent=true\n"
         "\n"
         "[Install]\n"
         "WantedBy=timers.target\n";
}

std::string cron_line(const fs::path& coffre_binary, const fs::path& vault_dir) {
  return "17 3 * * * " + cron_quote(abs_text(coffre_binary)) + " --vault " + cron_quote(abs_text(vault_dir)) +
         " retention run --scheduled # " + schedule_unit_name(vault_dir);
}

std::int64_t next_scheduled_run(const std::string& scheduler, std::int64_t now) {
  const int hour = scheduler == "cron" ? 3 : 0, minute = scheduler == "cron" ? 17 : 0;
  std::time_t t = static_cast<std::time_t>(now);
  std::tm local{};
  ::localtime_r(&t, &local);
  std::tm next = local;
  next.tm_hour = hour;
  next.tm_min = minute;
  next.tm_sec = 0;
  next.tm_isdst = -1;
  std::time_t candidate = std::mktime(&next);
  if (candidate <= t) {
    next = local;
    next.tm_mday += 1;
    next.tm_hour = hour;
    next.tm_min = minute;
    next.tm_sec = 0;
    next.tm_isdst = -1;
    candidate = std::mktime(&next);
  }
  return static_cast<std::int64_t>(candidate);
}

}  // namespace coffre::app
