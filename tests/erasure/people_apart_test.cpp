// What keeps people apart over time (issue 9 items 4, 5, 8; issue 17 item 4):
//  - an organisation created from the erased person's row and left with no one goes with them;
//    one that colleagues share, that the user added, or that holds notes of its own stays, and the
//    certificate says which and why;
//  - an import batch no person of which remains keeps only counts, not its source, file name or hash;
//  - a removed note does not come back when the same file is imported again; a row with a name but
//    no e-mail or phone is matched by name and organisation within the same source;
//  - contact ids are never reused (pseudonyms: ModelTest.PseudonymsTellNeither...);
//  - the forensic page scan of an imported person finds none of their fields, case-insensitively.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "coffre/erasure.h"
#include "coffre/import.h"
#include "coffre/stores.h"
#include "csv_importer.h"
#include "crypto/crypto.h"
#include "fakes/sql_contacts.h"
#include "fakes/sqlcipher_pages.h"
#include "fakes/vault_fixture.h"
#include "vault/context.h"

namespace coffre {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

class PeopleApart : public test::VaultTest {
 protected:
  ImportSummary import_csv(const std::string& name, const std::string& content, const std::string& source = "") {
    const auto file = tmp_ / name;
    test::write_file(file, content);
    ImportRequest r;
    r.options.path = file.string();
    r.format = "csv";
    r.source = source;
    plugin::csv::CsvImporter csv;
    auto s = run_import(*vault_, csv, r, NullProgress::instance());
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s.ok() ? *s : ImportSummary{};
  }
  Id by_email(const std::string& email) {
    auto ids = ContactStore(*vault_).find_by_email(email);
    EXPECT_TRUE(ids.ok() && ids->size() == 1u) << email;
    return ids.ok() && !ids->empty() ? ids->front() : 0;
  }
  std::int64_t sql(const std::string& q) { return test::sql_count(*vault_, q); }
  std::string sql_text(const std::string& q) {
    auto st = vault_->context().db.prepare(q);
    EXPECT_TRUE(st.ok());
    auto row = st->step();
    return row.ok() && *row ? st->column_text(0) : "";
  }
};

TEST_F(PeopleApart, AnOrganisationCreatedFromThePersonsRowGoesWithTheLastOfThem) {
  import_csv("boucherie.csv", "Nom;Prénom;Email;Société\nBenali;Karim;karim@benali.fr;Boucherie Benali\n");
  const Id id = by_email("karim@benali.fr");
  const auto org = sql("SELECT org_id FROM contacts WHERE id = " + std::to_string(id));
  ASSERT_GT(org, 0);
  const auto rows_before = sql("SELECT count(*) FROM organisations") + sql("SELECT count(*) FROM org_search_terms");

  auto proof = erase_contact(*vault_, id, ErasureReason::Request);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_EQ(proof->organisation, "erased");
  EXPECT_EQ(sql("SELECT count(*) FROM organisations"), 0);
  EXPECT_EQ(sql("SELECT count(*) FROM org_search_terms"), 0);
  EXPECT_EQ(rows_before, 3);  // the organisation and its two terms, "boucherie" and "benali"
  auto verified = verify_erasure_certificate(*vault_, proof->certificate);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->organisation, "erased");
  EXPECT_NE(proof->certificate.find("\"organisation\": \"erased\""), std::string::npos) << proof->certificate;
}

TEST_F(PeopleApart, ASharedOrganisationStaysAndTheCertificateSaysSo) {
  import_csv("acme.csv", "Nom;Prénom;Email;Société\nMartin;Léa;lea@acme.fr;Acme\nDurand;Paul;paul@acme.fr;Acme\n");
  auto proof = erase_contact(*vault_, by_email("lea@acme.fr"), ErasureReason::Manual);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_EQ(proof->organisation, "shared");
  EXPECT_EQ(sql("SELECT count(*) FROM organisations WHERE name = 'Acme'"), 1);
  // The last of them takes it.
  auto last = erase_contact(*vault_, by_email("paul@acme.fr"), ErasureReason::Manual);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->organisation, "erased");
  EXPECT_EQ(sql("SELECT count(*) FROM organisations"), 0);
}

TEST_F(PeopleApart, AnOrganisationTheUserAddedOrWroteNotesOnIsKeptAndListed) {
  auto added = OrganisationStore(*vault_).add(NewOrganisation{"Cabinet Lefèvre", {}, {}, {}, {}});
  ASSERT_TRUE(added.ok());
  NewContact a;
  a.last_name = "Lefèvre";
  a.emails = {{"anne@lefevre.fr", ""}};
  a.org_id = *added;
  auto aid = ContactStore(*vault_).add(a);
  ASSERT_TRUE(aid.ok());
  auto proof = erase_contact(*vault_, *aid, ErasureReason::Manual);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(proof->organisation, "kept");
  ASSERT_TRUE(proof->organisation_id.has_value());
  EXPECT_EQ(*proof->organisation_id, *added);
  EXPECT_NE(proof->organisation_why.find("org add"), std::string::npos);
  EXPECT_EQ(sql("SELECT count(*) FROM organisations"), 1);
  auto verified = verify_erasure_certificate(*vault_, proof->certificate);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->organisation_id, added.ok() ? std::optional<Id>(*added) : std::nullopt);

  NewContact b;
  b.last_name = "Petit";
  b.emails = {{"bob@petit.fr", ""}};
  b.org_name = "Garage Petit";
  auto bid = ContactStore(*vault_).add(b);
  ASSERT_TRUE(bid.ok());
  const auto org = sql("SELECT org_id FROM contacts WHERE id = " + std::to_string(*bid));
  ASSERT_TRUE(NoteStore(*vault_).add_to_organisation(org, "client depuis 2019").ok());
  auto kept = erase_contact(*vault_, *bid, ErasureReason::Manual);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->organisation, "kept");
  EXPECT_NE(kept->organisation_why.find("notes"), std::string::npos);
}

TEST_F(PeopleApart, ABatchNoOneRemainsOfKeepsOnlyItsCounts) {
  import_csv("salon-lyon-unique.csv", "Nom;Prénom;Email\nSeul;Jean;jean@seul.fr\n", "Salon Lyon 2026");
  import_csv("deux.csv", "Nom;Prénom;Email\nUn;A;a@un.fr\nDeux;B;b@deux.fr\n", "Deux");
  ASSERT_TRUE(erase_contact(*vault_, by_email("jean@seul.fr"), ErasureReason::Manual).ok());
  ASSERT_TRUE(erase_contact(*vault_, by_email("a@un.fr"), ErasureReason::Manual).ok());
  EXPECT_EQ(sql("SELECT count(*) FROM import_batches WHERE source = '' AND file_name = '' AND file_sha256 = '' AND "
                "scrubbed_at IS NOT NULL AND added = 1"),
            1);
  // Someone of the second file remains: its batch is still the proof of where they came from.
  EXPECT_EQ(sql("SELECT count(*) FROM import_batches WHERE source = 'Deux' AND file_name = 'deux.csv' AND "
                "scrubbed_at IS NULL"),
            1);
  auto batches = list_import_batches(*vault_);
  ASSERT_TRUE(batches.ok());
  EXPECT_EQ(batches->size(), 2u);
}

TEST_F(PeopleApart, UndoingAnImportBlanksItsBatch) {
  auto s = import_csv("undo-me.csv", "Nom;Prénom;Email\nA;B;ab@undo.fr\n", "a label");
  auto undone = undo_import(*vault_, s.batch, NullProgress::instance());
  ASSERT_TRUE(undone.ok()) << undone.error().message;
  EXPECT_EQ(sql_text("SELECT file_name || source || file_sha256 FROM import_batches"), "");
  EXPECT_EQ(sql("SELECT count(*) FROM import_batches WHERE undone_at IS NOT NULL"), 1);
}

TEST_F(PeopleApart, ARemovedNoteDoesNotComeBackWithTheSameFile) {
  const std::string file = "Nom;Prénom;Email;Commentaire\nMartin;Jeanne;jeanne@martin.fr;en arrêt maladie jusqu'en mai\n";
  import_csv("crm.csv", file);
  const Id id = by_email("jeanne@martin.fr");
  auto notes = NoteStore(*vault_).for_contact(id);
  ASSERT_TRUE(notes.ok());
  ASSERT_EQ(notes->size(), 1u);
  ASSERT_TRUE(NoteStore(*vault_).remove(notes->front().id).ok());
  import_csv("crm.csv", file);
  notes = NoteStore(*vault_).for_contact(id);
  ASSERT_TRUE(notes.ok());
  EXPECT_TRUE(notes->empty()) << "the removed note came back: " << notes->front().body;
  // The memory is a keyed hash, never the text.
  EXPECT_EQ(sql("SELECT count(*) FROM removed_notes WHERE contact_id = " + std::to_string(id)), 1);
  EXPECT_EQ(sql("SELECT count(*) FROM removed_notes WHERE instr(hash, 'maladie')"), 0);
  // A different comment still comes in.
  import_csv("crm.csv", "Nom;Prénom;Email;Commentaire\nMartin;Jeanne;jeanne@martin.fr;rappeler en juin\n");
  notes = NoteStore(*vault_).for_contact(id);
  ASSERT_TRUE(notes.ok());
  EXPECT_EQ(notes->size(), 1u);
  // The memory goes with the person.
  ASSERT_TRUE(erase_contact(*vault_, id, ErasureReason::Manual).ok());
  EXPECT_EQ(sql("SELECT count(*) FROM removed_notes"), 0);
}

TEST_F(PeopleApart, ANameOnlyRowIsMatchedByNameAndOrganisationWithinTheSameSource) {
  const std::string file = "Nom;Prénom;Société\nDupont;Jean;Acme\nDupont;Jean;Bêta\nMartin;Luc;\n";
  auto first = import_csv("salon.csv", file);
  EXPECT_EQ(first.added, 3);
  auto again = import_csv("salon.csv", file);
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.merged, 3);
  EXPECT_EQ(*ContactStore(*vault_).count(), 3);
  // Another source: another list, perhaps other people of the same name; kept apart.
  auto other = import_csv("autre.csv", "Nom;Prénom;Société\nDupont;Jean;Acme\n", "autre salon");
  EXPECT_EQ(other.added, 1);
  EXPECT_EQ(*ContactStore(*vault_).count(), 4);
}

TEST_F(PeopleApart, ContactIdsAreNeverReused) {
  NewContact c;
  c.last_name = "Premier";
  auto a = ContactStore(*vault_).add(c);
  c.last_name = "Second";
  auto b = ContactStore(*vault_).add(c);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(erase_contact(*vault_, *b, ErasureReason::Manual).ok());
  reopen();
  c.last_name = "Troisième";
  auto d = ContactStore(*vault_).add(c);
  ASSERT_TRUE(d.ok());
  EXPECT_GT(*d, *b) << "the id of an erased contact was given to another person";
  // A batch too.
  ASSERT_TRUE(erase_contact(*vault_, *d, ErasureReason::Manual).ok());
  std::vector<NewContact> batch(2, c);
  batch[1].last_name = "Quatrième";
  auto ids = ContactStore(*vault_).add_batch(batch, NullProgress::instance());
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  EXPECT_GT(ids->front(), *d);
}

TEST_F(PeopleApart, AnErasedImportedPersonIsInNoDecryptedPageWhateverTheCase) {
  const std::vector<std::string> markers = {"Qwzfirstmark", "Qwzlastmark", "qwz.mail@qwzdomain.fr", "0699887766",
                                            "699887766",    "Qwzorgmark SARL", "Qwzrolemark",   "qwzaddrmark",
                                            "qwznotemark",  "qwzfilemark",     "Qwzsourcemark"};
  import_csv("qwzfilemark.csv",
             "Nom;Prénom;Email;Téléphone;Société;Fonction;Adresse;Commentaire\n"
             "QWZLASTMARK;qwzfirstmark;qwz.mail@qwzdomain.fr;06 99 88 77 66;QWZORGMARK SARL;qwzrolemark;"
             "12 rue QWZADDRMARK;rappeler QWZNOTEMARK\n"
             "Témoin;Paul;paul@temoin.fr;;Témoin SA;;;\n",
             "QWZSOURCEMARK");
  const Id id = by_email("qwz.mail@qwzdomain.fr");
  auto& ctx = vault_->context();
  const SecretBytes db_key = crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::Database);
  {
    const std::string pages = lower(test::decrypt_all_pages(db_key, ctx.db_path()));
    for (const auto& m : markers) {
      if (m != "0699887766") {
        EXPECT_NE(pages.find(lower(m)), std::string::npos) << "control: " << m;
      }
    }
  }
  // The colleague keeps the batch alive; erase them too so the batch is scrubbed.
  ASSERT_TRUE(erase_contact(*vault_, id, ErasureReason::Objection).ok());
  ASSERT_TRUE(erase_contact(*vault_, by_email("paul@temoin.fr"), ErasureReason::Manual).ok());
  const std::string pages = lower(test::decrypt_all_pages(db_key, ctx.db_path()));
  EXPECT_GT(pages.size(), 8u * 4096);
  for (const auto& m : markers) EXPECT_EQ(pages.find(lower(m)), std::string::npos) << m << " survives in a page";
  for (const auto& m : markers) EXPECT_TRUE(test::files_containing(dir_, m).empty()) << m;
}

}  // namespace
}  // namespace coffre
