// Backups (issue 15): a round trip restores every table of the data map, the documents and the kept
// accounting records, and opens with the passphrase and the recovery code; a person erased after
// the backup is erased again at restore from the live ledger (decrypted pages and raw bytes
// scanned, the objection still suppresses) and refused without one; flipped bytes, truncations and
// swapped chunks are detected naming the offset, with nothing restored; a killed create leaves no
// file under FILE's name and a killed restore nothing that opens as a vault.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coffre/app/backup.h"
#include "coffre/check.h"
#include "coffre/data_map.h"
#include "coffre/documents.h"
#include "coffre/erasure.h"
#include "coffre/retention.h"
#include "crypto/crypto.h"
#include "fakes/sql_contacts.h"
#include "fakes/sqlcipher_pages.h"
#include "fakes/test_support.h"
#include "model/suppression_list.h"
#include "services/erasure_ledger.h"
#include "vault/context.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto code = Vault::create(dir_, pw_, test::fast_kdf(), test::with_clock(&clock_));
    ASSERT_TRUE(code.ok()) << code.error().message;
    code_ = test::secret(*code);
    auto s = app::Session::open(dir_, pw_, plugins_, app::SessionOptions{&clock_});
    ASSERT_TRUE(s.ok()) << s.error().message;
    session_ = std::move(*s);
  }
  Vault& vault() { return session_->vault(); }
  Id add_person(const std::string& marker, bool with_document, DocumentKind kind = DocumentKind::Other) {
    test::SqlContact c;
    c.first_name = marker;
    c.emails = {marker + "@example.fr"};
    c.notes = {"note " + marker};
    c.interaction_summary = "call " + marker;
    const Id id = test::add_sql_contact(vault(), c);
    if (with_document) {
      const auto f = tmp_ / (marker + ".txt");
      std::string content;
      while (content.size() < 150000) content += "document of " + marker + " ";
      test::write_file(f, content);
      DocumentOptions o;
      o.kind = kind;
      o.dated_at = clock_.now();
      auto d = DocumentStore(vault()).add(id, f, NullProgress::instance(), o);
      EXPECT_TRUE(d.ok()) << d.error().message;
      fs::remove(f);
    }
    return id;
  }
  app::BackupReport backup(const std::string& name) {
    auto r = app::create_backup(*session_, tmp_ / name, NullProgress::instance());
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : app::BackupReport{};
  }
  Result<app::RestoreReport> restore(const fs::path& file, const fs::path& to, std::optional<fs::path> ledger,
                                     bool accept = false, bool with_code = false) {
    app::RestoreRequest req{file, to, std::move(ledger), accept};
    return app::restore_backup(req, {with_code ? &code_ : &pw_, with_code}, plugins_, NullProgress::instance(),
                               app::SessionOptions{&clock_});
  }
  fs::path live_ledger() const { return dir_ / services::kLedgerFileName; }

  test::TempDir tmp_;
  const fs::path dir_ = tmp_ / "v";
  test::FakeClock clock_;
  PluginHost plugins_{{fs::path(COFFRE_BINARY_DIR)}};
  std::unique_ptr<app::Session> session_;
  SecretBytes pw_ = test::secret("pw");
  SecretBytes code_;
};

TEST_F(BackupTest, RoundTripRestoresEveryTableDocumentsAndKeptRecordsAndOpensWithTheRecoveryCode) {
  const Id alice = add_person("alice", true);
  add_person("bruno", false);
  // An accounting record kept past its person's erasure (migration 15): its blob and its own key.
  const Id carla = add_person("carla", true, DocumentKind::Invoice);
  ASSERT_TRUE(erase_contact(vault(), carla, ErasureReason::Manual).ok());
  ASSERT_EQ(test::sql_count(vault(), "SELECT count(*) FROM kept_documents"), 1);
  const auto report = backup("b.coffre");
  EXPECT_EQ(report.contacts, 2);
  EXPECT_EQ(report.documents, 1);
  EXPECT_EQ(report.sha256.size(), 64u);
  EXPECT_EQ(fs::file_size(tmp_ / "b.coffre"), report.bytes);
  EXPECT_EQ((fs::status(tmp_ / "b.coffre").permissions() & fs::perms::all), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(test::read_file(tmp_ / "b.coffre").find("alice"), std::string::npos);
  auto verified = app::verify_backup(tmp_ / "b.coffre", {&pw_}, plugins_, NullProgress::instance());
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->contacts, 2);
  EXPECT_EQ(verified->ledger_records, 1);
  // The recovery code opens the backup as it opens the vault.
  auto r = restore(tmp_ / "b.coffre", tmp_ / "restored", live_ledger(), false, /*with_code=*/true);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->certificates.empty());
  {
    auto by_code = app::Session::open_with_recovery_code(tmp_ / "restored", code_, plugins_);
    ASSERT_TRUE(by_code.ok()) << by_code.error().message;
  }
  auto s = app::Session::open(tmp_ / "restored", pw_, plugins_);
  ASSERT_TRUE(s.ok()) << s.error().message;
  Vault& restored = (*s)->vault();
  // Every table the data map knows, row for row. The audit log: the live vault recorded the backup
  // after its snapshot (backup.create, with the file's SHA-256), the restored one its restore.
  for (const auto& t : data_map::tables()) {
    const std::string sql = "SELECT count(*) FROM " + std::string(t.name);
    const auto live = test::sql_count(vault(), sql);
    EXPECT_EQ(test::sql_count(restored, sql), live) << t.name;
  }
  EXPECT_EQ(test::sql_count(restored, "SELECT count(*) FROM audit_log WHERE action = 'backup.restore'"), 1);
  EXPECT_EQ(test::sql_count(restored, "SELECT count(*) FROM audit_log WHERE action = 'backup.create'"), 0);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM audit_log WHERE action = 'backup.create' AND details LIKE "
                                     "'%sha256=" + report.sha256 + "%'"),
            1);
  // The documents decrypt to what was added, the kept accounting record too.
  auto docs = DocumentStore(restored).list(alice);
  ASSERT_TRUE(docs.ok() && docs->size() == 1u);
  ASSERT_TRUE(DocumentStore(restored).get(docs->front().id, tmp_ / "alice.out", NullProgress::instance()).ok());
  EXPECT_NE(test::read_file(tmp_ / "alice.out").find("document of alice"), std::string::npos);
  auto kept = DocumentStore(restored).list_kept();
  ASSERT_TRUE(kept.ok() && kept->size() == 1u);
  ASSERT_TRUE(DocumentStore(restored).get(kept->front().id, tmp_ / "carla.out", NullProgress::instance()).ok());
  EXPECT_NE(test::read_file(tmp_ / "carla.out").find("document of carla"), std::string::npos);
  // The restored vault carries the ledger, and checks clean.
  EXPECT_EQ(test::read_file(tmp_ / "restored" / services::kLedgerFileName), test::read_file(live_ledger()));
  auto checked = check_vault(restored);
  ASSERT_TRUE(checked.ok());
  EXPECT_TRUE(checked->ok());
  for (const auto& e : fs::recursive_directory_iterator(tmp_ / "restored"))
    if (e.is_regular_file()) {
      EXPECT_EQ((e.status().permissions() & (fs::perms::group_all | fs::perms::others_all)), fs::perms::none) << e.path();
    }
}

TEST_F(BackupTest, APersonErasedAfterTheBackupIsErasedAgainAtRestore) {
  const Id gone = add_person("resurrectqz", true);
  const Id held = add_person("heldqz", false);
  add_person("stays", true);
  // A person under a legal hold in the backup, erased with an override in the live vault after it:
  // the replay erases them too (docs/design-decisions.md, "Backups and the erasure ledger").
  ASSERT_TRUE(add_hold(vault(), held, "litige", std::nullopt).ok());
  backup("b.coffre");
  const std::string subject = test::pseudonym_of(vault(), gone);
  ASSERT_TRUE(erase_contact(vault(), gone, ErasureReason::Objection).ok());
  ErasureOptions override_hold;
  override_hold.override_hold = "settled";
  ASSERT_TRUE(erase_contact(vault(), held, ErasureReason::Request, override_hold).ok());
  // Without a ledger: refused, saying what is at risk, nothing restored.
  auto refused = restore(tmp_ / "b.coffre", tmp_ / "r0", std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Conflict);
  EXPECT_NE(refused.error().message.find("would come back"), std::string::npos);
  EXPECT_FALSE(fs::exists(tmp_ / "r0"));
  // The backup's own (older) ledger is no newer ledger: it holds nothing of what came after.
  auto r = restore(tmp_ / "b.coffre", tmp_ / "r1", live_ledger());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->ledger_records_after_backup, 2);
  ASSERT_EQ(r->certificates.size(), 2u);
  EXPECT_NE(r->certificates[0].find("erased again at restore"), std::string::npos);
  auto s = app::Session::open(tmp_ / "r1", pw_, plugins_);
  ASSERT_TRUE(s.ok()) << s.error().message;
  Vault& v = (*s)->vault();
  EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM contacts WHERE pseudonym = '" + subject + "'"), 0);
  EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM contacts"), 1);
  EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(test::sql_count(v, "SELECT count(*) FROM subject_keys"), 1);
  // The objection still keeps them out.
  auto suppressed = model::is_suppressed(v.context(), model::SuppressionKind::Email, "resurrectqz@example.fr");
  ASSERT_TRUE(suppressed.ok());
  EXPECT_TRUE(*suppressed);
  // Decrypted pages of the restored database and WAL: no trace of either person.
  const SecretBytes db_key = crypto::derive_subkey(v.context().master_key, crypto::SubkeyId::Database);
  const std::string pages = test::decrypt_all_pages(db_key, v.context().db_path());
  EXPECT_GT(pages.size(), 8u * 4096);
  for (const char* m : {"resurrectqz", "heldqz"}) EXPECT_EQ(pages.find(m), std::string::npos) << m;
  EXPECT_NE(pages.find("stays"), std::string::npos) << "control: the person who stays";
  // Raw bytes: nothing anywhere in the restored folder.
  EXPECT_TRUE(test::files_containing(tmp_ / "r1", "resurrectqz").empty());
  EXPECT_TRUE(test::files_containing(tmp_ / "r1", "document of").empty());
  auto proof = verify_erasure_certificate(v, r->certificates[0]);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_TRUE(proof->erased_again_at_restore);
  EXPECT_EQ(proof->subject, subject);
}

TEST_F(BackupTest, ALedgerOfAnotherVaultOrOlderThanTheBackupIsRefused) {
  const Id a = add_person("first", false);
  ASSERT_TRUE(erase_contact(vault(), a, ErasureReason::Manual).ok());
  const std::string one_record = test::read_file(live_ledger());
  add_person("second", false);
  backup("b.coffre");
  // A ledger cut back to before the backup's own records: not its continuation.
  const auto genesis_only = tmp_ / "genesis-only";
  test::write_file(genesis_only, one_record.substr(0, one_record.find('\n') + 1));
  auto r = restore(tmp_ / "b.coffre", tmp_ / "r", genesis_only);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("older than the backup"), std::string::npos) << r.error().message;
  // Another vault's ledger.
  ASSERT_TRUE(Vault::create(tmp_ / "other", pw_, test::fast_kdf()).ok());
  r = restore(tmp_ / "b.coffre", tmp_ / "r", tmp_ / "other" / services::kLedgerFileName);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("another vault"), std::string::npos) << r.error().message;
  EXPECT_FALSE(fs::exists(tmp_ / "r"));
}

TEST_F(BackupTest, RestoreNeverWritesIntoAFolderThatHoldsSomething) {
  backup("b.coffre");
  auto r = restore(tmp_ / "b.coffre", dir_, live_ledger());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Conflict);
  auto again = app::create_backup(*session_, tmp_ / "b.coffre", NullProgress::instance());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Conflict);
}

// The file's layout, for the tamper matrix: where the stream and each sealed chunk start.
struct Layout {
  std::size_t stream = 0;  // the secretstream header
  std::vector<std::size_t> chunks;
};
Layout layout_of(const std::string& file) {
  Layout l;
  const std::uint32_t n = static_cast<std::uint8_t>(file[12]) | static_cast<std::uint8_t>(file[13]) << 8 |
                          static_cast<std::uint8_t>(file[14]) << 16 | static_cast<std::uint32_t>(static_cast<std::uint8_t>(file[15])) << 24;
  l.stream = 16 + n;
  for (std::size_t at = l.stream + 24; at < file.size(); at += 65536 + 17) l.chunks.push_back(at);
  return l;
}

class BackupTamperTest : public BackupTest {
 protected:
  void SetUp() override {
    BackupTest::SetUp();
    add_person("tamper", true);
    backup("b.coffre");
    good_ = test::read_file(tmp_ / "b.coffre");
    fs::create_directories(tmp_ / "bad");
  }
  // Every chunk and record read, nothing written: the check a restore makes before anything else.
  Status scan(const std::string& bytes) {
    test::write_file(tmp_ / "bad" / "x.coffre", bytes);
    auto l = app::list_backups(tmp_ / "bad", {nullptr, false, &vault().context().master_key}, NullProgress::instance());
    if (!l.ok()) return l.error();
    if (l->empty()) return make_error(ErrorKind::Corruption, "not recognised as a backup (at offset 0)");
    if (!l->front().verified) return make_error(ErrorKind::Corruption, l->front().problem);
    return {};
  }
  std::string good_;
};

TEST_F(BackupTamperTest, SampledFlippedBytesTruncationsAndASwappedChunkAreDetectedAndNothingIsRestored) {
  ASSERT_TRUE(scan(good_).ok()) << "control";
  const Layout l = layout_of(good_);
  ASSERT_GE(l.chunks.size(), 3u);
  // Every byte of the prelude, the stream header and around each chunk boundary; a sample elsewhere.
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < 16; ++i) offsets.push_back(i);
  for (std::size_t i = l.stream - 4; i < l.stream + 24 + 4; ++i) offsets.push_back(i);
  for (std::size_t c : l.chunks)
    for (std::size_t i = c - 2; i < c + 2 && i < good_.size(); ++i) offsets.push_back(i);
  for (std::size_t i = 16; i < good_.size(); i += good_.size() / 200 + 1) offsets.push_back(i);
  offsets.push_back(good_.size() - 1);
  for (std::size_t off : offsets) {
    std::string bad = good_;
    bad[off] = static_cast<char>(bad[off] ^ 0x01);
    EXPECT_FALSE(scan(bad).ok()) << "flip at " << off;
  }
  // Through restore itself: named offset, nothing left behind.
  for (std::size_t off : {std::size_t{20}, l.chunks[1] + 100, good_.size() - 1}) {
    SCOPED_TRACE(off);
    std::string bad = good_;
    bad[off] = static_cast<char>(bad[off] ^ 0x80);
    test::write_file(tmp_ / "bad.coffre", bad);
    auto r = restore(tmp_ / "bad.coffre", tmp_ / "out", live_ledger());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Corruption) << r.error().message;
    EXPECT_NE(r.error().message.find("bad.coffre"), std::string::npos) << r.error().message;
    EXPECT_FALSE(fs::exists(tmp_ / "out"));
  }
  {  // a flip inside chunk 1 is reported at chunk 1's offset
    std::string bad = good_;
    bad[l.chunks[1] + 100] ^= 0x01;
    test::write_file(tmp_ / "bad.coffre", bad);
    auto r = restore(tmp_ / "bad.coffre", tmp_ / "out", live_ledger());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("chunk 1 fails authentication"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("offset " + std::to_string(l.chunks[1])), std::string::npos) << r.error().message;
  }
  for (std::size_t cut : {good_.size() - 1, good_.size() - 17, l.chunks[1], l.chunks[2] + 5, l.stream + 10,
                          std::size_t{20}, std::size_t{0}}) {
    SCOPED_TRACE(cut);
    test::write_file(tmp_ / "bad.coffre", good_.substr(0, cut));
    auto r = restore(tmp_ / "bad.coffre", tmp_ / "out", live_ledger());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("offset"), std::string::npos) << r.error().message;
    EXPECT_FALSE(fs::exists(tmp_ / "out"));
  }
  {  // chunks 1 and 2 swapped; and chunk 1 twice (2 dropped)
    std::string swapped = good_;
    const std::size_t a = l.chunks[1], b = l.chunks[2], n = 65536 + 17;
    swapped.replace(a, n, good_.substr(b, n));
    swapped.replace(b, n, good_.substr(a, n));
    EXPECT_FALSE(scan(swapped).ok());
    test::write_file(tmp_ / "bad.coffre", swapped);
    auto r = restore(tmp_ / "bad.coffre", tmp_ / "out", live_ledger());
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("offset " + std::to_string(a)), std::string::npos) << r.error().message;
    std::string dup = good_;
    dup.replace(b, n, good_.substr(a, n));
    EXPECT_FALSE(scan(dup).ok());
  }
  {  // a chunk taken from another backup of the same vault (same key slots, other key)
    backup("c.coffre");
    const std::string other = test::read_file(tmp_ / "c.coffre");
    const Layout lo = layout_of(other);
    std::string mixed = good_;
    mixed.replace(l.chunks[1], 65536 + 17, other.substr(lo.chunks[1], 65536 + 17));
    EXPECT_FALSE(scan(mixed).ok());
  }
  for (const auto& e : fs::directory_iterator(tmp_.path()))
    EXPECT_EQ(e.path().filename().string().find(".out."), std::string::npos) << e.path();
}

// A process killed part-way: the child runs the operation and dies (_exit, no clean-up) from its
// progress callback once `after` bytes are done.
class DieAt final : public Progress {
 public:
  explicit DieAt(std::uint64_t after) : after_(after) {}
  void start(std::string_view, std::uint64_t) override {}
  void advance(std::uint64_t done) override {
    if (done >= after_) ::_exit(9);
  }
  void finish() override {}

 private:
  std::uint64_t after_;
};

template <typename F>
int in_child(F f) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    f();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST_F(BackupTest, AKilledCreateLeavesNoFileUnderItsNameAndAKilledRestoreNothingThatOpens) {
  add_person("crash", true);
  add_person("crash2", true);
  const auto file = tmp_ / "b.coffre";
  const int code = in_child([&] {
    auto s = app::Session::open(dir_, pw_, plugins_);
    if (!s.ok()) ::_exit(2);
    DieAt die(200000);
    (void)app::create_backup(**s, file, die);
  });
  ASSERT_EQ(code, 9) << "the child did not die part-way";
  EXPECT_FALSE(fs::exists(file));
  int temps = 0;
  for (const auto& e : fs::directory_iterator(tmp_.path())) temps += e.path().filename().string().rfind(".b.coffre.", 0) == 0;
  EXPECT_EQ(temps, 1) << "the partial temp file, under its own name";
  // The vault is untouched and a new backup goes through.
  backup("b.coffre");
  const auto to = tmp_ / "restored";
  const int rcode = in_child([&] {
    app::RestoreRequest req{file, to, live_ledger(), false};
    DieAt die(250000);
    (void)app::restore_backup(req, {&pw_}, plugins_, die);
  });
  ASSERT_EQ(rcode, 9);
  EXPECT_FALSE(fs::exists(to));
  int staged = 0;
  for (const auto& e : fs::directory_iterator(tmp_.path())) {
    if (e.path().filename().string().rfind(".restored.restore-", 0) != 0) continue;
    ++staged;
    EXPECT_TRUE(fs::exists(e.path() / kRestoreMarker));
    auto opened = Vault::open(e.path(), pw_);
    ASSERT_FALSE(opened.ok());
    EXPECT_NE(opened.error().message.find("unfinished restore"), std::string::npos) << opened.error().message;
  }
  EXPECT_EQ(staged, 1);
  // Restoring again into the same target works.
  auto r = restore(file, to, live_ledger());
  ASSERT_TRUE(r.ok()) << r.error().message;
}

TEST_F(BackupTest, ListSaysWhichVerifyAndPruneShredsOnlyThisVaultsOldBackupsAndCertificatesCiteIt) {
  fs::create_directories(tmp_ / "bk");
  add_person("pruned", false);
  ASSERT_TRUE(app::create_backup(*session_, tmp_ / "bk" / "old.coffre", NullProgress::instance()).ok());
  clock_.advance(40 * 86400);
  ASSERT_TRUE(app::create_backup(*session_, tmp_ / "bk" / "new.coffre", NullProgress::instance()).ok());
  test::write_file(tmp_ / "bk" / "notes.txt", "not a backup");
  {  // a damaged backup is listed as not verified
    std::string bad = test::read_file(tmp_ / "bk" / "new.coffre");
    bad[bad.size() - 3] ^= 1;
    test::write_file(tmp_ / "bk" / "damaged.coffre", bad);
  }
  auto list = app::list_backups(tmp_ / "bk", {&pw_}, NullProgress::instance());
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ(list->at(0).info.file.filename(), "old.coffre");
  EXPECT_TRUE(list->at(0).verified);
  EXPECT_EQ(list->at(0).info.contacts, 1);
  int verified = 0;
  for (const auto& e : *list) {
    verified += e.verified;
    if (e.info.file.filename() == "damaged.coffre") {
      EXPECT_NE(e.problem.find("offset"), std::string::npos) << e.problem;
    }
  }
  EXPECT_EQ(verified, 2);
  // Another vault's backup in the same folder is never touched.
  {
    ASSERT_TRUE(Vault::create(tmp_ / "other", pw_, test::fast_kdf(), test::with_clock(&clock_)).ok());
    auto other = app::Session::open(tmp_ / "other", pw_, plugins_, app::SessionOptions{&clock_});
    ASSERT_TRUE(other.ok());
    clock_.advance(-40 * 86400);
    ASSERT_TRUE(app::create_backup(**other, tmp_ / "bk" / "foreign.coffre", NullProgress::instance()).ok());
    clock_.advance(40 * 86400);
  }
  auto plan = app::plan_prune(*session_, tmp_ / "bk", 30 * 86400);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->pruned.size(), 1u);
  EXPECT_TRUE(fs::exists(tmp_ / "bk" / "old.coffre"));
  auto pruned = app::prune_backups(*session_, tmp_ / "bk", 30 * 86400, NullProgress::instance());
  ASSERT_TRUE(pruned.ok()) << pruned.error().message;
  ASSERT_EQ(pruned->pruned.size(), 1u);
  EXPECT_TRUE(pruned->pruned[0].shredded);
  EXPECT_EQ(pruned->keep_days, 30);
  EXPECT_FALSE(fs::exists(tmp_ / "bk" / "old.coffre"));
  EXPECT_TRUE(fs::exists(tmp_ / "bk" / "new.coffre"));
  EXPECT_TRUE(fs::exists(tmp_ / "bk" / "foreign.coffre"));
  EXPECT_TRUE(fs::exists(tmp_ / "bk" / "notes.txt"));
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM audit_log WHERE action = 'backup.prune'"), 1);
  auto days = app::backup_retention_days(*session_);
  ASSERT_TRUE(days.ok());
  EXPECT_EQ(days->value_or(0), 30);
  // An erasure certificate now cites the retention next to its residual-risk code.
  const Id p = add_person("certified", false);
  auto proof = erase_contact(vault(), p, ErasureReason::Manual);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(proof->backup_retention_days.value_or(0), 30);
  auto j = nlohmann::json::parse(proof->certificate);
  EXPECT_EQ(j["certificate"]["backup_retention"]["days"], 30);
  EXPECT_EQ(j["certificate"]["backup_retention"]["backups_expire_by"], format_utc(proof->at + 30 * 86400));
  auto read_back = verify_erasure_certificate(vault(), proof->certificate);
  ASSERT_TRUE(read_back.ok());
  EXPECT_EQ(read_back->backup_retention_days.value_or(0), 30);
}

}  // namespace
}  // namespace coffre
