// The scheduled retention run (issue 13, "Unattended", item 2): a daily systemd user timer or a
// crontab line runs `coffre retention run --scheduled`. With an agent holding the key it erases;
// without one it records in DIR/schedule.json that the run was missed, and the next command says
// so on stderr. The state file holds dates and counts only: no personal data, no secret.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "coffre/app/session.h"
#include "coffre/clock.h"
#include "coffre/retention.h"
#include "coffre/status.h"

namespace coffre::app {

inline constexpr const char* kScheduleStateFile = "schedule.json";

struct ScheduleState {
  std::string scheduler;                 // "", "systemd" or "cron"
  std::optional<std::int64_t> installed_at;
  std::optional<std::int64_t> last_run;  // the last retention run that finished (any front end)
  std::string last_outcome;              // "erased", "missed", "failed"
  std::int64_t last_erased = 0;
  std::optional<std::int64_t> missed_since;  // the first scheduled run missed since the last run
  std::int64_t missed_runs = 0;
};

// The state of `vault_dir` (an empty state when the file is missing). InvalidInput naming the file
// when it is not ours.
Result<ScheduleState> load_schedule_state(const std::filesystem::path& vault_dir);
// Written atomically, mode 0600.
Status store_schedule_state(const std::filesystem::path& vault_dir, const ScheduleState& state);
// A retention run finished (missed runs are cleared unless it failed).
Status record_retention_run(const std::filesystem::path& vault_dir, std::int64_t at, std::int64_t erased, bool failed);
// A scheduled run found no agent holding the key.
Status record_missed_run(const std::filesystem::path& vault_dir, std::int64_t at);

// "3 prospects and 1 client" for the plan's due entries; empty when nobody is due. English (the
// JSON of `schedule status`); due_summary_said says it to people.
std::string due_summary(const RetentionPlan& plan);
// due_summary in the user's language: in English the same, in French a count per category
// ("prospect : 3, client : 1"), which needs no plural rules.
std::string due_summary_said(const RetentionPlan& plan);
// The line the next command prints on stderr after a missed run, when someone is due:
// "3 prospects past their retention date since 2026-12-02: coffre retention run".
std::optional<std::string> overdue_notice(const ScheduleState& state, const RetentionPlan& plan);
// Whether `coffre unlock` must catch up: scheduling is on and a run was missed, never happened, or
// is more than a day late.
bool catch_up_due(const ScheduleState& state, std::int64_t now);

// Where unattended runs (the timer, the unlock's catch-up) write their signed summaries:
// $XDG_STATE_HOME/coffre/retention-runs, else ~/.local/state/coffre/retention-runs; created 0700.
Result<std::filesystem::path> retention_summary_dir();
// A new summary path there for `vault_dir` at `at`.
Result<std::filesystem::path> unattended_summary_path(const std::filesystem::path& vault_dir, std::int64_t at);

// The unit and crontab texts. `coffre_binary` and `vault_dir` are absolute; nothing secret goes in.
std::string schedule_unit_name(const std::filesystem::path& vault_dir);  // coffre-retention-<id>
std::string systemd_service_text(const std::filesystem::path& coffre_binary, const std::filesystem::path& vault_dir);
std::string systemd_timer_text(const std::filesystem::path& vault_dir);
std::string cron_line(const std::filesystem::path& coffre_binary, const std::filesystem::path& vault_dir);
// The next time the timer (daily at 00:00 local time) or the crontab line (03:17 local) fires.
std::int64_t next_scheduled_run(const std::string& scheduler, std::int64_t now);

}  // namespace coffre::app
