// A retention run killed at any step (issue 13, "Proof"): the next open finishes what was under
// way, no one is half erased, `check` is clean, and the next run erases the rest. The kill is a
// FaultEnv (tests/fakes/fault_env.h): from the chosen step on every I/O fails, the database's
// included, as if the process had died there. One run counts the steps (the summary file, each
// chunk's transactions and ledger fsync, the blob shredding, the checkpoint, the run's own rows),
// then each is crashed in turn. Chunks of two people over three due, so a kill also lands between
// chunks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "coffre/app/check.h"
#include "coffre/app/retention.h"
#include "coffre/app/session.h"
#include "coffre/documents.h"
#include "coffre/stores.h"
#include "fakes/fault_env.h"
#include "fakes/sql_contacts.h"
#include "fakes/test_support.h"
#include "services/erasure_ledger.h"
#include "storage/blob_paths.h"
#include "vault/context.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;
using test::fast_kdf;
using test::secret;

constexpr Time kDay = 86400;

struct Person {
  Id id = 0;
  std::string name;
  std::vector<fs::path> blobs;  // relative to the vault folder
};

class RetentionCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    Time collected = 0;
    ASSERT_TRUE(parse_utc("2022-01-01", collected));
    clock_.set(add_months(collected, 36) + kDay);
    ASSERT_TRUE(Vault::create(tmpl_, secret("pw"), fast_kdf(), test::with_clock(&clock_)).ok());
    {
      auto s = app::Session::open(tmpl_, secret("pw"), plugins_, app::SessionOptions{&clock_});
      ASSERT_TRUE(s.ok()) << s.error().message;
      Vault& v = (*s)->vault();
      for (const char* name : {"ancien1", "ancien2", "ancien3"}) due_.push_back(add(v, name, collected));
      fresh_ = add(v, "recent", clock_.now() - 30 * kDay).id;
      held_ = add(v, "garde", collected).id;
      ASSERT_TRUE(app::place_hold(**s, held_, "litige en cours", std::nullopt).ok());
    }
    steps_ = count_steps();
  }

  // A contact collected at `collected`, with an e-mail, a phone and a document whose blob is on disk.
  Person add(Vault& v, const std::string& name, Time collected) {
    NewContact c;
    c.last_name = name;
    c.emails = {{name + "@exemple.fr", std::nullopt}};
    c.phones = {{"+3361234567" + std::to_string(added_++), std::nullopt}};
    c.category = Category::Prospect;
    c.collected_at = collected;
    auto id = ContactStore(v).add(c);
    EXPECT_TRUE(id.ok()) << id.error().message;
    Person p{id.ok() ? *id : 0, name, {}};
    auto doc = DocumentStore(v).add_bytes(p.id, "devis.pdf", std::string(5000, 'B'), NullProgress::instance());
    EXPECT_TRUE(doc.ok()) << doc.error().message;
    auto st = v.context().db.prepare("SELECT blob_id FROM documents WHERE id = ?");
    st->bind(1, doc.ok() ? *doc : 0);
    EXPECT_TRUE(*st->step());
    const auto path = storage::blob_path(v.context().blob_dir(), st->column_text(0));
    EXPECT_TRUE(fs::exists(path));
    p.blobs.push_back(fs::relative(path, tmpl_));
    return p;
  }

  // Runs retention on a copy of the template through `env`, crashing at step `k` (0: never).
  fs::path run_through(test::FaultEnv& env, std::size_t k, const std::string& name) {
    const auto dir = tmp_ / name;
    fs::copy(tmpl_, dir, fs::copy_options::recursive);
    auto s = app::Session::open(dir, secret("pw"), plugins_, app::SessionOptions{&clock_, &env});
    EXPECT_TRUE(s.ok()) << s.error().message;
    if (!s.ok()) return dir;
    if (k > 0) env.crash_at_step(k);
    else env.reset_steps();
    app::RetentionRunOptions options;
    options.summary = tmp_ / (name + "-summary.json");
    options.chunk = 2;
    auto r = app::retention_run(**s, options, NullProgress::instance());
    if (k == 0) {
      EXPECT_TRUE(r.ok() && r->erased == 3) << (r.ok() ? "erased " + std::to_string(r->erased) : r.error().message);
    }
    return dir;  // the session is dropped here, as a dead process's would be
  }

  std::vector<test::FaultEnv::Step> count_steps() {
    test::FaultEnv env;
    (void)run_through(env, 0, "count");
    return env.steps();
  }

  bool erased(Vault& v, const fs::path& dir, const Person& p) {
    const std::string id = std::to_string(p.id);
    const bool row = test::sql_count(v, "SELECT count(*) FROM contacts WHERE id = " + id) > 0;
    const bool done = test::sql_count(v, "SELECT count(*) FROM erasure_journal WHERE state = 'done' AND contact_id = " + id) > 0;
    std::size_t blobs = 0;
    for (const auto& b : p.blobs) blobs += fs::exists(dir / b);
    if (row) {
      // Intact: every row and every blob, no erasure recorded.
      EXPECT_FALSE(done) << p.name;
      EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM documents WHERE contact_id = " + id), 1) << p.name;
      EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM contact_emails WHERE contact_id = " + id), 1) << p.name;
      EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM contact_phones WHERE contact_id = " + id), 1) << p.name;
      EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM subject_keys WHERE contact_id = " + id), 1) << p.name;
      EXPECT_EQ(blobs, p.blobs.size()) << p.name;
      return false;
    }
    // Erased: every row, every blob, the search terms; done, with its certificate.
    EXPECT_TRUE(done) << p.name;
    EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM documents WHERE contact_id = " + id), 0) << p.name;
    EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM search_terms WHERE term = '" + p.name + "'"), 0) << p.name;
    EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM erasure_journal WHERE contact_id = " + id +
                                     " AND certificate IS NULL"), 0) << p.name;
    EXPECT_EQ(blobs, 0u) << p.name;
    return true;
  }

  // What every state after a kill must satisfy, then the next run finishing the job.
  void expect_consistent_then_finished(const fs::path& dir, std::size_t& erased_at_open) {
    auto s = app::Session::open(dir, secret("pw"), plugins_, app::SessionOptions{&clock_});
    ASSERT_TRUE(s.ok()) << s.error().message;
    Vault& v = (*s)->vault();
    EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM erasure_journal WHERE state <> 'done'"), 0);
    erased_at_open = 0;
    for (const auto& p : due_) erased_at_open += erased(v, dir, p);
    EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM contacts WHERE id IN (" + std::to_string(fresh_) + "," +
                                     std::to_string(held_) + ")"), 2);
    auto c = app::check(**s, false, NullProgress::instance());
    ASSERT_TRUE(c.ok()) << c.error().message;
    for (const auto& item : c->report.items) EXPECT_TRUE(item.ok) << item.name << ": " << item.detail;

    // The next run erases whoever is left, and no one twice.
    app::RetentionRunOptions options;
    options.summary = dir.string() + "-next-summary.json";
    options.chunk = 2;
    auto r = app::retention_run(**s, options, NullProgress::instance());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->erased, static_cast<std::int64_t>(due_.size() - erased_at_open));
    EXPECT_EQ(r->failed, 0);
    for (const auto& p : due_) EXPECT_TRUE(erased(v, dir, p)) << p.name;
    EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM erasure_journal"), 3);
    EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM audit_log WHERE action = 'contact.erase'"), 3);
    auto& ctx = v.context();
    auto ledger = services::read_ledger(Env::posix(), ctx.dir / services::kLedgerFileName, ctx.slots.vault_id,
                                        ctx.audit_key.public_key);
    ASSERT_TRUE(ledger.ok()) << ledger.error().message;
    EXPECT_EQ(ledger->records.size(), 3u) << "each erasure once in the ledger";
    c = app::check(**s, false, NullProgress::instance());
    ASSERT_TRUE(c.ok()) << c.error().message;
    for (const auto& item : c->report.items) EXPECT_TRUE(item.ok) << item.name << ": " << item.detail;
  }

  test::TempDir tmp_;
  const fs::path tmpl_ = tmp_ / "template";
  test::FakeClock clock_;
  PluginHost plugins_{std::vector<fs::path>{}};
  std::vector<Person> due_;
  Id fresh_ = 0, held_ = 0;
  int added_ = 0;
  std::vector<test::FaultEnv::Step> steps_;
};

// What a progress bar is told: every call, in order.
class Recording final : public Progress {
 public:
  void start(std::string_view, std::uint64_t total) override { total_ = total; }
  void advance(std::uint64_t done) override { seen_.push_back(done); }
  void finish() override { finished_ = true; }
  std::uint64_t total_ = 0;
  std::vector<std::uint64_t> seen_;
  bool finished_ = false;
};

TEST_F(RetentionCrash, TheRunsProgressCountsPeopleAcrossChunksAndNeverGoesBack) {
  const auto dir = tmp_ / "progress";
  fs::copy(tmpl_, dir, fs::copy_options::recursive);
  auto s = app::Session::open(dir, secret("pw"), plugins_, app::SessionOptions{&clock_});
  ASSERT_TRUE(s.ok()) << s.error().message;
  app::RetentionRunOptions options;
  options.summary = tmp_ / "progress-summary.json";
  options.chunk = 2;
  Recording progress;
  auto r = app::retention_run(**s, options, progress);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(progress.total_, 3u);
  ASSERT_FALSE(progress.seen_.empty());
  for (std::size_t i = 1; i < progress.seen_.size(); ++i) EXPECT_LE(progress.seen_[i - 1], progress.seen_[i]);
  EXPECT_EQ(progress.seen_.back(), 3u);
  // The first chunk's two people are reported before the second chunk starts.
  EXPECT_NE(std::find(progress.seen_.begin(), progress.seen_.end(), 2u), progress.seen_.end());
  EXPECT_TRUE(progress.finished_);
}

TEST_F(RetentionCrash, AKillAtAnyStepIsFinishedAtTheNextOpenAndByTheNextRun) {
  // The sweep must reach the chunks' transactions, the ledger's fsync and the blobs, not only the
  // summary file.
  std::size_t db_syncs = 0, blob_removals = 0, ledger_syncs = 0;
  for (const auto& s : steps_) {
    db_syncs += s.database && s.op == test::FaultEnv::Op::Sync;
    blob_removals += !s.database && s.op == test::FaultEnv::Op::Remove;
    ledger_syncs += !s.database && s.op == test::FaultEnv::Op::Sync &&
                    s.path.filename() == services::kLedgerFileName;
  }
  ASSERT_EQ(blob_removals, 3u);
  ASSERT_EQ(ledger_syncs, 2u) << "one ledger fsync per chunk";
  ASSERT_GT(db_syncs, 4u);

  // Every step with COFFRE_SLOW=1 (about a minute, most of it fsyncs); else every sixth step and
  // every sync, removal or rename outside the database (the ledger's fsync, the blobs, the
  // anchor, the summary), which still lands in every transaction and between the chunks.
  const char* slow = std::getenv("COFFRE_SLOW");
  const bool every = slow != nullptr && std::string(slow) == "1";
  std::set<std::size_t> outcomes;
  for (std::size_t k = 1; k <= steps_.size(); ++k) {
    const auto& step = steps_[k - 1];
    const bool file_step = !step.database && (step.op == test::FaultEnv::Op::Sync ||
                                              step.op == test::FaultEnv::Op::Remove ||
                                              step.op == test::FaultEnv::Op::Rename);
    if (!every && k % 6 != 0 && !file_step)
      continue;
    SCOPED_TRACE(test::describe_step(steps_, k));
    test::FaultEnv env;
    const auto dir = run_through(env, k, "crash-" + std::to_string(k));
    EXPECT_TRUE(env.crashed());
    // The killed run's summary file is missing, empty (created first, written last) or whole.
    const auto summary = tmp_ / ("crash-" + std::to_string(k) + "-summary.json");
    const std::string text = fs::exists(summary) ? test::read_file(summary) : std::string();
    EXPECT_TRUE(text.empty() || text.find("coffre-retention-run/1") != std::string::npos) << text;
    std::size_t erased_at_open = 0;
    expect_consistent_then_finished(dir, erased_at_open);
    outcomes.insert(erased_at_open);
    fs::remove_all(dir);
  }
  // Killed before the first chunk committed, between the chunks, and after the last.
  EXPECT_EQ(outcomes, (std::set<std::size_t>{0, 2, 3}));
}

}  // namespace
}  // namespace coffre
