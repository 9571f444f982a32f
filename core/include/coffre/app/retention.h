// Retention as a person (or a scheduled job) uses it: policies in words and durations, legal holds,
// the plan of who is due, and the run that erases them through the one erasure path
// (coffre/retention.h decides who and when; coffre/erasure.h erases).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "coffre/app/session.h"
#include "coffre/erasure.h"
#include "coffre/progress.h"
#include "coffre/retention.h"

namespace coffre::app {

// "3y" / "36m" (months) for a retention period; Usage error otherwise.
Result<int> parse_months(std::string_view text, std::string_view option);
// "30d", "2w", "3m" (30 days each), "1y" (365 days) as seconds; Usage error otherwise.
Result<Time> parse_days(std::string_view text, std::string_view option);

struct PolicyRequest {
  std::string category;                   // suspect, prospect, client, partner, supplier
  std::optional<ContactKind> kind;        // --b2b / --b2c
  std::string after;                      // "3y", "36m", or "never"
  std::string clock = "last-inbound";     // collected, last-inbound, last-interaction
  std::optional<std::string> recontact;   // "60d"
};
Result<int> set_policy(Session& session, const PolicyRequest& request);  // the new policy version

// Legal holds (GDPR art. 17(3)(e)): a held person is never erased by retention, and any other
// erasure of them needs an explicit override.
Status place_hold(Session& session, Id contact_id, const std::string& reason, std::optional<Time> until);
Status lift_hold(Session& session, Id contact_id);

struct RetentionRunOptions {
  bool dry_run = false;
  std::optional<std::filesystem::path> summary;  // default: retention-run-<UTC time>.json here
  // People erased per transaction of the erasure path, with one checkpoint and their certificates
  // each (ErasureOptions::chunk). Tests set it small to cross chunk boundaries.
  std::size_t chunk = 5000;
};
struct RetentionRunResult {
  RetentionPlan plan;
  std::int64_t erased = 0, held = 0, failed = 0;
  std::string failure;                 // the first error, when failed > 0
  std::filesystem::path summary;       // empty on a dry run
  std::vector<ErasureProof> proofs;
  std::vector<KeptDocument> documents_expired;  // kept accounting records shredded at their date
};
// Erases everyone due now (reason `retention`), then shreds the kept accounting records whose 10
// years have ended, in chunks so that a failure leaves the rest
// counted as failed; writes a signed run summary (counts by rule, held, failed; no personal data)
// to a new 0600 file and records the run. A kill at any point is finished by the next open (the
// erasure journal) and the next run picks up whoever is still due.
Result<RetentionRunResult> retention_run(Session& session, const RetentionRunOptions& options, Progress& progress);
// The same run for a plan the front end already made (and showed the user to confirm): erases
// `plan.due`, so what was confirmed is what is erased (a hold placed since still stops it).
Result<RetentionRunResult> retention_run(Session& session, RetentionPlan plan, const RetentionRunOptions& options,
                                         Progress& progress);

}  // namespace coffre::app
