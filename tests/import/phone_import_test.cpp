// Phones in every importer (issue 10, item 1): a number libphonenumber says is not valid is dropped
// with a warning on the row (never the whole row or card), kept in a note; --region and a row's
// country read national numbers; overseas departments get their own country codes; a comment or
// an extension beside the number is kept; messages quote the whole cell.
#include <gtest/gtest.h>

#include "import_fixture.h"

namespace coffre {
namespace {

using test::ImportTest;

std::vector<std::string> note_bodies(Vault& vault, Id contact) {
  std::vector<std::string> out;
  auto notes = NoteStore(vault).for_contact(contact);
  EXPECT_TRUE(notes.ok());
  if (notes.ok())
    for (const auto& n : *notes) out.push_back(n.body);
  return out;
}

TEST_F(ImportTest, AnInvalidPhoneIsDroppedWithAWarningAndTheRowKept) {
  auto s = import_csv("Nom;Email;Tel\nDupont;jean@dupont.fr;039562544\nMartin;zoe@martin.fr;+12345677\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 2);
  EXPECT_EQ(s->rejected, 0);
  EXPECT_EQ(s->warning_count, 2);
  ASSERT_EQ(s->warnings.size(), 2u);
  EXPECT_EQ(s->warnings[0].line, 2u);
  EXPECT_EQ(s->warnings[0].column, 3u);
  EXPECT_EQ(s->warnings[0].field, "Tel");
  EXPECT_NE(s->warnings[0].message.find("\"039562544\" is not a valid phone number"), std::string::npos)
      << s->warnings[0].message;
  auto c = only("jean@dupont.fr");
  EXPECT_TRUE(c.phones.empty());  // not "+33039562544"
  EXPECT_EQ(note_bodies(*vault_, c.id), std::vector<std::string>{"039562544"});  // nothing lost
  EXPECT_TRUE(only("zoe@martin.fr").phones.empty());
}

TEST_F(ImportTest, ARowWhoseOnlyValueIsABadPhoneIsRejectedForThatPhone) {
  auto s = import_csv("Tel;Email\n12;\n06 12 34 56 78;\n", /*skip_invalid=*/true);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 1);
  ASSERT_EQ(s->rejected_rows.size(), 1u);
  EXPECT_EQ(s->rejected_rows[0].field, "Tel");
  EXPECT_NE(s->rejected_rows[0].reason.find("\"12\" is not a valid phone number"), std::string::npos)
      << s->rejected_rows[0].reason;
}

TEST_F(ImportTest, ErrorMessagesQuoteTheWholeCell) {
  auto s = import_csv("Nom;Tel;Email\nDupont;6,12346E+08;jean@dupont.fr\nMartin;06 12 34 56 78, 12;zoe@martin.fr\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->warnings.size(), 2u);
  EXPECT_NE(s->warnings[0].message.find("\"6,12346E+08\" is not a valid phone number: a number in scientific notation"),
            std::string::npos)
      << s->warnings[0].message;
  EXPECT_NE(s->warnings[1].message.find("\"12\" (in the cell \"06 12 34 56 78, 12\")"), std::string::npos)
      << s->warnings[1].message;
  EXPECT_EQ(only("zoe@martin.fr").phones.size(), 1u);
  auto bad = import_csv("Nom;Email\nDurand;luc@durand.fr, pas-un-mail\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("\"pas-un-mail\" (in the cell \"luc@durand.fr, pas-un-mail\")"), std::string::npos)
      << bad.error().message;
}

TEST_F(ImportTest, OverseasNumbersGetTheirOwnCountryCodes) {
  auto s = import_csv(
      "Nom;Email;Tel\nA;a@x.fr;0590 20 12 34\nB;b@x.fr;0696 20 12 34\nC;c@x.fr;0594 10 12 34\n"
      "D;d@x.fr;0262 16 12 34\nE;e@x.fr;0692 12 34 56\nF;f@x.fr;0269 60 12 34\nG;g@x.fr;06 12 34 56 78\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->warning_count, 0);
  EXPECT_EQ(only("a@x.fr").phones.at(0).value, "+590590201234");  // Guadeloupe
  EXPECT_EQ(only("b@x.fr").phones.at(0).value, "+596696201234");  // Martinique
  EXPECT_EQ(only("c@x.fr").phones.at(0).value, "+594594101234");  // Guyane
  EXPECT_EQ(only("d@x.fr").phones.at(0).value, "+262262161234");  // La Réunion
  EXPECT_EQ(only("e@x.fr").phones.at(0).value, "+262692123456");
  EXPECT_EQ(only("f@x.fr").phones.at(0).value, "+262269601234");  // Mayotte
  EXPECT_EQ(only("g@x.fr").phones.at(0).value, "+33612345678");
}

TEST_F(ImportTest, APhonesCommentGoesToANoteAndItsExtensionToTheLabel) {
  auto s = import_csv("Nom;Email;Tél. bureau;Portable\n"
                      "Dupont;jean@dupont.fr;04 72 00 00 00 poste 123;06 12 34 56 78 (perso)\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->warning_count, 0);
  auto c = only("jean@dupont.fr");
  ASSERT_EQ(c.phones.size(), 2u);
  EXPECT_EQ(c.phones[0].value, "+33472000000");
  EXPECT_EQ(c.phones[0].label, "work, ext. 123");
  EXPECT_EQ(c.phones[1].value, "+33612345678");
  EXPECT_EQ(c.phones[1].label, "mobile");
  EXPECT_EQ(note_bodies(*vault_, c.id), std::vector<std::string>{"06 12 34 56 78 (perso)"});
}

TEST_F(ImportTest, TheRegionOptionAndARowsCountryReadNationalNumbers) {
  auto r = request(write("be.csv", "Nom;Email;Tel\nA;a@x.be;02 555 12 12\n"));
  r.region = "BE";
  auto s = import(r);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(only("a@x.be").phones.at(0).value, "+3225551212");
  auto c = import_csv("Nom;Email;Tel;Pays\nB;b@x.be;02 555 12 13;Belgique\nC;c@x.fr;01 42 68 53 00;France\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(only("b@x.be").phones.at(0).value, "+3225551213");
  EXPECT_EQ(only("c@x.fr").phones.at(0).value, "+33142685300");
}

TEST_F(ImportTest, ACardKeepsItsOtherValuesWhenOnePhoneIsBad) {
  auto s = import(request(write("c.vcf",
                                "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jean Dupont\r\nEMAIL:jean@dupont.fr\r\n"
                                "TEL:039562544\r\nTEL;VALUE=uri;TYPE=work:tel:+33-4-72-00-00-00;ext=123\r\nEND:VCARD\r\n"
                                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Luc Peeters\r\nEMAIL:luc@peeters.be\r\n"
                                "TEL:02 555 12 12\r\nADR;TYPE=work:;;Rue Haute 1;Bruxelles;;1000;Belgique\r\nEND:VCARD\r\n"),
                          "vcard"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 2);
  EXPECT_EQ(s->warning_count, 1);
  auto c = only("jean@dupont.fr");
  ASSERT_EQ(c.phones.size(), 1u);
  EXPECT_EQ(c.phones[0].value, "+33472000000");
  EXPECT_EQ(c.phones[0].label, "work, ext. 123");
  EXPECT_EQ(only("luc@peeters.be").phones.at(0).value, "+3225551212");  // the card's country
}

TEST_F(ImportTest, AnExchangeAddressIsDroppedWithAWarningAndTheRowKept) {
  auto s = import_csv(
      "First Name,Last Name,E-mail Address,Business Phone\n"
      "Jean,Dupont,/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jdupont,"
      "01 42 68 53 00\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 1);
  ASSERT_EQ(s->warnings.size(), 1u);
  EXPECT_NE(s->warnings[0].message.find("Exchange directory entry"), std::string::npos) << s->warnings[0].message;
  EXPECT_EQ(sql_int("SELECT count(*) FROM contact_emails"), 0);
  EXPECT_EQ(sql_int("SELECT count(*) FROM contact_phones WHERE phone = '+33142685300'"), 1);
}

}  // namespace
}  // namespace coffre
