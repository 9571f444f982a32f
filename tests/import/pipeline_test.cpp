#include <gtest/gtest.h>

#include "coffre/suppression.h"
#include "import_fixture.h"

namespace coffre {
namespace {

using test::ImportTest;


TEST_F(ImportTest, FrenchHeadersAreMappedAndValuesNormalised) {
  auto s = import_csv(
      "Prénom;NOM;Raison sociale;Courriel;Tél.;Portable;Poste;Adresse;Code postal;Ville;Pays;Remarques\n"
      "jean-pierre;DUPONT;Dupré SA; Jean.Dupont@Dupre.FR ;01 42 68 53 00;06.12.34.56.78;Gérant;12 rue de la Paix;75002;"
      "Paris;France;Client fidèle\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 1);
  EXPECT_TRUE(s->ignored_columns.empty());
  auto c = only("jean.dupont@dupre.fr");
  EXPECT_EQ(c.first_name, "Jean-Pierre");
  EXPECT_EQ(c.last_name, "Dupont");
  EXPECT_EQ(c.org_name, "Dupré SA");
  EXPECT_EQ(c.role, "Gérant");
  EXPECT_EQ(c.address, "12 rue de la Paix, 75002 Paris, France");
  ASSERT_EQ(c.phones.size(), 2u);
  EXPECT_EQ(c.phones[0].value, "+33142685300");
  EXPECT_EQ(c.phones[1].value, "+33612345678");
  EXPECT_EQ(c.phones[1].label, "mobile");
  EXPECT_EQ(c.source, "in.csv");
  auto notes = NoteStore(*vault_).for_contact(c.id);
  ASSERT_TRUE(notes.ok());
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ(notes->at(0).body, "Client fidèle");
}

TEST_F(ImportTest, MixedCaseNamesAreKeptAndFullNamesSplit) {
  auto s = import_csv("Nom complet,Email\nDUPONT Jean,a@x.fr\nMarie-Anne de La Tour,b@x.fr\nMcDonald,c@x.fr\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(only("a@x.fr").first_name, "Jean");
  EXPECT_EQ(only("a@x.fr").last_name, "Dupont");
  EXPECT_EQ(only("b@x.fr").first_name, "Marie-Anne de La");
  EXPECT_EQ(only("b@x.fr").last_name, "Tour");
  EXPECT_EQ(only("c@x.fr").last_name, "McDonald");
}

TEST_F(ImportTest, AllOrNothingNamesFileLineColumnFieldAndReason) {
  auto s = import_csv("Nom;Prénom;E-mail\nDupont;Jean;jean@dupont.fr\nMartin;Zoé;zoe@martin.fr\nDurand;Luc;pas-un-mail\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(s.error().message.find("in.csv: line 4, column 3 (E-mail): \"pas-un-mail\" is not a valid e-mail address"),
            std::string::npos)
      << s.error().message;
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(sql_int("SELECT count(*) FROM import_batches"), 0);
}

// A row the database refuses when the batch is written (no such cause is known once rows pass the
// pipeline's checks; a temporary trigger stands in for one): the error still names the file's
// line, for a new contact and for a merge, and nothing is imported.
TEST_F(ImportTest, AStoreFailureNamesTheFileLine) {
  auto& db = vault_->context().db;
  ASSERT_TRUE(db.exec("CREATE TEMP TRIGGER refuse_boom BEFORE INSERT ON contacts WHEN NEW.last_name = 'Boom' "
                      "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
                  .ok());
  auto s = import_csv("Nom;Email\nDupont;jean@dupont.fr\nMartin;zoe@martin.fr\nBoom;boom@x.fr\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("in.csv: line 4: "), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("refused by the test"), std::string::npos) << s.error().message;
  EXPECT_EQ(count(), 0);
  ASSERT_TRUE(db.exec("DROP TRIGGER refuse_boom").ok());

  ASSERT_TRUE(import_csv("Nom;Email\nDupont;jean@dupont.fr\n").ok());
  ASSERT_TRUE(db.exec("CREATE TEMP TRIGGER refuse_merge BEFORE UPDATE ON contacts "
                      "BEGIN SELECT RAISE(ABORT, 'merge refused by the test'); END")
                  .ok());
  auto m = import_csv("Nom;Prénom;Email\nNeuf;Luc;luc@neuf.fr\nDupont;Jean;jean@dupont.fr\n");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("in.csv: line 3: "), std::string::npos) << m.error().message;
  EXPECT_EQ(count(), 1);
}

// Headers Coffre does not know (another language, an unknown CRM, no header line at all): an
// error that lists them, rather than a "successful" import that skipped every row as empty.
TEST_F(ImportTest, NoRecognisedColumnFailsAndListsTheHeaders) {
  auto s = import_csv("Apellido;Correo;Telefono\nGarcía;ana@garcia.es;600000000\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(s.error().message.find("in.csv: line 1: no column is recognised as a name, e-mail or phone, which a "
                                   "contact needs (columns: \"Apellido\", \"Correo\", \"Telefono\")"),
            std::string::npos)
      << s.error().message;
  EXPECT_EQ(count(), 0);
  EXPECT_EQ(sql_int("SELECT count(*) FROM import_batches"), 0);
  // Known columns, but none a contact can be made of: the same error, naming the header line
  // rather than the first row.
  auto orgs = import_csv("Société;Ville\nBoulangerie Dupré;Lyon\n");
  ASSERT_FALSE(orgs.ok());
  EXPECT_NE(orgs.error().message.find("in.csv: line 1: no column is recognised"), std::string::npos)
      << orgs.error().message;
  // One mapped column is enough.
  EXPECT_TRUE(import_csv("Société;Téléphone\nBoulangerie Dupré;04 78 00 00 00\n").ok());
}

TEST_F(ImportTest, LargeCommentsInSeveralColumnsAreNotesOfTheirOwn) {
  // A CSV field is at most 1 MiB (the parser's guard). Comment columns were once joined into one
  // note, which could pass the size of a note; each is now a note of its own (issue 9, item 10).
  const std::string big(600 * 1024, 'x');
  const std::string csv = "Nom;Email;Remarques;Commentaire\nDupont;jean@dupont.fr;Bonjour;\nMartin;zoe@martin.fr;" +
                          big + ";" + big + "\nDurand;luc@durand.fr;;\n";
  auto s = import_csv(csv);
  ASSERT_TRUE(s.ok()) << s.error().message.substr(0, 300);
  EXPECT_EQ(count(), 3);
  auto notes = NoteStore(*vault_).for_contact(only("zoe@martin.fr").id);
  ASSERT_TRUE(notes.ok());
  ASSERT_EQ(notes->size(), 2u);
  EXPECT_EQ(notes->at(0).body, "Remarques: " + big);
  EXPECT_EQ(notes->at(1).body, "Commentaire: " + big);
}

TEST_F(ImportTest, ACommentOfControlCharactersOnlyIsNoNote) {
  // A NOTE that decodes to control characters only (CSV refuses them as binary data; an old
  // phone's QUOTED-PRINTABLE does not) must not make the whole import fail.
  auto s = import(request(write("in.vcf", "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Dupont;Jean\r\nEMAIL:jean@dupont.fr\r\n"
                                         "NOTE;ENCODING=QUOTED-PRINTABLE:=01=02=7F\r\nEND:VCARD\r\n"
                                         "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Martin;Zoé\r\nEMAIL:zoe@martin.fr\r\n"
                                         "NOTE:Bonjour\r\nEND:VCARD\r\n"),
                          "vcard"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 2);
  EXPECT_TRUE(NoteStore(*vault_).for_contact(only("jean@dupont.fr").id)->empty());
  EXPECT_EQ(NoteStore(*vault_).for_contact(only("zoe@martin.fr").id)->size(), 1u);
}

TEST_F(ImportTest, EachCommentColumnIsANoteOfItsOwn) {
  // Issue 9, item 10: joined into one note, a sensitive comment could only go with the others.
  auto s = import_csv("Nom;Email;Remarques;Commentaire;Note\n"
                      "Dupont;jean@dupont.fr;Rappeler en mars;En arrêt maladie;\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->sensitive_rows, 1);
  auto notes = NoteStore(*vault_).for_contact(only("jean@dupont.fr").id);
  ASSERT_TRUE(notes.ok());
  ASSERT_EQ(notes->size(), 2u);
  EXPECT_EQ(notes->at(0).body, "Remarques: Rappeler en mars");
  EXPECT_EQ(notes->at(1).body, "Commentaire: En arrêt maladie");
  ASSERT_TRUE(NoteStore(*vault_).remove(notes->at(1).id).ok());
  auto left = NoteStore(*vault_).for_contact(only("jean@dupont.fr").id);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->at(0).body, "Remarques: Rappeler en mars");
}

TEST_F(ImportTest, CommentsOfMergedRowsNeverMakeANoteTooLong) {
  // Two rows of the same person whose comments together pass the size of a note: two notes.
  const std::string half(600 * 1024, 'y'), other(600 * 1024, 'z');
  auto s = import_csv("Nom;Email;Remarques\nDupont;jean@dupont.fr;" + half + "\nDupont;jean@dupont.fr;" + other + "\n");
  ASSERT_TRUE(s.ok()) << s.error().message.substr(0, 300);
  EXPECT_EQ(s->added, 1);
  EXPECT_EQ(s->merged, 1);
  auto notes = NoteStore(*vault_).for_contact(only("jean@dupont.fr").id);
  ASSERT_TRUE(notes.ok());
  ASSERT_EQ(notes->size(), 2u);
  EXPECT_EQ(notes->at(0).body, half);
  EXPECT_EQ(notes->at(1).body, other);
}

TEST_F(ImportTest, AllOrNothingAcrossChunks) {
  // More rows than one chunk: the first chunks are written inside the transaction, then rolled back.
  std::string csv = "Nom;Email\n";
  for (int i = 0; i < 10500; ++i) csv += "Nom" + std::to_string(i) + ";p" + std::to_string(i) + "@x.fr\n";
  csv += "Bad;0000\n";
  auto s = import_csv(csv);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("line 10502"), std::string::npos) << s.error().message;
  EXPECT_EQ(count(), 0);
}

TEST_F(ImportTest, MalformedFileImportsNothing) {
  auto s = import_csv("Nom;Email\nA;a@x.fr\nB;\"b@x.fr\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("in.csv: line 3, column 3: unclosed quote"), std::string::npos) << s.error().message;
  EXPECT_EQ(count(), 0);
}

TEST_F(ImportTest, SkipInvalidImportsTheRestAndReportsEachRow) {
  std::vector<RejectedRow> seen;
  auto r = request(write("mixed.csv", "Nom;Email;Tel\nA;a@x.fr;\nB;nope;\n;;12\nD;d@x.fr\n;;\n"));
  r.skip_invalid = true;
  r.on_rejected = [&](const RejectedRow& row) { seen.push_back(row); };
  auto s = import(r);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 1);
  EXPECT_EQ(s->rejected, 3);
  EXPECT_EQ(s->empty, 1);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].line, 3u);
  EXPECT_EQ(seen[0].field, "Email");
  EXPECT_EQ(seen[0].column, 2u);
  EXPECT_EQ(seen[0].values.at(0), (std::pair<std::string, std::string>{"Nom", "B"}));
  EXPECT_EQ(seen[1].field, "Tel");
  EXPECT_NE(seen[1].reason.find("not a valid phone number"), std::string::npos);
  EXPECT_EQ(seen[2].line, 5u);  // ragged: 2 fields where the header has 3
  EXPECT_EQ(seen[2].column, 3u);
  EXPECT_NE(seen[2].reason.find("2 fields where the header"), std::string::npos) << seen[2].reason;
  EXPECT_EQ(s->rejected_rows.size(), 3u);
  EXPECT_EQ(count(), 1);
}

// The rejected-rows report holds every column of the source: the header's, empty for the cells a
// short row lacks, and the cells past the header of a long row.
TEST_F(ImportTest, ARejectedRowKeepsEveryColumnOfTheSource) {
  std::vector<RejectedRow> seen;
  auto r = request(write("ragged.csv", "Nom;Email;Ville\nA;a@x.fr\nB;b@x.fr;Lyon;en trop\n"));
  r.skip_invalid = true;
  r.on_rejected = [&](const RejectedRow& row) { seen.push_back(row); };
  auto s = import(r);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(seen.size(), 2u);
  using Values = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(seen[0].values, (Values{{"Nom", "A"}, {"Email", "a@x.fr"}, {"Ville", ""}}));
  EXPECT_EQ(seen[1].values, (Values{{"Nom", "B"}, {"Email", "b@x.fr"}, {"Ville", "Lyon"}, {"column 4", "en trop"}}));
}

TEST_F(ImportTest, RaggedRowFailsTheWholeImportByDefault) {
  auto s = import_csv("Nom;Email\nA;a@x.fr\nB;b@x.fr;extra\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("line 3, column 3: 3 fields where the header (line 1) has 2"), std::string::npos)
      << s.error().message;
  EXPECT_EQ(count(), 0);
}

TEST_F(ImportTest, DuplicatesMergeWithinTheFileAndAgainstTheVault) {
  NewContact existing;
  existing.last_name = "Lefèvre";
  existing.emails = {{"helene@coeur.fr", std::nullopt}};
  auto id = contacts().add(existing);
  ASSERT_TRUE(id.ok());
  auto s = import_csv(
      "Prénom;Nom;Email;Mobile;Société\n"
      "Hélène;LEFÈVRE;HELENE@coeur.fr;06 98 76 54 32;Cœur de Loire\n"   // vault: fills first name, org, phone
      "Paul;Martin;paul@martin.fr;;\n"
      "Paul;Martin;;+33 6 00 00 00 01;\n"                                // no match yet (no shared key)
      "P.;Martin;paul@martin.fr;07 00 00 00 02;Martin SA\n"              // earlier row of the file
      "Paul;Martin;pm@autre.fr;06 00 00 00 01;\n");                      // matches row 3 by phone
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 2);
  EXPECT_EQ(s->merged, 3);
  auto h = *contacts().get(*id);
  EXPECT_EQ(h.first_name, "Hélène");
  EXPECT_EQ(h.last_name, "Lefèvre");  // kept as it was
  EXPECT_EQ(h.org_name, "Cœur de Loire");
  ASSERT_EQ(h.phones.size(), 1u);
  EXPECT_EQ(h.phones[0].value, "+33698765432");
  auto p = only("paul@martin.fr");
  EXPECT_EQ(p.first_name, "Paul");
  EXPECT_EQ(p.org_name, "Martin SA");
  ASSERT_EQ(p.phones.size(), 1u);
  EXPECT_EQ(p.phones[0].value, "+33700000002");
  auto other = only("pm@autre.fr");
  EXPECT_EQ(other.phones[0].value, "+33600000001");
  EXPECT_EQ(count(), 3);
  EXPECT_EQ(sql_int("SELECT count(*) FROM contact_provenance WHERE action='merged'"), 1);
  EXPECT_EQ(sql_int("SELECT count(*) FROM contact_provenance WHERE action='added'"), 2);
  // Each merge is reported: with whom, and what they share.
  ASSERT_EQ(s->merges.size(), 3u);
  EXPECT_EQ(s->merges[0].line, 2u);
  EXPECT_EQ(s->merges[0].contact, *id);
  EXPECT_EQ(s->merges[0].by, "email");
  EXPECT_EQ(s->merges[0].value, "helene@coeur.fr");
  EXPECT_EQ(s->merges[1].line, 5u);
  EXPECT_FALSE(s->merges[1].contact.has_value());
  EXPECT_EQ(s->merges[1].first_line, 3u);
  EXPECT_EQ(s->merges[2].line, 6u);
  EXPECT_EQ(s->merges[2].first_line, 4u);
  EXPECT_EQ(s->merges[2].by, "phone");
  EXPECT_EQ(s->merges[2].value, "+33600000001");
}

// A row that repeats one of an earlier chunk (written already, inside the same transaction) is
// reported by that row's line, not by an id a dry run would roll back.
TEST_F(ImportTest, MergesAcrossChunksNameTheFirstLine) {
  std::string csv = "Nom;Email\nPremier;premier@x.fr\n";
  for (int i = 0; i < 10050; ++i) csv += "Nom" + std::to_string(i) + ";p" + std::to_string(i) + "@x.fr\n";
  csv += "Premier;premier@x.fr\n";
  for (bool dry : {true, false}) {
    auto r = request(write("chunks.csv", csv));
    r.dry_run = dry;
    auto s = import(r);
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_EQ(s->merges.size(), 1u);
    EXPECT_EQ(s->merges[0].line, 10053u);
    EXPECT_FALSE(s->merges[0].contact.has_value());
    EXPECT_EQ(s->merges[0].first_line, 2u);
  }
}

// The same bytes again are pointed out, with the batch that imported them; once that batch is
// undone, they are new again.
TEST_F(ImportTest, TheSameFileAgainIsPointedOutUntilItsBatchIsUndone) {
  const auto file = write("salon.csv", "Nom;Email\nDupont;jean@dupont.fr\n");
  auto first = import(request(file));
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->already_imported.has_value());
  clock_.advance(3600);
  auto second = import(request(file));
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(second->already_imported.has_value());
  EXPECT_EQ(second->already_imported->batch, first->batch);
  EXPECT_EQ(second->already_imported->imported_at, clock_.now() - 3600);
  ASSERT_TRUE(undo_import(*vault_, second->batch, NullProgress::instance()).ok());
  ASSERT_TRUE(undo_import(*vault_, first->batch, NullProgress::instance()).ok());
  auto third = import(request(file));
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->already_imported.has_value());
  EXPECT_EQ(third->added, 1);
}

TEST_F(ImportTest, ImportingTheSameFileAgainDoesNotRepeatNotes) {
  const std::string file =
      "Prénom;Nom;Email;Remarques\n"
      "Hélène;Lefèvre;helene@coeur.fr;Rappeler en mars\n"
      "Paul;Martin;paul@martin.fr;Salon de Tours\n"
      "Paul;Martin;paul@martin.fr;Salon de Tours\n"     // the same row twice in the file
      "Paul;Martin;paul@martin.fr;Veut un devis\n";     // a new comment on the same person
  auto first = import_csv(file);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->added, 2);
  auto notes_of = [&](const char* email) {
    auto n = NoteStore(*vault_).for_contact(only(email).id);
    EXPECT_TRUE(n.ok());
    std::vector<std::string> bodies;
    for (const auto& x : *n) bodies.push_back(x.body);
    return bodies;
  };
  EXPECT_EQ(notes_of("helene@coeur.fr"), std::vector<std::string>{"Rappeler en mars"});
  // Each comment is a note of its own, so that one can be removed without the others.
  EXPECT_EQ(notes_of("paul@martin.fr"), (std::vector<std::string>{"Salon de Tours", "Veut un devis"}));
  // The updated export of the same CRM, imported again: everybody merges, no note is repeated,
  // and a comment the vault does not have yet is added.
  auto again = import_csv(file + "Hélène;Lefèvre;helene@coeur.fr;A signé\n");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(notes_of("helene@coeur.fr"), (std::vector<std::string>{"Rappeler en mars", "A signé"}));
  EXPECT_EQ(notes_of("paul@martin.fr"), (std::vector<std::string>{"Salon de Tours", "Veut un devis"}));
  EXPECT_EQ(count(), 2);
}

TEST_F(ImportTest, SuppressedPeopleAreSkippedAndCounted) {
  ASSERT_TRUE(suppress_email(*vault_, "objecteur@example.fr").ok());
  ASSERT_TRUE(suppress_phone(*vault_, "+33612345678").ok());
  auto s = import_csv("Nom,Email,Téléphone\nA,Objecteur@Example.FR,\nB,b@x.fr,06 12 34 56 78\nC,c@x.fr,\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->suppressed, 2);
  EXPECT_EQ(s->added, 1);
  EXPECT_EQ(count(), 1);
}

TEST_F(ImportTest, ProvenanceIsRecordedForEveryContact) {
  auto r = request(write("salon.csv", "Nom;Email\nA;a@x.fr\nB;b@x.fr\n"));
  r.source = "Salon Vivatech 2024";
  r.basis = LawfulBasis::Consent;
  r.kind = ContactKind::B2C;
  auto s = import(r);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto batches = list_import_batches(*vault_);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 1u);
  const auto& b = batches->at(0);
  EXPECT_EQ(b.id, s->batch);
  EXPECT_EQ(b.source, "Salon Vivatech 2024");
  EXPECT_EQ(b.file_name, "salon.csv");
  EXPECT_EQ(b.basis, LawfulBasis::Consent);
  EXPECT_EQ(b.kind, ContactKind::B2C);
  EXPECT_EQ(b.imported_at, clock_.now());
  EXPECT_EQ(b.added, 2);
  EXPECT_EQ(b.still_present, 2);
  // The fingerprint is the SHA-256 of the file's bytes (checked against a second implementation).
  crypto::Sha256 h;
  h.update(crypto::as_bytes(test::read_file(tmp_ / "salon.csv")));
  EXPECT_EQ(b.sha256, crypto::to_hex(h.finish()));
  EXPECT_EQ(sql_int("SELECT count(*) FROM contact_provenance p JOIN contacts c ON c.id = p.contact_id "
                    "WHERE p.batch_id = '" + s->batch + "' AND c.kind = 'b2c'"),
            2);
  EXPECT_EQ(only("a@x.fr").source, "Salon Vivatech 2024");
}

TEST_F(ImportTest, DryRunWritesNothingButCountsExactly) {
  NewContact existing;
  existing.last_name = "A";
  existing.emails = {{"a@x.fr", std::nullopt}};
  ASSERT_TRUE(contacts().add(existing).ok());
  auto before = sql_int("SELECT count(*) FROM audit_log");
  auto r = request(write("d.csv", "Nom;Email\nA;a@x.fr\nB;b@x.fr\nB2;b@x.fr\n"));
  r.dry_run = true;
  auto s = import(r);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(s->dry_run);
  EXPECT_EQ(s->added, 1);
  EXPECT_EQ(s->merged, 2);
  EXPECT_EQ(count(), 1);
  EXPECT_EQ(sql_int("SELECT count(*) FROM import_batches"), 0);
  EXPECT_EQ(sql_int("SELECT count(*) FROM audit_log"), before);
}

TEST_F(ImportTest, UndoErasesWhatTheBatchAddedAndKeepsMerges) {
  NewContact existing;
  existing.last_name = "Ancien";
  existing.emails = {{"old@x.fr", std::nullopt}};
  auto old_id = contacts().add(existing);
  ASSERT_TRUE(old_id.ok());
  auto s = import_csv("Nom;Email;Tel\nAncien;old@x.fr;06 11 11 11 11\nNouveau;new@x.fr;\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto u = undo_import(*vault_, s->batch, NullProgress::instance());
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->erased, 1);
  EXPECT_EQ(u->merged_kept, 1);
  EXPECT_EQ(count(), 1);
  auto kept = contacts().get(*old_id);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->phones.size(), 1u);  // what the batch merged in stays (documented)
  EXPECT_TRUE(contacts().find_by_email("new@x.fr")->empty());
  auto again = undo_import(*vault_, s->batch, NullProgress::instance());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Conflict);
  auto unknown = undo_import(*vault_, "20990101-000000", NullProgress::instance());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::NotFound);
  auto list = list_import_batches(*vault_);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->at(0).undone_at.has_value());
  EXPECT_EQ(list->at(0).still_present, 0);
}

// Issue 9, item 2: a dry run of an undo writes nothing; an undo refuses contacts worked on since the
// import (an edit, a note, an interaction, a later import's merge) unless told to include them.
TEST_F(ImportTest, UndoDryRunWritesNothingAndEditedContactsAreRefused) {
  auto s = import_csv("Nom;Email\nUn;un@x.fr\nDeux;deux@x.fr\nTrois;trois@x.fr\nQuatre;quatre@x.fr\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const Id un = only("un@x.fr").id, deux = only("deux@x.fr").id, trois = only("trois@x.fr").id;
  const auto audit_before = sql_int("SELECT count(*) FROM audit_log");
  auto dry = undo_import(*vault_, s->batch, NullProgress::instance(), {.dry_run = true});
  ASSERT_TRUE(dry.ok()) << dry.error().message;
  EXPECT_TRUE(dry->dry_run);
  EXPECT_EQ(dry->erased, 4);
  EXPECT_EQ(dry->contacts.size(), 4u);
  EXPECT_TRUE(dry->edited.empty());
  EXPECT_EQ(count(), 4);
  EXPECT_EQ(sql_int("SELECT count(*) FROM audit_log"), audit_before);
  EXPECT_EQ(sql_int("SELECT count(*) FROM import_batches WHERE undone_at IS NOT NULL"), 0);

  ContactPatch p;
  p.role = "Gérant";
  ASSERT_TRUE(contacts().update(un, p).ok());
  ASSERT_TRUE(NoteStore(*vault_).add_to_contact(deux, "rappeler lundi").ok());
  // A later import that merges into "trois" (and adds nobody new who was worked on).
  auto later = import_csv("Nom;Email;Tel\nTrois;trois@x.fr;06 12 34 56 78\n");
  ASSERT_TRUE(later.ok()) << later.error().message;

  auto refused = undo_import(*vault_, s->batch, NullProgress::instance());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Conflict);
  for (Id id : {un, deux, trois})
    EXPECT_NE(refused.error().message.find(std::to_string(id)), std::string::npos) << refused.error().message;
  EXPECT_EQ(count(), 4);  // nothing erased
  auto dry2 = undo_import(*vault_, s->batch, NullProgress::instance(), {.dry_run = true});
  ASSERT_TRUE(dry2.ok());
  EXPECT_EQ(dry2->edited, (std::vector<Id>{un, deux, trois}));

  auto u = undo_import(*vault_, s->batch, NullProgress::instance(), {.include_edited = true});
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->erased, 4);
  EXPECT_EQ(count(), 0);
}


TEST_F(ImportTest, SpecialCategoryWordsAreReportedAndStillImported) {
  auto s = import_csv(
      "Nom;Email;Commentaire\n"
      "A;a@x.fr;En ARRET-MALADIE jusqu'au 3\n"
      "B;b@x.fr;une partie du budget est votée\n"
      "C;c@x.fr;Déléguée syndicale, très active\n"
      "D;d@x.fr;RAS\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 4);
  EXPECT_EQ(s->sensitive_rows, 2);
  ASSERT_EQ(s->sensitive.size(), 2u);
  EXPECT_EQ(s->sensitive[0].line, 2u);
  EXPECT_EQ(s->sensitive[0].word, "arrêt maladie");
  EXPECT_EQ(s->sensitive[0].field, "Commentaire");
  EXPECT_EQ(s->sensitive[1].line, 4u);
  EXPECT_EQ(s->sensitive[1].word, "délégué syndical");
}

TEST_F(ImportTest, MapFileOverridesAliases) {
  auto map = parse_column_map("# my CRM\nRéf client = ignore\nContact principal=full_name\nLigne 2 = phone:work\n");
  ASSERT_TRUE(map.ok()) << map.error().message;
  auto r = request(write("m.csv", "Réf client;Contact principal;Ligne 2;Nom\nC-12;Jean Dupont;01 40 00 00 00;X\n"));
  r.column_map = *map;
  auto s = import(r);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto ids = contacts().find_by_phone("+33140000000");
  ASSERT_EQ(ids->size(), 1u);
  auto c = *contacts().get(ids->at(0));
  EXPECT_EQ(c.last_name, "X");  // "Nom" still maps to the last name; full_name only fills gaps
  EXPECT_EQ(c.phones[0].label, "work");
  auto json = parse_column_map(R"({"Courriel perso": "email:home", "Ref": "ignore"})");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->size(), 2u);
  auto bad = parse_column_map("Colonne = salaire\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("line 1: unknown field \"salaire\""), std::string::npos) << bad.error().message;
  EXPECT_FALSE(parse_column_map("no equals sign\n").ok());
  EXPECT_FALSE(parse_column_map("{\"a\": 3}").ok());
}

TEST_F(ImportTest, GoogleContactsPresetWithLabelColumns) {
  auto s = import_csv(
      "First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value,"
      "E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Notes\n"
      "Anne,,Moreau,Moreau Conseil,Associée,* Work,anne@moreau.fr,Home,anne@perso.fr,Mobile,+33 6 11 22 33 44 ::: 01 44 55 66 77,\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->preset, "google");
  auto c = only("anne@moreau.fr");
  EXPECT_EQ(c.emails[0].label, "work");
  EXPECT_EQ(c.emails[1].label, "home");
  ASSERT_EQ(c.phones.size(), 2u);
  EXPECT_EQ(c.phones[0].label, "mobile");
  EXPECT_EQ(c.role, "Associée");
  EXPECT_EQ(c.org_name, "Moreau Conseil");
}

TEST_F(ImportTest, OutlookPresetIgnoresTheSalutationTitle) {
  auto s = import_csv(
      "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,Business Street,Business City,"
      "Business Postal Code,Business Country/Region,Business Phone,Mobile Phone,E-mail Address,Notes\n"
      "Mme,Zoé,,Martin,,Ça Marche,,Acheteuse,45 avenue Foch,Lyon,69006,France,04 72 00 11 22,,zoe@camarche.fr,\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->preset, "outlook");
  auto c = only("zoe@camarche.fr");
  EXPECT_EQ(c.role, "Acheteuse");
  EXPECT_EQ(c.address, "45 avenue Foch, 69006 Lyon, France");
  EXPECT_EQ(c.phones[0].label, "work");
}

TEST_F(ImportTest, ZohoAndHubSpotPresets) {
  auto z = import_csv(
      "Record Id,Contact Owner,First Name,Last Name,Account Name,Email,Title,Phone,Mobile,Mailing Street,Mailing City,"
      "Mailing Zip,Mailing Country,Description,Lead Source\n"
      "zcrm_1,Commercial Un,Karim,Benali,Transports Benali,k@benali.fr,Logisticien,04 91 00 12 34,,ZI Nord,Marseille,"
      "13015,France,Devis envoyé,Salon\n");
  ASSERT_TRUE(z.ok()) << z.error().message;
  EXPECT_EQ(z->preset, "zoho");
  auto k = only("k@benali.fr");
  EXPECT_EQ(k.role, "Logisticien");  // Zoho's Title is the job title
  EXPECT_EQ(k.org_name, "Transports Benali");
  EXPECT_EQ(k.source, "Salon");
  auto h = import_csv(
      "Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Company Name,Job Title,Street Address,"
      "City,Postal Code,Country/Region,Contact owner,Lifecycle Stage\n"
      "101,Élodie,Faure,elodie@faure.fr,05 61 22 33 44,,Faure & Associés,Avocate,1 allée Jaurès,Toulouse,31000,France,"
      "sales@me.fr,Lead\n");
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->preset, "hubspot");
  auto e = only("elodie@faure.fr");
  EXPECT_EQ(e.org_name, "Faure & Associés");
  EXPECT_TRUE(contacts().find_by_email("sales@me.fr")->empty());
}

// What all-or-nothing rests on: a Transaction inside another is a savepoint. Its failure undoes its
// own work only; the outer rollback undoes everything.
TEST_F(ImportTest, NestedTransactionsAreSavepoints) {
  auto& db = vault_->context().db;
  ASSERT_TRUE(db.exec("CREATE TABLE t(x INTEGER)").ok());
  {
    storage::Transaction outer(db);
    ASSERT_TRUE(outer.begin().ok());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES(1)").ok());
    {
      storage::Transaction inner(db);
      ASSERT_TRUE(inner.begin().ok());
      ASSERT_TRUE(db.exec("INSERT INTO t VALUES(2)").ok());
    }  // not committed: rolled back to its savepoint
    {
      storage::Transaction inner(db);
      ASSERT_TRUE(inner.begin().ok());
      ASSERT_TRUE(db.exec("INSERT INTO t VALUES(3)").ok());
      ASSERT_TRUE(inner.commit().ok());
    }
    EXPECT_EQ(sql_int("SELECT group_concat(x) = '1,3' FROM t"), 1);
  }  // the outer transaction is not committed either
  EXPECT_EQ(sql_int("SELECT count(*) FROM t"), 0);
}

}  // namespace
}  // namespace coffre

namespace coffre::test {
namespace {

// Issue 9, item 1: colleagues on one switchboard number, or one role address (contact@), are not
// one person. A shared phone or role address merges only when the names agree or one side has
// none; rows kept apart are listed as possible duplicates. A personal e-mail still merges.
TEST_F(ImportTest, SharedPhonesAndRoleAddressesMergeOnlyWhenNamesAgree) {
  auto s = import_csv(
      "Prénom;Nom;Société;Téléphone;E-mail\n"
      "Anne;Morel;Transports Morel;04 72 00 00 00;a.morel@morel.fr\n"   // line 2
      "Paul;Girard;Transports Morel;04 72 00 00 00;p.girard@morel.fr\n"  // 3: same switchboard
      "Luc;Bernard;Transports Morel;04 72 00 00 00;contact@morel.fr\n"   // 4: same switchboard
      "HELENE;DUPRE;;06 11 22 33 44;\n"                                  // 5
      "Hélène;Dupré;;06 11 22 33 44;helene@x.fr\n"                       // 6: the same person
      ";;;06 11 22 33 44;\n"                                             // 7: no name: merges
      "Marc;Petit;;;Contact@Morel.fr\n"                                  // 8: role address, other name
      "Jean-François;Roux;;;jf@roux.fr\n"                                // 9
      "Jean François;ROUX;;07 00 00 00 01;jf@roux.fr\n");                // 10: personal e-mail
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 6);
  EXPECT_EQ(s->merged, 3);
  EXPECT_EQ(s->possible_duplicate_rows, 3);
  ASSERT_EQ(s->possible_duplicates.size(), 3u);
  EXPECT_EQ(s->possible_duplicates[0].line, 3u);
  EXPECT_EQ(s->possible_duplicates[0].other_line, 2u);
  EXPECT_EQ(s->possible_duplicates[0].by, "phone");
  EXPECT_EQ(s->possible_duplicates[0].value, "+33472000000");
  EXPECT_EQ(s->possible_duplicates[2].line, 8u);
  EXPECT_EQ(s->possible_duplicates[2].by, "email");
  EXPECT_EQ(s->possible_duplicates[2].value, "contact@morel.fr");
  // Nobody holds a colleague's e-mail.
  EXPECT_EQ(only("p.girard@morel.fr").emails.size(), 1u);
  EXPECT_EQ(only("a.morel@morel.fr").emails.size(), 1u);
  EXPECT_EQ(only("helene@x.fr").phones.size(), 1u);
  EXPECT_EQ(only("jf@roux.fr").phones.size(), 1u);

  // Against the vault: the same switchboard under another name is kept apart, named by its id.
  auto later = import_csv("Prénom;Nom;Téléphone\nSophie;Lambert;04 72 00 00 00\nAnne;MOREL;04 72 00 00 00\n");
  ASSERT_TRUE(later.ok()) << later.error().message;
  EXPECT_EQ(later->added, 1);
  EXPECT_EQ(later->merged, 1);  // Anne Morel is Anne Morel
  ASSERT_EQ(later->possible_duplicates.size(), 1u);
  EXPECT_TRUE(later->possible_duplicates[0].contact.has_value());
  EXPECT_EQ(later->possible_duplicates[0].line, 2u);
}

// Issue 9, item 5: after an erasure request (art. 17) the same file does not bring the person back.
TEST_F(ImportTest, AnErasureRequestIsNotUndoneByImportingTheSameFileAgain) {
  const std::string file = "Nom;Email;Tel\nBenali;k.benali@exemple.fr;06 12 34 56 78\nMartin;m@x.fr;\n";
  auto first = import_csv(file);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(erase_contact(*vault_, only("k.benali@exemple.fr").id, ErasureReason::Request).ok());
  auto again = import_csv(file);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->suppressed, 1);
  EXPECT_TRUE(contacts().find_by_email("k.benali@exemple.fr")->empty());
}

}  // namespace
}  // namespace coffre::test
