// Vaults made by the Coffre of every schema version (tests/fixtures/vaults/, README.md there says
// which commit made each and how) open with today's code: migrated to the latest schema, every
// person, note, interaction and document readable, the erased person still gone and still
// suppressed, the audit chain intact, and new writes (a note, an erasure) working on old data.
// Each test works on a copy: opening migrates a vault, and the committed one must stay as made.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "coffre/audit.h"
#include "coffre/check.h"
#include "coffre/documents.h"
#include "coffre/consent.h"
#include "coffre/erasure.h"
#include "coffre/import.h"
#include "coffre/progress.h"
#include "coffre/stores.h"
#include "coffre/suppression.h"
#include "coffre/vault.h"
#include "fakes/sql_contacts.h"
#include "fakes/test_support.h"
#include "storage/migrations.h"
#include "vault/context.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(COFFRE_FIXTURE_DIR) / "vaults";

// git keeps no modes and no empty folders: the copy gets what `coffre init` gives a vault (0700
// folders, 0600 files, a blobs/ folder even when it holds nothing).
void copy_private(const fs::path& from, const fs::path& to) {
  fs::copy(from, to, fs::copy_options::recursive);
  fs::create_directories(to / "blobs");
  ::chmod(to.c_str(), 0700);
  for (const auto& e : fs::recursive_directory_iterator(to))
    ::chmod(e.path().c_str(), e.is_directory() ? 0700 : 0600);
}

std::string passphrase() {
  std::string p = test::read_file(kFixtures / "PASSPHRASE");
  while (!p.empty() && (p.back() == '\n' || p.back() == '\r')) p.pop_back();
  return p;
}

bool has_value(const std::vector<Labelled>& list, const std::string& value) {
  return std::any_of(list.begin(), list.end(), [&](const Labelled& l) { return l.value == value; });
}

std::size_t blob_files(const fs::path& vault) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(vault / "blobs"))
    if (e.is_regular_file()) ++n;
  return n;
}

class OldVault : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(initialise_runtime().ok());
    const fs::path fixture = kFixtures / ("v" + std::to_string(GetParam()));
    ASSERT_TRUE(fs::exists(fixture / "keyslots")) << fixture;
    copy_private(fixture, dir_);
    auto v = Vault::open(dir_, test::secret(passphrase()));
    ASSERT_TRUE(v.ok()) << v.error().message;
    vault_ = std::move(*v);
  }

  int version() const { return GetParam(); }
  Contact only_contact_with_email(const std::string& email) {
    ContactStore contacts(*vault_);
    auto ids = contacts.find_by_email(email);
    EXPECT_TRUE(ids.ok());
    if (!ids.ok() || ids->size() != 1) {
      ADD_FAILURE() << "expected one contact with " << email;
      return {};
    }
    auto c = contacts.get(ids->front());
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : Contact{};
  }

  test::TempDir tmp_;
  const fs::path dir_ = tmp_ / "vault";
  std::unique_ptr<Vault> vault_;
};

TEST_P(OldVault, IsMigratedToTheLatestSchemaAndStaysConsistent) {
  auto schema = storage::current_schema_version(vault_->context().db);
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(*schema, storage::latest_schema_version());
  auto audit = verify_audit(*vault_);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->ok) << audit->reason;
  EXPECT_GT(audit->entries, 0);
  auto check = check_vault(*vault_);
  ASSERT_TRUE(check.ok());
  for (const auto& item : check->items) EXPECT_TRUE(item.ok) << item.name << ": " << item.detail;
}

TEST_P(OldVault, HoldsWhatItsVersionPutIn) {
  ContactStore contacts(*vault_);
  auto count = contacts.count();
  ASSERT_TRUE(count.ok());
  // v1 had no command that writes data; v3 added two people by import.
  EXPECT_EQ(*count, version() == 1 ? 0 : version() == 2 ? 2 : 4);
  if (version() == 1) return;

  Contact helene = only_contact_with_email("h.dupont@exemple.fr");
  EXPECT_EQ(helene.first_name, "Hélène");
  EXPECT_EQ(helene.last_name, "Dupont");
  EXPECT_EQ(helene.role, "Gérante");
  EXPECT_EQ(helene.org_name, "Boulangerie Dupont");
  EXPECT_TRUE(has_value(helene.phones, "+33612345678"));
  EXPECT_TRUE(helene.last_inbound_at.has_value());  // the inbound e-mail moved the retention clock

  Contact marc = only_contact_with_email("m.lefevre@perso.exemple");
  EXPECT_EQ(marc.last_name, "Lefèvre");
  EXPECT_TRUE(has_value(marc.emails, "marc.lefevre@exemple.com"));
  EXPECT_TRUE(has_value(marc.phones, "+33711223344"));
  EXPECT_EQ(marc.org_name, "Société Générale");
  EXPECT_EQ(marc.category, Category::Client);

  NoteStore notes(*vault_);
  auto helene_notes = notes.for_contact(helene.id);
  ASSERT_TRUE(helene_notes.ok());
  ASSERT_EQ(helene_notes->size(), 1u);
  EXPECT_EQ(helene_notes->front().body, "Rappeler après le salon");

  InteractionStore interactions(*vault_);
  auto calls = interactions.for_contact(helene.id);
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 2u);
  auto call = std::find_if(calls->begin(), calls->end(), [](const Interaction& i) { return i.kind == InteractionKind::Call; });
  ASSERT_NE(call, calls->end());
  EXPECT_EQ(call->outcome, Outcome::NoAnswer);
  EXPECT_EQ(call->direction, Direction::Outbound);

  // The search index was rebuilt by migration 4 from the old rows: accents folded, notes found.
  auto found = contacts.search("helene");
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().id, helene.id);
  auto by_note = contacts.search("salon");
  ASSERT_TRUE(by_note.ok());
  EXPECT_EQ(by_note->size(), 1u);
}

TEST_P(OldVault, DocumentsDecryptToWhatWasAdded) {
  if (version() == 1) GTEST_SKIP() << "v1 had no documents";
  Contact helene = only_contact_with_email("h.dupont@exemple.fr");
  DocumentStore docs(*vault_);
  auto list = docs.list(helene.id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().name, "devis.txt");
  const fs::path out = tmp_ / "devis.txt";
  ASSERT_TRUE(docs.get(list->front().id, out, NullProgress::instance()).ok());
  EXPECT_EQ(test::read_file(out), test::read_file(kFixtures / "devis.txt"));
}

TEST_P(OldVault, TheErasedPersonIsGoneAndSuppressed) {
  if (version() == 1) GTEST_SKIP() << "v1 had no erasure";
  ContactStore contacts(*vault_);
  auto ids = contacts.find_by_email("p.martin@exemple.org");
  ASSERT_TRUE(ids.ok());
  EXPECT_TRUE(ids->empty());
  auto martin = contacts.search("martin");
  ASSERT_TRUE(martin.ok());
  EXPECT_TRUE(martin->empty());
  auto email = is_suppressed_email(*vault_, "p.martin@exemple.org");
  ASSERT_TRUE(email.ok());
  EXPECT_TRUE(*email);
  auto phone = is_suppressed_phone(*vault_, "+33655443322");
  ASSERT_TRUE(phone.ok());
  EXPECT_TRUE(*phone);
  auto other = is_suppressed_email(*vault_, "h.dupont@exemple.fr");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(*other);
  // Only Hélène's blob is left (and from v15 Marc's invoice): Paul's was shredded by his erasure.
  EXPECT_EQ(blob_files(dir_), version() >= 15 ? 2u : 1u);
}

TEST_P(OldVault, ImportsAndSuppressionsOfV3AreKept) {
  if (version() < 3) GTEST_SKIP() << "import and `suppression add` came with v3";
  Contact claire = only_contact_with_email("claire.bernard@exemple.fr");
  EXPECT_EQ(claire.first_name, "Claire");
  EXPECT_EQ(claire.org_name, "Atelier Bernard");
  EXPECT_TRUE(has_value(claire.phones, "+33123456789"));
  auto batches = list_import_batches(*vault_);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 1u);
  EXPECT_EQ(batches->front().source, "Salon 2026");
  EXPECT_EQ(batches->front().file_name, "prospects.csv");
  EXPECT_EQ(batches->front().added, 2);
  // Migration 8 rebuilt import_batches: what earlier versions recorded is kept as it was.
  EXPECT_EQ(batches->front().basis, LawfulBasis::LegitimateInterest);
  if (version() < 8) {
    EXPECT_EQ(batches->front().kind, ContactKind::B2B);
    EXPECT_EQ(batches->front().collected_from, "");
  } else {
    EXPECT_FALSE(batches->front().kind.has_value());  // no --b2b: per row, both inferred B2B (a company)
    EXPECT_EQ(batches->front().collected_from, "file-date");
  }
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM contact_provenance p JOIN import_batches b ON b.id = "
                                     "p.batch_id"),
            2);
  auto suppressed = is_suppressed_email(*vault_, "ne.plus.appeler@exemple.fr");
  ASSERT_TRUE(suppressed.ok());
  EXPECT_TRUE(*suppressed);
}

TEST_P(OldVault, KeepsItsConsentLedgerAndAWithdrawalOutlivesTheErasure) {
  if (version() < 7) GTEST_SKIP() << "the consent ledger came with v7";
  if (version() == 8) GTEST_SKIP() << "v8 was made on the imports branch, before the ledger was merged";
  Contact marc = only_contact_with_email("marc.lefevre@exemple.com");
  auto history = ConsentStore(*vault_).history(marc.id);
  ASSERT_TRUE(history.ok()) << history.error().message;
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].notice_version, "v1");
  auto state = consent_state(*history, Channel::Email, "prospecting");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->status, ConsentEventKind::Withdrawn);
  auto bad = ConsentStore(*vault_).verify_hashes();
  ASSERT_TRUE(bad.ok());
  EXPECT_TRUE(bad->empty());
  auto proof = erase_contact(*vault_, marc.id, ErasureReason::Manual);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_EQ(proof->consent_kept, std::vector<std::string>{"email"});
  auto kept = is_suppressed_for_channel(*vault_, Channel::Email, {"marc.lefevre@exemple.com"}, {});
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(*kept);
}

TEST_P(OldVault, KeepsAnInvoicePastItsPersonsErasure) {
  if (version() < 15) GTEST_SKIP() << "document kinds came with v15";
  Contact marc = only_contact_with_email("marc.lefevre@exemple.com");
  auto docs = DocumentStore(*vault_).list(marc.id);
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ(docs->front().kind, DocumentKind::Invoice);
  auto proof = erase_contact(*vault_, marc.id, ErasureReason::Manual);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_EQ(proof->documents_kept, 1);
  EXPECT_EQ(proof->documents, 0);
  const fs::path out = tmp_ / "facture.txt";
  ASSERT_TRUE(DocumentStore(*vault_).get(docs->front().id, out, NullProgress::instance()).ok());
  EXPECT_EQ(test::read_file(out), test::read_file(kFixtures / "devis.txt"));
}

TEST_P(OldVault, TakesNewWritesAndErasesOldData) {
  ContactStore contacts(*vault_);
  NewContact anne;
  anne.first_name = "Anne";
  anne.last_name = "Roux";
  anne.emails = {{"anne.roux@exemple.fr", std::nullopt}};
  auto anne_id = contacts.add(anne);
  ASSERT_TRUE(anne_id.ok()) << anne_id.error().message;
  // Paul Martin (id 3) was erased: his id is never given again (migration 5 starts above the
  // highest id the erasure journal names).
  if (version() >= 2) {
    EXPECT_GT(*anne_id, 3);
  }
  if (version() >= 2) {
    Contact helene = only_contact_with_email("h.dupont@exemple.fr");
    auto proof = erase_contact(*vault_, helene.id, ErasureReason::Manual);
    ASSERT_TRUE(proof.ok()) << proof.error().message;
    EXPECT_TRUE(proof->subject_key_destroyed);
    EXPECT_EQ(proof->documents, 1);
    EXPECT_EQ(blob_files(dir_), version() >= 15 ? 1u : 0u);  // v15: Marc's invoice is still his
  }
  auto audit = verify_audit(*vault_);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->ok) << audit->reason;
}

INSTANTIATE_TEST_SUITE_P(EverySchemaVersion, OldVault, ::testing::Values(1, 2, 3, 4, 5, 7, 8, 10, 15),
                         [](const ::testing::TestParamInfo<int>& p) { return "v" + std::to_string(p.param); });

// A new schema version must come with its fixture: this fails until tests/fixtures/vaults/v<N>
// exists for the latest migration, and the list above names it.
TEST(OldVaults, ThereIsAFixtureForTheLatestSchema) {
  EXPECT_EQ(storage::latest_schema_version(), 16) << "add tests/fixtures/vaults/v"
                                                 << storage::latest_schema_version() << " and list it above";
  EXPECT_TRUE(fs::exists(kFixtures / ("v" + std::to_string(storage::latest_schema_version())) / "keyslots"));
}

}  // namespace
}  // namespace coffre
