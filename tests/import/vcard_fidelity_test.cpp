// vCard files as real tools write them (issue 10, item 3): line ends other than LF and CR LF, and
// UTF-16 with a BOM, are read instead of refused as binary data.
#include <gtest/gtest.h>

#include <algorithm>

#include "import_fixture.h"

namespace coffre {
namespace {

using test::ImportTest;

const std::string kCards =
    "BEGIN:VCARD|VERSION:3.0|N:Dupont;Hélène;;;|EMAIL;TYPE=work:helene@dupont.fr|TEL;TYPE=cell:06 12 34 56 78|"
    "END:VCARD|BEGIN:VCARD|VERSION:3.0|FN:Luc Martin|EMAIL:luc@martin.fr|END:VCARD|";

std::string with_line_ends(const std::string& eol) {
  std::string out;
  for (char c : kCards) out += c == '|' ? eol : std::string(1, c);
  return out;
}

TEST_F(ImportTest, VcardLineEndsOfEveryKindAreRead) {
  for (const char* eol : {"\r", "\r\r\n", "\r\n", "\n"}) {
    SCOPED_TRACE(testing::PrintToString(std::string(eol)));
    auto s = import(request(write("cards.vcf", with_line_ends(eol)), "vcard"));
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->rows, 2);
    EXPECT_EQ(only("helene@dupont.fr").first_name, "Hélène");
    EXPECT_EQ(only("helene@dupont.fr").phones.at(0).value, "+33612345678");
    EXPECT_EQ(only("luc@martin.fr").last_name, "Martin");
  }
}

TEST_F(ImportTest, VcardInUtf16WithABomIsRead) {
  const std::string utf8 = with_line_ends("\r\n");
  for (bool little : {true, false}) {
    // UTF-8 to UTF-16 by hand: the text is in the Basic Multilingual Plane.
    std::string utf16 = little ? "\xFF\xFE" : "\xFE\xFF";
    for (std::size_t i = 0; i < utf8.size();) {
      auto c = static_cast<unsigned char>(utf8[i]);
      unsigned cp = c;
      if (c >= 0xE0) cp = ((c & 0x0Fu) << 12) | ((utf8[i + 1] & 0x3Fu) << 6) | (utf8[i + 2] & 0x3Fu), i += 3;
      else if (c >= 0xC0) cp = ((c & 0x1Fu) << 6) | (utf8[i + 1] & 0x3Fu), i += 2;
      else ++i;
      const char lo = static_cast<char>(cp & 0xFF), hi = static_cast<char>(cp >> 8);
      utf16 += little ? std::string{lo, hi} : std::string{hi, lo};
    }
    auto s = import(request(write(little ? "le.vcf" : "be.vcf", utf16), "vcard"));
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->rows, 2);
    EXPECT_EQ(only("helene@dupont.fr").first_name, "Hélène");
  }
}

// Several NOTE lines are several notes, as written: no "note:" label glued in.
TEST_F(ImportTest, ACardsNotesStaySeparateNotes) {
  auto s = import(request(write("notes.vcf",
                                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Luc Martin\r\nEMAIL:luc@martin.fr\r\n"
                                "NOTE:Rencontré au salon\r\nNOTE:Rappeler en mars\\, après 14h\r\nEND:VCARD\r\n"),
                          "vcard"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto notes = NoteStore(*vault_).for_contact(only("luc@martin.fr").id);
  ASSERT_TRUE(notes.ok());
  ASSERT_EQ(notes->size(), 2u);
  std::vector<std::string> bodies{notes->at(0).body, notes->at(1).body};
  std::sort(bodies.begin(), bodies.end());
  EXPECT_EQ(bodies[0], "Rappeler en mars, après 14h");
  EXPECT_EQ(bodies[1], "Rencontré au salon");
  // The same file again adds neither note twice.
  ASSERT_TRUE(import(request(write("notes.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Luc Martin\r\nEMAIL:luc@martin.fr"
                                                "\r\nNOTE:Rencontré au salon\r\nNOTE:Rappeler en mars\\, après 14h\r\n"
                                                "END:VCARD\r\n"),
                             "vcard"))
                  .ok());
  EXPECT_EQ(NoteStore(*vault_).for_contact(only("luc@martin.fr").id)->size(), 2u);
}

// One broken QUOTED-PRINTABLE value costs that value, reported with its property's line, not the
// card or the file; URL and BDAY are reported as not imported; the ADR's region is kept.
TEST_F(ImportTest, ACardLosesOnlyItsUnreadableValueAndSaysWhatItDidNotImport) {
  auto s = import(request(write("qp.vcf",
                                "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Martin;Luc\r\nEMAIL:luc@martin.fr\r\n"
                                "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:caf=C3=28\r\n"
                                "URL:https\\://martin.example/luc\r\nBDAY:1980-05-12\r\n"
                                "ADR;WORK:;;1 rue Frébault;Pointe-à-Pitre;Guadeloupe;97110;France\r\nEND:VCARD\r\n"),
                          "vcard"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 1);
  ASSERT_EQ(s->warnings.size(), 1u);
  EXPECT_EQ(s->warnings[0].field, "NOTE");
  EXPECT_EQ(s->warnings[0].line, 5u);  // the property's line, not the card's BEGIN (line 1)
  EXPECT_NE(s->warnings[0].message.find("NOTE at line 5"), std::string::npos) << s->warnings[0].message;
  auto c = only("luc@martin.fr");
  EXPECT_EQ(c.address, "1 rue Frébault, 97110 Pointe-à-Pitre, Guadeloupe, France");
  EXPECT_TRUE(NoteStore(*vault_).for_contact(c.id)->empty());
  EXPECT_NE(std::find(s->ignored_columns.begin(), s->ignored_columns.end(), "website"), s->ignored_columns.end());
  EXPECT_NE(std::find(s->ignored_columns.begin(), s->ignored_columns.end(), "birthday"), s->ignored_columns.end());
}

// A card's bad value is named by its property's own line and name, not the line its card began
// at: in the error, the warning, and the rejected-rows report (issue 10, item 3).
TEST_F(ImportTest, ACardsErrorsNameThePropertysLine) {
  const std::string cards =
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Luc Martin\r\nEMAIL:luc@martin.fr\r\nEND:VCARD\r\n"  // lines 1-5
      "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dupont;Jean\r\nORG:Dupré SA\r\n"              // lines 6-9
      "TEL;TYPE=work:039562544\r\nEMAIL;TYPE=work:pas-un-mail\r\nEND:VCARD\r\n";       // lines 10-12
  auto failed = import(request(write("errors.vcf", cards), "vcard"));
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("errors.vcf: line 11 (EMAIL): \"pas-un-mail\" is not a valid e-mail"),
            std::string::npos)
      << failed.error().message;
  auto r = request(write("errors.vcf", cards), "vcard");
  r.skip_invalid = true;
  std::vector<RejectedRow> reported;
  r.on_rejected = [&](const RejectedRow& row) { reported.push_back(row); };
  auto s = import(r);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->added, 1);
  ASSERT_EQ(s->rejected_rows.size(), 1u);
  EXPECT_EQ(s->rejected_rows[0].line, 11u);
  EXPECT_EQ(s->rejected_rows[0].field, "EMAIL");
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].line, 11u);
  // The report holds the card's values, not the plugin's line markers.
  for (const auto& [name, value] : reported[0].values) EXPECT_NE(name.front(), '@') << name;
  // A warning on an imported card names its property's line too.
  auto w = import(request(write("warn.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dupont;Jean\r\n"
                                            "EMAIL:jean@dupont.fr\r\nTEL:+12345677\r\nEND:VCARD\r\n"),
                          "vcard"));
  ASSERT_TRUE(w.ok()) << w.error().message;
  ASSERT_EQ(w->warnings.size(), 1u);
  EXPECT_EQ(w->warnings[0].line, 5u);
  EXPECT_EQ(w->warnings[0].field, "TEL");
}

// A UTF-16 CSV (Excel's "Unicode text"): its BOM is no part of the first header.
TEST_F(ImportTest, AUtf16BomIsNotPartOfTheFirstHeader) {
  const std::string text = "Email\tNom\r\nluc@martin.fr\tMartin\r\n";
  std::string utf16 = "\xFF\xFE";
  for (char c : text) utf16 += std::string{c, '\0'};
  auto s = import(request(write("unicode.txt", utf16)));
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_FALSE(s->mapping.empty());
  EXPECT_EQ(s->mapping[0].first, "Email");
  EXPECT_EQ(s->mapping[0].second, "email");
  EXPECT_EQ(only("luc@martin.fr").last_name, "Martin");
}

}  // namespace
}  // namespace coffre
