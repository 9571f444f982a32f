// A retention run at scale (issue 13), against a baseline measured in the same run:
//   fill: N contacts through ContactStore::add_batch (name, role, e-mail, phone, a company among
//     2,000, every tenth with a note), one in ten collected more than 3 years before the bench's
//     clock (so due under the default prospect rule), the rest collected last year;
//   plan: app::retention plan over the whole vault (plan_retention), timed;
//   the vault folder is then copied, and the same people go two ways:
//   baseline: on the copy, the same rows deleted bare, in one transaction: model::delete_person_rows
//     for each due person (the data map's deletes: search terms, subject key, the contact and its
//     cascades), then a WAL checkpoint (TRUNCATE): what "DELETE the same rows" costs in SQLCipher;
//   Coffre: app::retention_run on the original (the one erasure path in chunks of 500: journal,
//     tombstones, ledger record fsynced, audit redaction and entry, one signed certificate per
//     person, checkpoint, a signed run summary).
// Usage: retention_bench [contacts=100000] [due_one_in=10] [erase=1] [chunk=default]; erase=0 measures
// the plan only; chunk sets RetentionRunOptions::chunk (people per transaction and checkpoint).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_support.h"
#include "coffre/app/retention.h"
#include "coffre/app/session.h"
#include "coffre/retention.h"
#include "coffre/stores.h"
#include "coffre/vault.h"
#include "model/person_data.h"
#include "storage/database.h"
#include "vault/context.h"

using namespace coffre;
using bench::cpu_seconds;
using bench::kBenchNow;
using bench::seconds_since;
using bench::Steady;
namespace fs = std::filesystem;

namespace {

const char* kFirst[] = {"Hélène", "Jean", "Marie", "Pierre", "Sophie", "Luc", "Camille", "Nicolas"};
const char* kLast[] = {"Dupont", "Martin", "Bernard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
                       "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent"};

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::size_t one_in = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10;
  const bool erase = argc > 3 ? std::strtoull(argv[3], nullptr, 10) != 0 : true;
  const std::size_t chunk = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : app::RetentionRunOptions{}.chunk;
  if (!initialise_runtime().ok() || n == 0 || one_in == 0) return 1;
  bench::Scratch scratch("retention-bench");
  if (!scratch.ok()) return 1;
  const fs::path& root = scratch.root();
  const auto& pass = scratch.passphrase();
  const fs::path vdir = scratch.vault_dir(), copy = root / "copy";
  bench::FixedClock clock;
  VaultOptions options;
  options.clock = &clock;
  {
    auto v = scratch.create_vault(options);
    if (!v) return 1;
    ContactStore store(*v);
    std::vector<NewContact> batch;
    const std::size_t kBatch = 10000;
    const auto t = Steady::now();
    for (std::size_t i = 0; i < n; i += kBatch) {
      batch.clear();
      for (std::size_t j = i; j < std::min(n, i + kBatch); ++j) {
        NewContact c;
        c.first_name = kFirst[j % 8];
        c.last_name = kLast[(j / 8) % 16];
        c.role = "Gérant";
        char buf[64];
        std::snprintf(buf, sizeof buf, "p%zu@exemple.fr", j);
        c.emails = {{buf, "work"}};
        std::snprintf(buf, sizeof buf, "+3361%07zu", j % 10000000);
        c.phones = {{buf, "mobile"}};
        std::snprintf(buf, sizeof buf, "Société %zu", j % 2000);
        c.org_name = std::string(buf);
        // 4 years before the clock for one in `one_in`, else last year.
        c.collected_at = kBenchNow - (j % one_in == 0 ? 4 : 1) * 365 * 86400;
        if (j % 10 == 0) c.notes = {"Rappeler après le salon"};
        batch.push_back(std::move(c));
      }
      if (auto r = store.add_batch(batch, NullProgress::instance()); !r.ok()) {
        std::fprintf(stderr, "add_batch: %s\n", r.error().message.c_str());
        return 1;
      }
    }
    if (!v->context().db.checkpoint_truncate().ok()) return 1;
    std::printf("filled %zu contacts in %.1f s\n", n, seconds_since(t));
  }
  // The copy for the baseline: the closed vault folder, file by file.
  std::error_code ec;
  if (erase) fs::copy(vdir, copy, fs::copy_options::recursive, ec);
  if (ec) {
    std::fprintf(stderr, "copy: %s\n", ec.message().c_str());
    return 1;
  }

  PluginHost plugins{std::vector<fs::path>{}};
  auto v = Vault::open(vdir, pass, options);
  if (!v.ok()) return 1;
  auto session = app::Session::adopt(std::move(*v), plugins);

  // The plan, three times (the first reads the pages from disk).
  std::vector<Id> due;
  double t_plan_best = 1e9;
  for (int i = 0; i < 3; ++i) {
    const auto t = Steady::now();
    auto plan = plan_retention(session->vault(), kBenchNow, 0);
    const double s = seconds_since(t);
    if (!plan.ok()) {
      std::fprintf(stderr, "plan: %s\n", plan.error().message.c_str());
      return 1;
    }
    t_plan_best = std::min(t_plan_best, s);
    if (i == 0) {
      for (const auto& e : plan->due) due.push_back(e.id);
      std::printf("plan: %zu due of %zu contacts, %.2f s (first)\n", due.size(), n, s);
    }
  }
  std::printf("plan: best of 3 %.2f s (goal < 2 s at 1M contacts)\n", t_plan_best);
  if (!erase) return 0;

  // Baseline: the same rows deleted bare on the copy, one transaction, then a checkpoint.
  double t_base = 0, cpu_base = 0;
  {
    auto c = Vault::open(copy, pass, options);
    if (!c.ok()) return 1;
    auto& db = (*c)->context().db;
    const double c0 = cpu_seconds();
    const auto t = Steady::now();
    storage::Transaction tx(db);
    if (!tx.begin().ok()) return 1;
    for (Id id : due)
      if (auto s = model::delete_person_rows(db, id); !s.ok()) {
        std::fprintf(stderr, "baseline delete: %s\n", s.message().c_str());
        return 1;
      }
    if (!tx.commit().ok() || !db.checkpoint_truncate().ok()) return 1;
    t_base = seconds_since(t);
    cpu_base = cpu_seconds() - c0;
  }

  // Coffre: the retention run.
  app::RetentionRunOptions run;
  run.summary = root / "summary.json";
  run.chunk = chunk;
  const double c0 = cpu_seconds();
  const auto t = Steady::now();
  auto r = app::retention_run(*session, run, NullProgress::instance());
  const double t_run = seconds_since(t), cpu_run = cpu_seconds() - c0;
  if (!r.ok()) {
    std::fprintf(stderr, "run: %s\n", r.error().message.c_str());
    return 1;
  }
  std::printf("baseline bare DELETE of the same %zu people + checkpoint: %.2f s (cpu %.2f s)\n", due.size(), t_base,
              cpu_base);
  std::printf("retention run (chunks of %zu): erased %lld, failed %lld: %.2f s (cpu %.2f s), %.1fx the baseline (cpu %.1fx), "
              "%.2f ms a person\n",
              chunk, static_cast<long long>(r->erased), static_cast<long long>(r->failed), t_run, cpu_run, t_run / t_base,
              cpu_run / cpu_base, t_run * 1000 / static_cast<double>(std::max<std::int64_t>(r->erased, 1)));
  return 0;
}
