#include "coffre/app/retention.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "coffre/certificate.h"
#include "coffre/documents.h"
#include "coffre/erasure.h"
#include "util/files.h"
#include "vault/context.h"
#include "coffre/i18n.h"

namespace coffre::app {
namespace {

Result<std::pair<long, char>> number_and_unit(std::string_view text, std::string_view option, std::string_view units) {
  std::size_t i = 0;
  long n = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9' && n < 100000) n = n * 10 + (text[i++] - '0');
  if (i == 0 || i + 1 != text.size() || units.find(text[i]) == std::string_view::npos || n <= 0)
    return make_error(ErrorKind::Usage, trf("{0}: \"{1}\" is not a duration ({2})",
                                            {option, text, units == "ym" ? "3y, 36m" : "30d, 2w, 3m, 1y"}));
  return std::pair{n, text[i]};
}

// The erasure path's progress (two steps a person: their rows deleted, their files shredded) as
// people of the whole run, `before` of them erased by earlier chunks.
class ChunkProgress final : public Progress {
 public:
  ChunkProgress(Progress& run, std::uint64_t before) : run_(run), before_(before) {}
  void start(std::string_view, std::uint64_t) override {}
  void advance(std::uint64_t done) override { run_.advance(before_ + done / 2); }
  void finish() override {}

 private:
  Progress& run_;
  std::uint64_t before_;
};

}  // namespace

Result<int> parse_months(std::string_view text, std::string_view option) {
  COFFRE_ASSIGN_OR_RETURN(auto nu, number_and_unit(text, option, "ym"));
  return static_cast<int>(nu.second == 'y' ? nu.first * 12 : nu.first);
}

Result<Time> parse_days(std::string_view text, std::string_view option) {
  COFFRE_ASSIGN_OR_RETURN(auto nu, number_and_unit(text, option, "dwmy"));
  const long days = nu.second == 'd' ? nu.first : nu.second == 'w' ? nu.first * 7 : nu.second == 'm' ? nu.first * 30
                                                                                                      : nu.first * 365;
  return Time{days} * 86400;
}

Result<int> set_policy(Session& session, const PolicyRequest& r) {
  RetentionPolicy p;
  auto cat = parse_category(r.category);
  if (!cat)
    return make_error(ErrorKind::Usage,
                      trf("unknown category \"{}\": suspect, prospect, client, partner or supplier", {r.category}));
  p.category = *cat;
  p.kind = r.kind;
  if (r.after != "never") {
    COFFRE_ASSIGN_OR_RETURN(p.after_months, parse_months(r.after, "--after"));
  }
  auto clock = parse_retention_clock(r.clock);
  if (!clock) return make_error(ErrorKind::Usage, tr("--clock: collected, last-inbound or last-interaction"));
  p.clock = *clock;
  if (r.recontact) {
    COFFRE_ASSIGN_OR_RETURN(Time secs, parse_days(*r.recontact, "--recontact"));
    p.recontact_days = static_cast<int>(secs / 86400);
  }
  return set_retention_policy(session.vault(), p);
}

Status place_hold(Session& session, Id contact_id, const std::string& reason, std::optional<Time> until) {
  if (until && *until <= session.vault().context().clock->now())
    return make_error(ErrorKind::Usage, tr("--until is in the past: a hold must end later than now"));
  return add_hold(session.vault(), contact_id, reason, until);
}

Status lift_hold(Session& session, Id contact_id) { return remove_hold(session.vault(), contact_id); }

Result<RetentionRunResult> retention_run(Session& session, const RetentionRunOptions& options, Progress& progress) {
  COFFRE_ASSIGN_OR_RETURN(auto plan, plan_retention(session.vault(), session.vault().clock().now(), 0));
  return retention_run(session, std::move(plan), options, progress);
}

Result<RetentionRunResult> retention_run(Session& session, RetentionPlan plan, const RetentionRunOptions& options,
                                         Progress& progress) {
  Vault& vault = session.vault();
  auto& ctx = vault.context();
  const Time started = ctx.clock->now();
  RetentionRunResult out;
  out.plan = std::move(plan);
  out.held = static_cast<std::int64_t>(out.plan.held.size());
  if (options.dry_run) return out;

  // The summary file is created first: a folder that cannot take it stops the run before anyone
  // is erased.
  const std::string stamp = [&] {
    std::string s = format_utc(started);  // 2026-11-30T15:04:05Z
    std::string compact;
    for (char c : s)
      if (c != '-' && c != ':') compact += c;
    return compact;
  }();
  const std::filesystem::path path = options.summary ? *options.summary : std::filesystem::path("retention-run-" + stamp + ".json");
  COFFRE_ASSIGN_OR_RETURN(auto file, util::PrivateOutput::create(vault.env(), path, false));

  COFFRE_ASSIGN_OR_RETURN(auto run_row, ctx.db.prepare("INSERT INTO retention_runs(started_at, policy_version, due, held) "
                                                       "VALUES(?,?,?,?)"));
  COFFRE_TRY(run_row.bind(1, started).bind(2, out.plan.policy_version)
                 .bind(3, static_cast<std::int64_t>(out.plan.due.size())).bind(4, out.held).run());
  const Id run_id = ctx.db.last_insert_id();

  std::map<std::string, std::int64_t> by_rule;
  const std::size_t kChunk = std::max<std::size_t>(1, options.chunk);
  progress.start(tr("Erasing expired contacts"), out.plan.due.size());
  for (std::size_t i = 0; i < out.plan.due.size(); i += kChunk) {
    std::vector<Id> ids;
    for (std::size_t j = i; j < std::min(out.plan.due.size(), i + kChunk); ++j) ids.push_back(out.plan.due[j].id);
    ErasureOptions erasure;
    erasure.chunk = kChunk;
    ChunkProgress chunk_progress(progress, static_cast<std::uint64_t>(out.erased));
    auto proofs = erase_contacts(vault, ids, ErasureReason::Retention, chunk_progress, erasure);
    if (!proofs.ok()) {
      out.failed = static_cast<std::int64_t>(out.plan.due.size() - i);
      out.failure = proofs.error().message;
      break;
    }
    for (std::size_t j = i; j < i + ids.size(); ++j) ++by_rule[out.plan.due[j].rule];
    out.erased += static_cast<std::int64_t>(proofs->size());
    for (auto& p : *proofs) out.proofs.push_back(std::move(p));
    progress.advance(static_cast<std::uint64_t>(out.erased));
  }
  progress.finish();
  if (out.failed == 0) {
    auto expired = DocumentStore(vault).expire_kept(ctx.clock->now());
    if (expired.ok()) {
      out.documents_expired = std::move(expired).value();
    } else {
      out.failed = static_cast<std::int64_t>(out.plan.documents_due.size());
      out.failure = expired.error().message;
    }
  }

  const Time finished = ctx.clock->now();
  nlohmann::json body = {{"run", run_id},
                         {"started_at", format_utc(started)},
                         {"finished_at", format_utc(finished)},
                         {"policy_version", out.plan.policy_version},
                         {"due", out.plan.due.size()},
                         {"erased", out.erased},
                         {"erased_by_rule", by_rule},
                         {"held", out.held},
                         {"documents_expired", out.documents_expired.size()},
                         {"failed", out.failed}};
  COFFRE_ASSIGN_OR_RETURN(std::string signed_summary,
                          sign_certificate(vault, "coffre-retention-run/1", body.dump()));
  COFFRE_TRY(file.write(signed_summary + "\n"));
  COFFRE_TRY(file.commit());
  out.summary = path;
  COFFRE_ASSIGN_OR_RETURN(auto done, ctx.db.prepare("UPDATE retention_runs SET finished_at = ?, erased = ?, failed = ?, "
                                                    "summary = ? WHERE id = ?"));
  COFFRE_TRY(done.bind(1, finished).bind(2, out.erased).bind(3, out.failed).bind(4, signed_summary).bind(5, run_id).run());
  COFFRE_TRY(ctx.audit->append("retention.run", std::nullopt,
                               "run=" + std::to_string(run_id) + " erased=" + std::to_string(out.erased) +
                                   " held=" + std::to_string(out.held) + " failed=" + std::to_string(out.failed) +
                                   " policy_version=" + std::to_string(out.plan.policy_version)));
  return out;
}

}  // namespace coffre::app
