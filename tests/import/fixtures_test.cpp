// The files real software wrote (tests/fixtures/import/README.md) through the whole pipeline.
#include <gtest/gtest.h>

#include "collect_sink.h"
#include "import_fixture.h"

namespace coffre {
namespace {

using test::ImportTest;

std::filesystem::path fixture(const std::string& name) { return std::filesystem::path(COFFRE_FIXTURE_DIR) / "import" / name; }

TEST_F(ImportTest, LibreOfficeWindows1252SemicolonCsv) {
  auto s = import(request(fixture("prospects-libreoffice-win1252.csv")));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->rows, 6);
  EXPECT_EQ(s->added, 5);
  EXPECT_EQ(s->merged, 1);  // "HELENE.LEFEVRE@..." and "helene.lefevre@..." are one person
  EXPECT_EQ(s->sensitive_rows, 2);
  auto jf = only("jf.dupont@boulangerie-dupre.fr");
  EXPECT_EQ(jf.first_name, "Jean-François");
  EXPECT_EQ(jf.last_name, "Dupont");
  EXPECT_EQ(jf.org_name, "Boulangerie Dupré & Fils");
  auto notes = NoteStore(*vault_).for_contact(jf.id);
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ(notes->at(0).body, "Intéressé par l'offre \"Premium\" à 49 €");
  auto h = only("helene.lefevre@coeurdeloire.fr");
  EXPECT_EQ(h.org_name, "Cœur de Loire SARL");
  EXPECT_EQ(h.address, "8, quai du Châtelet, 45000 Orléans, France");
  auto hn = NoteStore(*vault_).for_contact(h.id);
  // Its own comment (with an embedded newline), then the duplicate row's: one note each (issue 9,
  // item 10: joined, one could not be removed without the other).
  ASSERT_EQ(hn->size(), 2u);
  EXPECT_EQ(hn->at(0).body, "Rappeler après le 15.\nPréfère être contactée le matin.");
  EXPECT_EQ(hn->at(1).body, "Doublon : même e-mail en minuscules");
  EXPECT_EQ(only("zoe.martin@camarche.fr").address, "Bât. B – 45 avenue Foch, 69006 Lyon, France");
  EXPECT_EQ(only("jerome@oenologie-guerin.fr").org_name, "Œnologie Guérin");
}

TEST_F(ImportTest, LibreOfficeXlsx) {
  auto s = import(request(fixture("prospects-libreoffice.xlsx"), "xlsx"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->rows, 6);
  EXPECT_EQ(s->added, 5);
  EXPECT_EQ(s->merged, 1);
  auto n = only("noel.becaud@becaud-transports.fr");
  EXPECT_EQ(n.first_name, "Noël");
  EXPECT_EQ(n.address, "ZI de la Garenne, 33000 Bordeaux, France");  // CP stored as a number
  ASSERT_EQ(n.phones.size(), 2u);
  EXPECT_EQ(n.phones[1].value, "+33600000002");
}

TEST_F(ImportTest, XlsxDatesFromLibreOfficeStyles) {
  test::CollectSink sink;  // the reader alone: the date column is not a contact field
  plugin::ImportOptions o;
  o.path = fixture("prospects-libreoffice.xlsx").string();
  plugin::ImportError err;
  ASSERT_TRUE(xlsx_.read(o, sink, err)) << err.message;
  EXPECT_EQ(sink.get(0, "Date de contact"), "2024-03-15");
  EXPECT_EQ(sink.get(5, "Date de contact"), "2024-07-01");
  EXPECT_EQ(sink.get(0, "CP"), "75002");
}

TEST_F(ImportTest, PhoneExportVcard21) {
  auto s = import(request(fixture("phone-export-2.1.vcf"), "vcard"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 3);
  auto h = only("helene.lefevre@coeurdeloire.fr");
  EXPECT_EQ(h.first_name, "Hélène");
  EXPECT_EQ(h.org_name, "Cœur de Loire SARL");
  EXPECT_EQ(h.phones[0].label, "mobile");
  ASSERT_EQ(s->sensitive.size(), 1u);
  EXPECT_EQ(s->sensitive[0].word, "enceinte");
  auto notes = NoteStore(*vault_).for_contact(h.id);
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_NE(notes->at(0).body.find("préfère être contactée"), std::string::npos);  // a soft break cut "è"
  // 07 11 22 33 44 is in no allocated range (libphonenumber: French mobiles are 073 to 079): the
  // number is dropped with a warning and kept in a note, the card and its other numbers kept.
  EXPECT_TRUE(contacts().find_by_phone("+33711223344")->empty());
  ASSERT_EQ(s->warning_count, 1);
  EXPECT_NE(s->warnings[0].message.find("\"0711223344\" is not a valid phone number"), std::string::npos)
      << s->warnings[0].message;
  auto ids = contacts().find_by_phone("+33561000009");
  ASSERT_EQ(ids->size(), 1u);
  auto j = *contacts().get(ids->at(0));
  EXPECT_EQ(j.last_name, "Guérin");
  EXPECT_EQ(j.address, "3 place Saint-Étienne, 31000 Toulouse, France");
  EXPECT_EQ(j.phones.size(), 2u);
}

TEST_F(ImportTest, PhoneBackupVcard21FromGammu) {
  // Written by Gammu 1.42 (the phone backup tool of Nokia-era and Symbian phones): every
  // non-ASCII value QUOTED-PRINTABLE with CHARSET=UTF-8, TEL types as bare parameters, the
  // numbers as the phone stored them, a NOTE with a bare ';', X-GAMMU- properties.
  auto s = import(request(fixture("phone-gammu-2.1.vcf"), "vcard"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 5);
  EXPECT_EQ(s->rejected, 0);
  auto h = only("helene@boulangerie-lefevre.fr");
  EXPECT_EQ(h.first_name, "Hélène");
  EXPECT_EQ(h.last_name, "Lefèvre");
  EXPECT_EQ(h.org_name, "Boulangerie Lefèvre");
  EXPECT_EQ(h.role, "Gérante");
  EXPECT_EQ(h.address, "14 rue d'Illiers, 45000 Orléans, France");
  ASSERT_EQ(h.phones.size(), 2u);
  EXPECT_EQ(h.phones[0].value, "+33612345678");
  EXPECT_EQ(h.phones[0].label, "mobile");
  EXPECT_EQ(h.phones[1].value, "+33238541200");
  auto notes = NoteStore(*vault_).for_contact(h.id);
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ(notes->at(0).body, "Vue au salon de Tours, rappeler après les fêtes");
  // A name outside Latin-1, a phone-only card: found by the phone.
  auto t = contacts().find_by_phone("+33781224590");
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ(contacts().get(t->at(0))->last_name, "Nguyễn");
  // A foreign number keeps its country.
  auto j = only("j.mueller@mueller-soehne.de");
  EXPECT_EQ(j.phones.at(0).value, "+49301234567");
  EXPECT_EQ(j.org_name, "Müller & Söhne GmbH");
  auto f = contacts().find_by_phone("+33478123456");
  ASSERT_EQ(f->size(), 1u);
  auto fn = NoteStore(*vault_).for_contact(f->at(0));
  ASSERT_EQ(fn->size(), 1u);
  EXPECT_EQ(fn->at(0).body, "Préfère être appelé le matin; a un devis en cours (réf. 2024-117)");
  auto e = contacts().find_by_phone("+33611223344");
  ASSERT_EQ(e->size(), 1u);
}

TEST_F(ImportTest, AddressBookVcard30FromVobject) {
  auto s = import(request(fixture("addressbook-vobject-3.0.vcf"), "vcard"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 3);
  auto a = only("anne-sophie.moreau@moreau-conseil.fr");
  EXPECT_EQ(a.org_name, "Moreau Conseil");
  EXPECT_EQ(a.role, "Associée gérante");
  EXPECT_EQ(a.emails.size(), 2u);
  EXPECT_EQ(a.address, "27 boulevard Haussmann, 3e étage, 75009 Paris, France");
  auto k = only("k.benali@transports-benali.fr");
  EXPECT_EQ(k.address, "Zone Industrielle Nord; Bâtiment C, 13015 Marseille, France");  // folded "Franc/e"
  EXPECT_EQ(s->sensitive_rows, 1);
}

}  // namespace
}  // namespace coffre
