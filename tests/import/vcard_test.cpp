#include <gtest/gtest.h>

#include "collect_sink.h"
#include "fakes/test_support.h"
#include "vcard_importer.h"

namespace coffre {
namespace {

using plugin::ImportError;
using plugin::ImportOptions;
using test::CollectSink;

struct VcfRun {
  bool ok;
  ImportError error;
  CollectSink sink;
};

VcfRun read_vcf(const std::string& content, ImportOptions opt = {}) {
  test::TempDir tmp;
  test::write_file(tmp / "in.vcf", content);
  opt.path = (tmp / "in.vcf").string();
  plugin::vcard::VcardImporter imp;
  VcfRun r;
  r.ok = imp.read(opt, r.sink, r.error);
  return r;
}

TEST(Vcard, Version21QuotedPrintableCharsetAndBareTypes) {
  auto r = read_vcf(
      "BEGIN:VCARD\r\n"
      "VERSION:2.1\r\n"
      "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Lef=E8vre;H=E9l=E8ne;;;\r\n"
      "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:H=C3=A9l=C3=A8ne Lef=C3=A8vre\r\n"
      "TEL;CELL;VOICE:06 12 34 56 78\r\n"
      "TEL;WORK;FAX:+33 1 23 45 67 89\r\n"
      "EMAIL;INTERNET;PREF:Helene.Lefevre@Example.FR\r\n"
      "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Boulangerie Dupr=C3=A9\r\n"
      "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Rappeler apr=C3=A8s le 15, pr=C3=A9f=C3=A8re le =\r\n"
      "matin.=0D=0ASecond line\r\n"
      "ADR;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;12 rue de la Paix;Orl=C3=A9ans;;45000;France\r\n"
      "END:VCARD\r\n"
      "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Martin;Paul\r\nTEL;HOME:0243000000\r\nEND:VCARD\r\n");
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_EQ(r.sink.records.size(), 2u);
  EXPECT_EQ(r.sink.records[0].line, 1u);
  EXPECT_EQ(r.sink.get(0, "last_name"), "Lefèvre");
  EXPECT_EQ(r.sink.get(0, "first_name"), "Hélène");
  EXPECT_EQ(r.sink.label(0, "phone", "06 12 34 56 78"), "mobile");
  EXPECT_EQ(r.sink.label(0, "phone", "+33 1 23 45 67 89"), "fax");
  EXPECT_EQ(r.sink.label(0, "email", "Helene.Lefevre@Example.FR"), "");
  EXPECT_EQ(r.sink.get(0, "org"), "Boulangerie Dupré");
  EXPECT_EQ(r.sink.get(0, "note"), "Rappeler après le 15, préfère le matin.\r\nSecond line");
  EXPECT_EQ(r.sink.get(0, "address"), "12 rue de la Paix");
  EXPECT_EQ(r.sink.get(0, "city"), "Orléans");
  EXPECT_EQ(r.sink.get(0, "postcode"), "45000");
  EXPECT_EQ(r.sink.get(0, "country"), "France");
  EXPECT_EQ(r.sink.records[1].line, 13u);
  EXPECT_EQ(r.sink.label(1, "phone", "0243000000"), "home");
}

TEST(Vcard, Version30FoldingEscapesGroupsAndTypeLists) {
  auto r = read_vcf(
      "BEGIN:VCARD\n"
      "VERSION:3.0\n"
      "N:Durand;Zoé;;;\n"
      "FN:Zoé Durand\n"
      "ORG:Durand\\, Fils & Cie;Ventes\n"
      "TITLE:Directrice commerciale\n"
      "item1.EMAIL;type=INTERNET;type=WORK;type=pref:zoe@durand.fr\n"
      "EMAIL;TYPE=HOME:zoe.perso@example.org\n"
      "TEL;TYPE=WORK,VOICE:01 40 00 00 00\n"
      "TEL;TYPE=CELL:+33 6 00 00 00 01\n"
      "NOTE:Une note très longue qui est pliée sur plusieurs lignes \n"
      " comme le veut la RFC 2425\\; avec des échappements\\n et un retour.\n"
      "ADR;TYPE=WORK:;Bât. B;3 avenue Foch;Paris;;75016;France\n"
      "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\n"
      " /2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQ\n"
      "END:VCARD\n");
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_EQ(r.sink.records.size(), 1u);
  EXPECT_EQ(r.sink.get(0, "org"), "Durand, Fils & Cie");
  EXPECT_EQ(r.sink.get(0, "role"), "Directrice commerciale");
  EXPECT_EQ(r.sink.all(0, "email"), (std::vector<std::string>{"zoe@durand.fr", "zoe.perso@example.org"}));
  EXPECT_EQ(r.sink.label(0, "email", "zoe@durand.fr"), "work");
  EXPECT_EQ(r.sink.label(0, "email", "zoe.perso@example.org"), "home");
  EXPECT_EQ(r.sink.label(0, "phone", "01 40 00 00 00"), "work");
  EXPECT_EQ(r.sink.label(0, "phone", "+33 6 00 00 00 01"), "mobile");
  EXPECT_EQ(r.sink.get(0, "note"),
            "Une note très longue qui est pliée sur plusieurs lignes comme le veut la RFC 2425; avec des échappements\n et un retour.");
  EXPECT_EQ(r.sink.get(0, "address"), "3 avenue Foch, Bât. B");
  EXPECT_EQ(r.sink.get(0, "photo"), "");
}

TEST(Vcard, Version40QuotedTypesAndTelUri) {
  auto r = read_vcf(
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anne-Sophie de la Tour\r\n"
      "TEL;VALUE=uri;TYPE=\"work,voice\";PREF=1:tel:+33-1-45-00-00-00\r\n"
      "EMAIL;TYPE=work:as@latour.example\r\nEND:VCARD\r\n");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.sink.get(0, "first_name"), "Anne-Sophie de la");  // FN split: last word is the family name
  EXPECT_EQ(r.sink.get(0, "last_name"), "Tour");
  EXPECT_EQ(r.sink.get(0, "phone"), "+33-1-45-00-00-00");
  EXPECT_EQ(r.sink.label(0, "phone", "+33-1-45-00-00-00"), "work");
}

TEST(Vcard, Latin1WithoutCharsetIsReadAsWindows1252) {
  auto r = read_vcf("BEGIN:VCARD\nVERSION:2.1\nN:Gu\xE9rin;J\xE9r\xF4me\nEND:VCARD\n");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.sink.get(0, "last_name"), "Guérin");
  EXPECT_EQ(r.sink.get(0, "first_name"), "Jérôme");
}

TEST(Vcard, MissingEndIsAnErrorAtTheCardStart) {
  auto r = read_vcf("BEGIN:VCARD\nN:A;B\nEND:VCARD\nBEGIN:VCARD\nN:C;D\n");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.line, 4u);
  EXPECT_NE(r.error.message.find("no END:VCARD"), std::string::npos);
}

TEST(Vcard, NestedBeginAndStrayEnd) {
  auto r = read_vcf("BEGIN:VCARD\nN:A;B\nBEGIN:VCARD\nEND:VCARD\n");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.line, 3u);
  auto r2 = read_vcf("END:VCARD\n");
  ASSERT_FALSE(r2.ok);
  EXPECT_EQ(r2.error.line, 1u);
}

TEST(Vcard, NoCardAtAll) {
  auto r = read_vcf("Nom;Prénom\nDupont;Jean\n");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("no vCard"), std::string::npos);
}

TEST(Vcard, BinaryJunkIsRefused) {
  auto r = read_vcf(std::string("BEGIN:VCARD\nN:A;B\n\x7F" "ELF\x02\x01\x01\0\0\0", 26));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.line, 3u);
  EXPECT_NE(r.error.message.find("binary"), std::string::npos);
}

// One unreadable value costs that value, reported with its property's line, not the file.
TEST(Vcard, InvalidUtf8WithUtf8CharsetDropsThatValueWithAWarning) {
  auto r = read_vcf("BEGIN:VCARD\nN;CHARSET=UTF-8:Gu\xE9rin;J\nEMAIL:j@x.fr\nEND:VCARD\n");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.sink.get(0, "email"), "j@x.fr");
  EXPECT_EQ(r.sink.get(0, "last_name"), "");
  const std::string warning = r.sink.get(0, std::string(plugin::kWarningField));
  EXPECT_NE(warning.find("N at line 2: invalid UTF-8"), std::string::npos) << warning;
}

TEST(Vcard, QuotedPrintableDecoder) {
  EXPECT_EQ(plugin::vcard::decode_quoted_printable("a=3Db=\r\nc=ZZ="), "a=bc=ZZ=");
}

TEST(Vcard, HugeLineIsRefused) {
  std::string big = "BEGIN:VCARD\nNOTE:" + std::string(3u << 20, 'x') + "\nEND:VCARD\n";
  auto r = read_vcf(big);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("longer than"), std::string::npos);
}

}  // namespace
}  // namespace coffre
