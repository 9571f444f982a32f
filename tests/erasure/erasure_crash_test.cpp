// A crash at every step of an erasure is finished later: at the next vault open, or by the next
// erasure run of a process that already had the vault open. Either way the person's rows, search
// terms and blobs end up gone and the journal records the erasure done. The crash is a FaultEnv
// (tests/fakes/fault_env.h): from the chosen step on, every I/O fails, the database's included
// (through its VFS shim), as if the process had died there. One run counts the steps (database
// transactions, blob overwrites and removals, the checkpoint), then each is crashed in turn.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fcntl.h>

#include "coffre/app/session.h"
#include "coffre/erasure.h"
#include "fakes/fault_env.h"
#include "fakes/sql_contacts.h"
#include "fakes/test_support.h"
#include "services/erasure_journal.h"
#include "services/erasure_ledger.h"
#include "storage/blob_paths.h"
#include "storage/shred.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::secret;

struct Person {
  Id id = 0;
  std::vector<std::filesystem::path> blobs;
};

Person add_person_with_blobs(Vault& vault, const std::string& marker) {
  test::SqlContact c;
  c.first_name = marker;
  c.emails = {marker + "@example.fr"};
  c.notes = {"note " + marker};
  Person p;
  p.id = test::add_sql_contact(vault, c);
  for (int i = 0; i < 2; ++i) {
    const auto blob = storage::new_blob_id();
    const auto path = storage::blob_path(vault.context().blob_dir(), blob);
    std::filesystem::create_directories(path.parent_path());
    test::write_file(path, std::string(70000, 'B'));
    auto st = vault.context().db.prepare("INSERT INTO documents(contact_id, blob_id, name, size, sha256, added_at) "
                                         "VALUES(?,?,'a.pdf',70000,'00',0)");
    EXPECT_TRUE(st->bind(1, p.id).bind(2, blob).run().ok());
    p.blobs.push_back(path);
  }
  return p;
}

void copy_vault(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

// Erases `id` in `dir` through `env`, crashing at `crash_step` (0: never); the Vault is dropped
// before returning, as a dead process's would be.
Status erase_through(test::FaultEnv& env, const std::filesystem::path& dir, Id id, std::uint64_t crash_step) {
  VaultOptions options;
  options.env = &env;
  auto v = Vault::open(dir, secret("pw"), options);
  if (!v.ok()) return v.error();
  if (crash_step > 0) env.crash_at_step(crash_step);
  else env.reset_steps();
  return erase_contact(**v, id, ErasureReason::Objection).status();
}

// rows_removed: the contact, its e-mail, its note, two documents, and its five search terms
// ("crashmarker martin crashmarker@example.fr note crashmarker": crashmarker, martin, example, fr,
// note).
void expect_erased(Vault& vault, const Person& p, const std::string& marker) {
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM contacts WHERE id = " + std::to_string(p.id)), 0);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM documents WHERE contact_id = " + std::to_string(p.id)), 0);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM search_terms WHERE term = '" + marker + "'"), 0);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM erasure_journal WHERE state <> 'done'"), 0);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM erasure_journal WHERE state = 'done' AND suppressed = 1"), 1);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM erasure_journal WHERE documents = 2 AND rows_removed = 10"), 1);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM suppression"), 1);
  for (const auto& b : p.blobs) EXPECT_FALSE(std::filesystem::exists(b)) << b;
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM audit_log WHERE action = 'contact.erase'"), 1);
  // The erasure ledger holds the erasure exactly once, whatever step the crash hit (issue 15).
  auto& ctx = vault.context();
  auto st = ctx.db.prepare("SELECT subject FROM erasure_journal WHERE reason = 'objection'");
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(*st->step());
  const std::string subject = st->column_text(0);
  auto ledger = services::read_ledger(Env::posix(), ctx.dir / services::kLedgerFileName, ctx.slots.vault_id,
                                      ctx.audit_key.public_key);
  ASSERT_TRUE(ledger.ok()) << ledger.error().message;
  int records = 0;
  for (const auto& r : ledger->records)
    if (r.subject == subject) {
      ++records;
      EXPECT_EQ(r.email_hashes.size(), 1u);
    }
  EXPECT_EQ(records, 1);
}

// A crash before the erasure was recorded (its first transaction) leaves the person as they were,
// for the user to erase again: never half erased.
void expect_intact(Vault& vault, const Person& p) {
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM contacts WHERE id = " + std::to_string(p.id)), 1);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM documents WHERE contact_id = " + std::to_string(p.id)), 2);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM subject_keys WHERE contact_id = " + std::to_string(p.id)),
            test::sql_count(vault, "SELECT count(*) FROM subject_keys"));
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM suppression"), 0);
  for (const auto& b : p.blobs) EXPECT_TRUE(std::filesystem::exists(b)) << b;
}

std::int64_t journal_rows(Vault& vault) { return test::sql_count(vault, "SELECT count(*) FROM erasure_journal"); }

// A vault holding one person with two blobs (and a bystander), and the steps of erasing them.
class ErasureCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Vault::create(tmpl_, secret("pw"), fast_kdf()).ok());
    {
      auto v = Vault::open(tmpl_, secret("pw"));
      ASSERT_TRUE(v.ok());
      p_ = add_person_with_blobs(**v, "crashmarker");
      bystander_ = test::add_sql_contact(**v, {});
    }
    steps_ = count_steps(false);
    // The sweep must reach the database's steps between transactions, not only the blob files.
    std::size_t db_writes = 0, blob_removals = 0, db_truncations = 0;
    for (const auto& s : steps_) {
      db_writes += s.database && s.op == test::FaultEnv::Op::Write;
      db_truncations += s.database && s.op == test::FaultEnv::Op::Truncate;
      blob_removals += !s.database && s.op == test::FaultEnv::Op::Remove;
    }
    ASSERT_GT(db_writes, 3u);
    ASSERT_EQ(blob_removals, 2u);
    ASSERT_GE(db_truncations, 1u) << "the WAL is truncated by the checkpoint";
  }
  // The steps of erasing the person on a copy of the template; with `other_open`, while another
  // connection has the vault open (its close then does not checkpoint).
  std::vector<test::FaultEnv::Step> count_steps(bool other_open) {
    const auto dir = tmp_ / (other_open ? "count-open" : "count");
    copy_vault(tmpl_, dir);
    std::unique_ptr<Vault> other;
    if (other_open) {
      auto v = Vault::open(dir, secret("pw"));
      EXPECT_TRUE(v.ok());
      if (v.ok()) other = std::move(*v);
    }
    test::FaultEnv env;
    EXPECT_TRUE(erase_through(env, dir, p_.id, 0).ok());
    return env.steps();
  }
  // Copies the template and erases the person there, crashing at step k.
  std::filesystem::path crash_at(std::size_t k) {
    const auto dir = tmp_ / ("crash-" + std::to_string(k));
    copy_vault(tmpl_, dir);
    test::FaultEnv env;
    (void)erase_through(env, dir, p_.id, k);  // succeeds when the crash hits the vault's close
    EXPECT_TRUE(env.crashed());
    return dir;
  }
  std::string step_name(std::size_t k) const { return test::describe_step(steps_, k); }
  // The person's blobs, under the copy `dir`.
  std::vector<std::filesystem::path> blobs_in(const std::filesystem::path& dir) const {
    std::vector<std::filesystem::path> out;
    for (const auto& b : p_.blobs) out.push_back(dir / std::filesystem::relative(b, tmpl_));
    return out;
  }

  test::TempDir tmp_;
  const std::filesystem::path tmpl_ = tmp_ / "template";
  Person p_;
  Id bystander_ = 0;
  std::vector<test::FaultEnv::Step> steps_;
};

TEST_F(ErasureCrash, EveryStepIsResumedAtTheNextOpen) {
  std::size_t intact = 0;
  for (std::size_t k = 1; k <= steps_.size(); ++k) {
    SCOPED_TRACE(step_name(k));
    const auto dir = crash_at(k);
    // The next session (what every front end opens) finishes the erasure.
    PluginHost plugins(std::vector<std::filesystem::path>{});
    auto s = app::Session::open(dir, secret("pw"), plugins);
    ASSERT_TRUE(s.ok()) << s.error().message;
    Vault& vault = (*s)->vault();
    Person there{p_.id, blobs_in(dir)};
    if (journal_rows(vault) == 0) {
      expect_intact(vault, there);
      ++intact;
    } else {
      expect_erased(vault, there, "crashmarker");
    }
    s->reset();
    std::filesystem::remove_all(dir);
  }
  // Only the steps of the first transaction leave the person untouched.
  EXPECT_GT(intact, 0u);
  EXPECT_LT(intact, steps_.size() / 4);
}

TEST_F(ErasureCrash, EveryStepIsResumedByTheNextErasureRun) {
  steps_ = count_steps(true);
  for (std::size_t k = 1; k <= steps_.size(); ++k) {
    SCOPED_TRACE(step_name(k));
    const auto dir = tmp_ / ("run-" + std::to_string(k));
    copy_vault(tmpl_, dir);
    auto v = Vault::open(dir, secret("pw"));  // open before the crash: no resume at open
    ASSERT_TRUE(v.ok());
    {
      test::FaultEnv env;
      (void)erase_through(env, dir, p_.id, k);
      EXPECT_TRUE(env.crashed());
    }
    const bool recorded = journal_rows(**v) > 0;
    auto next = erase_contact(**v, bystander_, ErasureReason::Manual);
    ASSERT_TRUE(next.ok()) << next.error().message;
    if (!recorded) {
      expect_intact(**v, {p_.id, blobs_in(dir)});
      v->reset();
      std::filesystem::remove_all(dir);
      continue;
    }
    EXPECT_EQ(test::sql_count(**v, "SELECT count(*) FROM erasure_journal WHERE state = 'done'"), 2);
    EXPECT_EQ(test::sql_count(**v, "SELECT count(*) FROM contacts"), 0);
    for (const auto& b : blobs_in(dir)) EXPECT_FALSE(std::filesystem::exists(b)) << b;
    EXPECT_EQ(test::sql_count(**v, "SELECT count(*) FROM search_terms WHERE term = 'crashmarker'"), 0);
    v->reset();
    std::filesystem::remove_all(dir);
  }
}

TEST(ErasureLockTest, OnlyOneEraserAtATime) {
  test::TempDir tmp;
  services::ErasureLock a;
  ASSERT_TRUE(a.acquire(Env::posix(), tmp.path(), false).ok());
  services::ErasureLock b;
  auto s = b.acquire(Env::posix(), tmp.path(), false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::Conflict);
}

TEST(DefaultShredder, OverwritesTheOldInodeBeforeUnlinking) {
  test::TempDir tmp;
  const auto file = tmp / "blob";
  const std::string original(3 * 1024 * 1024 + 17, 'S');
  test::write_file(file, original);
  int fd = ::open(file.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(storage::shred_file(Env::posix(), file).ok());
  EXPECT_FALSE(std::filesystem::exists(file));
  std::string after(original.size(), '\0');
  ASSERT_EQ(::pread(fd, after.data(), after.size(), 0), static_cast<ssize_t>(after.size()));
  ::close(fd);
  std::size_t same = 0;
  for (std::size_t i = 0; i < after.size(); ++i) same += after[i] == 'S';
  // A keystream byte equals 'S' with probability 1/256.
  EXPECT_LT(same, after.size() / 128) << "the old content was not overwritten";
  EXPECT_TRUE(storage::shred_file(Env::posix(), file).ok()) << "a missing file is already shredded";
}

TEST(DefaultShredder, RemovesASymlinkButNotItsTarget) {
  test::TempDir tmp;
  test::write_file(tmp / "target", "keep me");
  std::filesystem::create_symlink(tmp / "target", tmp / "link");
  ASSERT_TRUE(storage::shred_file(Env::posix(), tmp / "link").ok());
  EXPECT_FALSE(std::filesystem::is_symlink(tmp / "link"));
  EXPECT_EQ(test::read_file(tmp / "target"), "keep me");
}

}  // namespace
}  // namespace coffre
