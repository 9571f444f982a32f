// What an import records of its people's terms (issue 10, item 2): the lawful basis given or
// `unspecified`, never legitimate interest for a B2C row; B2B/B2C from the option, a column, or
// inferred, and marked so; the collection date from a column, --collected or the file's own date,
// with where it came from.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include "coffre/consent.h"
#include "coffre/suppression.h"
#include "import_fixture.h"
#include "services/import/row_builder.h"

namespace coffre {
namespace {

using test::ImportTest;

std::string text_of(Vault& vault, const std::string& sql) {
  auto st = vault.context().db.prepare(sql);
  EXPECT_TRUE(st.ok());
  if (!st.ok()) return {};
  auto row = st->step();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return row.ok() && *row ? st->column_text(0) : std::string();
}

std::string provenance_of(Vault& vault, Id contact, const std::string& column) {
  return text_of(vault, "SELECT coalesce(" + column + ", 'NULL') FROM contact_provenance WHERE contact_id = " +
                            std::to_string(contact));
}

TEST_F(ImportTest, WithoutABasisNoneIsAssumed) {
  auto s = import_csv("Nom;Email;Société\nDupont;jean@dupont.fr;Dupré SA\nMartin;zoe@martin.fr;\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->unspecified_basis_rows, 2);
  EXPECT_EQ(text_of(*vault_, "SELECT lawful_basis FROM import_batches"), "unspecified");
  EXPECT_EQ(provenance_of(*vault_, only("jean@dupont.fr").id, "lawful_basis"), "unspecified");
  auto batches = list_import_batches(*vault_);
  ASSERT_TRUE(batches.ok());
  EXPECT_EQ(batches->at(0).basis, LawfulBasis::Unspecified);
  EXPECT_FALSE(batches->at(0).kind.has_value());  // per row
}

// CPCE art. L34-5: prospecting a consumer by e-mail needs their prior consent; legitimate interest
// covers professionals only. A B2C row under --basis legitimate-interest gets no basis.
TEST_F(ImportTest, ALegitimateInterestIsNeverRecordedForAB2CRow) {
  auto r = request(write("li.csv", "Nom;Email;Société\nDupont;jean@dupont.fr;Dupré SA\nMartin;zoe@martin.fr;\n"));
  r.basis = LawfulBasis::LegitimateInterest;
  auto s = import(r);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->b2c_basis_withheld_rows, 1);
  EXPECT_EQ(s->unspecified_basis_rows, 1);
  const auto jean = only("jean@dupont.fr"), zoe = only("zoe@martin.fr");
  EXPECT_EQ(jean.kind, ContactKind::B2B);
  EXPECT_EQ(zoe.kind, ContactKind::B2C);
  EXPECT_EQ(provenance_of(*vault_, jean.id, "lawful_basis"), "legitimate-interest");
  EXPECT_EQ(provenance_of(*vault_, zoe.id, "lawful_basis"), "unspecified");
  // --b2c: every row is B2C, none gets it.
  auto b2c = request(write("b2c.csv", "Nom;Email\nDurand;luc@durand.fr\n"));
  b2c.basis = LawfulBasis::LegitimateInterest;
  b2c.kind = ContactKind::B2C;
  auto t = import(b2c);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->b2c_basis_withheld_rows, 1);
  EXPECT_EQ(provenance_of(*vault_, only("luc@durand.fr").id, "lawful_basis"), "unspecified");
}

TEST_F(ImportTest, B2BOrB2CComesFromTheOptionAColumnOrIsInferredAndMarked) {
  auto s = import_csv(
      "Nom;Email;Société;B2B/B2C\nA;a@x.fr;;pro\nB;b@x.fr;Dupré SA;Particulier\nC;c@x.fr;Dupré SA;\nD;d@x.fr;;\n"
      "E;e@x.fr;;peut-être\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->kind_column_rows, 2);
  EXPECT_EQ(s->kind_inferred_rows, 3);
  ASSERT_EQ(s->warnings.size(), 1u);
  EXPECT_NE(s->warnings[0].message.find("\"peut-être\" is neither B2B nor B2C"), std::string::npos);
  auto check = [&](const char* email, ContactKind kind, const char* from) {
    const auto c = only(email);
    EXPECT_EQ(c.kind, kind) << email;
    EXPECT_EQ(provenance_of(*vault_, c.id, "kind_from"), from) << email;
  };
  check("a@x.fr", ContactKind::B2B, "column");
  check("b@x.fr", ContactKind::B2C, "column");
  check("c@x.fr", ContactKind::B2B, "inferred");
  check("d@x.fr", ContactKind::B2C, "inferred");
  check("e@x.fr", ContactKind::B2C, "inferred");
  auto r = request(write("opt.csv", "Nom;Email;B2B/B2C\nF;f@x.fr;particulier\n"));
  r.kind = ContactKind::B2B;
  ASSERT_TRUE(import(r).ok());
  check("f@x.fr", ContactKind::B2B, "option");
}

TEST_F(ImportTest, TheCollectionDateComesFromAColumnTheOptionOrTheFilesDate) {
  auto file = write("dates.csv", "Nom;Email;Date de collecte\nA;a@x.fr;05/03/2024\nB;b@x.fr;2024-03-06 10:30\nC;c@x.fr;\n"
                                 "D;d@x.fr;hier\n");
  const Time file_date = 1700000000;  // 2023-11-14
  struct utimbuf times {file_date, file_date};
  ASSERT_EQ(::utime(file.c_str(), &times), 0);
  auto s = import(request(file));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->collected_column_rows, 2);
  EXPECT_EQ(s->collected_from, "file-date");
  EXPECT_EQ(s->collected_at, file_date);
  ASSERT_EQ(s->warnings.size(), 1u);
  EXPECT_NE(s->warnings[0].message.find("\"hier\" is not a date"), std::string::npos) << s->warnings[0].message;
  EXPECT_EQ(only("a@x.fr").collected_at, 1709596800);  // 2024-03-05 UTC
  EXPECT_EQ(only("b@x.fr").collected_at, 1709721000);  // 2024-03-06 10:30 UTC
  EXPECT_EQ(only("c@x.fr").collected_at, file_date);
  EXPECT_EQ(provenance_of(*vault_, only("a@x.fr").id, "collected_from"), "column");
  EXPECT_EQ(provenance_of(*vault_, only("c@x.fr").id, "collected_from"), "file-date");
  EXPECT_EQ(text_of(*vault_, "SELECT collected_from FROM import_batches"), "file-date");

  auto r = request(write("opt.csv", "Nom;Email\nE;e@x.fr\n"));
  r.collected_at = 1704067200;  // 2024-01-01
  auto t = import(r);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->collected_from, "option");
  EXPECT_EQ(only("e@x.fr").collected_at, 1704067200);
  EXPECT_EQ(provenance_of(*vault_, only("e@x.fr").id, "collected_from"), "option");
}

TEST_F(ImportTest, AMergedB2BRowKeepsItsLegitimateInterest) {
  ASSERT_TRUE(import_csv("Nom;Prénom;E-mail\nDupré;Hélène;helene@dupre.fr\n").ok());
  auto r = request(write("salon.csv", "Nom;Prénom;E-mail\nDupré;Hélène;helene@dupre.fr\nNeuf;Jean;jean@neuf.fr\n"));
  r.basis = LawfulBasis::LegitimateInterest;
  r.kind = ContactKind::B2B;
  auto s = import(r);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->merged, 1);
  EXPECT_EQ(text_of(*vault_, "SELECT group_concat(action || '=' || coalesce(lawful_basis, 'NULL')) FROM "
                             "contact_provenance WHERE batch_id = '" + s->batch + "'"),
            "added=legitimate-interest,merged=legitimate-interest");
}

TEST_F(ImportTest, AHeaderOnlyFileRecordsNoBatch) {
  auto s = import_csv("Nom;Email;Tel\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->rows, 0);
  EXPECT_EQ(s->batch, "");
  EXPECT_EQ(sql_int("SELECT count(*) FROM import_batches"), 0);
}

// Zoho's "Email Opt Out" and HubSpot's "Unsubscribed from all email": an objection to e-mail,
// recorded as a consent event on the e-mail channel (method import, source the file, at the file's
// date); the person and their addresses are imported, so the objection names them.
TEST_F(ImportTest, AnEmailOptOutIsAnObjectionToEmail) {
  auto s = import_csv(
      "Lead Owner,First Name,Last Name,Company,Email,Mobile,Email Opt Out,Created Time\n"
      "Paul Vendeur,Jean,Dupont,Dupré SA,jean@dupont.fr,06 12 34 56 78,true,2024-03-05 14:22:10\n"
      "Paul Vendeur,,,,zoe@martin.fr,,true,2024-03-05 14:22:10\n"
      "Paul Vendeur,Luc,Durand,,luc@durand.fr,,false,2024-03-05 14:22:10\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->preset, "zoho");
  EXPECT_EQ(s->added, 3);
  EXPECT_EQ(s->suppressed, 0);
  EXPECT_EQ(s->opted_out, 2);
  EXPECT_EQ(s->collected_column_rows, 3);
  // Not the all-channel suppression list: the opt-out is about e-mail only.
  EXPECT_FALSE(*is_suppressed_email(*vault_, "jean@dupont.fr"));
  const auto jean = only("jean@dupont.fr");
  EXPECT_EQ(jean.phones.at(0).value, "+33612345678");
  auto events = ConsentStore(*vault_).history(jean.id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  const auto& e = events->at(0);
  EXPECT_EQ(e.event, ConsentEventKind::Objected);
  EXPECT_EQ(e.channel, Channel::Email);
  EXPECT_EQ(e.method, ConsentMethod::Import);
  EXPECT_EQ(e.source, "in.csv");
  EXPECT_NE(e.note.value_or("").find("Email Opt Out = true (line 2"), std::string::npos) << e.note.value_or("");
  struct stat st {};
  ASSERT_EQ(::stat((tmp_ / "in.csv").c_str(), &st), 0);
  EXPECT_EQ(e.occurred_at, std::min(static_cast<Time>(st.st_mtime), e.recorded_at)) << "the file's date";
  EXPECT_EQ(ConsentStore(*vault_).history(only("zoe@martin.fr").id)->size(), 1u);
  EXPECT_TRUE(ConsentStore(*vault_).history(only("luc@durand.fr").id)->empty());
  // The same file again records no second objection.
  auto again = import_csv(
      "Lead Owner,First Name,Last Name,Company,Email,Mobile,Email Opt Out,Created Time\n"
      "Paul Vendeur,Jean,Dupont,Dupré SA,jean@dupont.fr,06 12 34 56 78,true,2024-03-05 14:22:10\n");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->merged, 1);
  EXPECT_EQ(ConsentStore(*vault_).history(jean.id)->size(), 1u);
  // HubSpot's field; two rows of one person in one file: one contact, one objection.
  auto hub = import_csv(
      "Record ID,First Name,Email,Phone Number,Unsubscribed from all email\n1,Anne,anne@x.fr,,true\n"
      "2,Anne,anne@x.fr,04 72 00 00 00,true\n");
  ASSERT_TRUE(hub.ok()) << hub.error().message;
  EXPECT_EQ(hub->preset, "hubspot");
  EXPECT_EQ(hub->added, 1);
  EXPECT_EQ(ConsentStore(*vault_).history(only("anne@x.fr").id)->size(), 1u);
}

TEST_F(ImportTest, OutlookInFrenchIsAPreset) {
  auto s = import_csv(
      "Titre,Prénom,Deuxième prénom,Nom,Société,Rue (bureau),Ville (bureau),Code postal (bureau),"
      "Téléphone (bureau),Tél. mobile,Adresse de messagerie,Type de messagerie\n"
      "M.,Jean,Paul,Dupont,Dupré SA,12 rue de la Paix,Paris,75002,01 42 68 53 00,06 12 34 56 78,jean@dupont.fr,SMTP\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->preset, "outlook");
  auto c = only("jean@dupont.fr");
  EXPECT_EQ(c.first_name, "Jean");
  EXPECT_FALSE(c.role.has_value());  // "Titre" is the salutation
  EXPECT_EQ(c.address, "12 rue de la Paix, 75002 Paris");
  ASSERT_EQ(c.phones.size(), 2u);
  EXPECT_EQ(c.phones[0].label, "work");
  EXPECT_EQ(c.phones[1].label, "mobile");
}

TEST(CollectionDate, CommonSpellingsAreReadAsUtcAndOthersRefused) {
  using services::import::parse_collection_date;
  EXPECT_EQ(parse_collection_date("2024-03-05"), 1709596800);
  EXPECT_EQ(parse_collection_date("05/03/2024"), 1709596800);
  EXPECT_EQ(parse_collection_date("2024-03-05 14:22:10"), 1709648530);
  EXPECT_EQ(parse_collection_date("2024-03-05T14:22:10Z"), 1709648530);
  EXPECT_EQ(parse_collection_date("05/03/2024 14:22"), 1709648520);
  EXPECT_FALSE(parse_collection_date("31/02/2024"));
  EXPECT_FALSE(parse_collection_date("2024-03-05T14:22:10+01:00"));
  EXPECT_FALSE(parse_collection_date("mars 2024"));
  EXPECT_FALSE(parse_collection_date("2024-13-01"));
}

}  // namespace
}  // namespace coffre
