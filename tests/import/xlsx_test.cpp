#include <gtest/gtest.h>
#include <sys/resource.h>

#include "collect_sink.h"
#include "fakes/test_support.h"
#include "workbook.h"
#include "xlsx_importer.h"
#include "xlsx_writer.h"

namespace coffre {
namespace {

using plugin::ImportError;
using plugin::ImportOptions;
using test::CollectSink;
namespace x = plugin::xlsx;

struct XRun {
  bool ok;
  ImportError error;
  CollectSink sink;
};

XRun read_xlsx(const std::filesystem::path& path, ImportOptions opt = {}) {
  opt.path = path.string();
  x::XlsxImporter imp;
  XRun r;
  r.ok = imp.read(opt, r.sink, r.error);
  return r;
}

const char* kShared =
    "<si><t>Nom</t></si><si><t>Prénom</t></si><si><t>Téléphone</t></si><si><t>Date de contact</t></si>"
    "<si><t>Rappel</t></si><si><r><t>Du</t></r><r><rPr><b/></rPr><t>pont</t></r><rPh><t>ignored</t></rPh></si>"
    "<si><t xml:space=\"preserve\"> Zoé </t></si>";
// Style 0: general; 1: built-in 14 (a date); 2: custom "dd/mm/yyyy hh:mm"; 3: custom "[Red]0.00".
const char* kStyles =
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\\ hh:mm\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00\"/></numFmts>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs>";

TEST(Xlsx, SharedInlineNumbersDatesEmptyCellsAndGaps) {
  test::TempDir tmp;
  auto path = tmp / "book.xlsx";
  std::string sheet =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c>"
      "<c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>5</v></c><c r=\"B2\" t=\"s\"><v>6</v></c><c r=\"C2\"><v>612345678</v></c>"
      "<c r=\"D2\" s=\"1\"><v>45000</v></c><c r=\"E2\" s=\"2\"><v>45000.75</v></c></row>"
      "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>Martin</t></is></c><c r=\"C4\"><v>3.3612345678E10</v></c>"
      "<c r=\"D4\" s=\"3\"><v>12.5</v></c><c r=\"G4\" t=\"str\"><f>A4</f><v>hors colonne</v></c></row>"
      "<row r=\"5\"></row>";
  ASSERT_TRUE(test::write_zip(path.string(), test::workbook_parts({{"1:Contacts", sheet}}, kShared, kStyles)));
  auto r = read_xlsx(path);
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_EQ(r.sink.records.size(), 2u);
  EXPECT_EQ(r.sink.records[0].line, 2u);
  EXPECT_EQ(r.sink.get(0, "Nom"), "Dupont");  // rich text runs joined, phonetic reading dropped
  EXPECT_EQ(r.sink.get(0, "Prénom"), " Zoé ");  // the pipeline trims, not the reader
  EXPECT_EQ(r.sink.get(0, "Téléphone"), "612345678");
  EXPECT_EQ(r.sink.get(0, "Date de contact"), "2023-03-15");
  EXPECT_EQ(r.sink.get(0, "Rappel"), "2023-03-15 18:00");
  EXPECT_EQ(r.sink.records[1].line, 4u);
  EXPECT_EQ(r.sink.get(1, "Nom"), "Martin");
  EXPECT_EQ(r.sink.get(1, "Prénom"), "");  // an empty cell is an empty field, present
  EXPECT_EQ(r.sink.records[1].fields.size(), 6u);  // 5 header columns + G4 under no header
  EXPECT_EQ(r.sink.get(1, "Téléphone"), "33612345678");
  EXPECT_EQ(r.sink.get(1, "Date de contact"), "12.5");  // "[Red]0.00" is not a date
  EXPECT_EQ(r.sink.get(1, "column G"), "hors colonne");
}

TEST(Xlsx, SheetByNameAndUnknownSheet) {
  test::TempDir tmp;
  auto path = tmp / "two.xlsx";
  ASSERT_TRUE(test::write_zip(
      path.string(),
      test::workbook_parts({{"1:Notes", "<row r=\"1\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>"},
                            {"2:Clients 2024", "<row><c t=\"inlineStr\"><is><t>Nom</t></is></c></row>"
                                               "<row><c t=\"inlineStr\"><is><t>Dupont</t></is></c></row>"}},
                           "", "")));
  ImportOptions o;
  o.sheet = "Clients 2024";
  auto r = read_xlsx(path, o);
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_EQ(r.sink.records.size(), 1u);
  EXPECT_EQ(r.sink.get(0, "Nom"), "Dupont");
  EXPECT_EQ(r.sink.records[0].line, 2u);  // no r attribute: rows counted
  o.sheet = "Nope";
  auto bad = read_xlsx(path, o);
  ASSERT_FALSE(bad.ok);
  EXPECT_EQ(bad.error.message, "no sheet named \"Nope\" (the workbook has \"Notes\", \"Clients 2024\")");
}

TEST(Xlsx, NotAZipIsRefusedClearly) {
  test::TempDir tmp;
  test::write_file(tmp / "fake.xlsx", "Nom;Prénom\nDupont;Jean\n");
  auto r = read_xlsx(tmp / "fake.xlsx");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("is not a zip archive"), std::string::npos) << r.error.message;
  test::write_file(tmp / "trunc.xlsx", std::string("PK\x03\x04garbage", 11));
  auto t = read_xlsx(tmp / "trunc.xlsx");
  ASSERT_FALSE(t.ok);
  EXPECT_NE(t.error.message.find("not a readable zip archive"), std::string::npos) << t.error.message;
}

TEST(Xlsx, ZipWithoutWorkbook) {
  test::TempDir tmp;
  ASSERT_TRUE(test::write_zip((tmp / "a.xlsx").string(), {{"hello.txt", "hi"}}));
  auto r = read_xlsx(tmp / "a.xlsx");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("no xl/workbook.xml"), std::string::npos) << r.error.message;
}

long max_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

TEST(Xlsx, ZipBombByRatioIsRefusedBeforeInflating) {
  test::TempDir tmp;
  auto path = tmp / "bomb.xlsx";
  {
    auto parts = test::workbook_parts({{"1:S", ""}}, "", "");
    parts["xl/worksheets/sheet1.xml"] = std::string(64u << 20, ' ');  // 64 MiB of spaces: ~1000:1
    ASSERT_TRUE(test::write_zip(path.string(), parts));
  }
  EXPECT_LT(std::filesystem::file_size(path), 1u << 20);
  long before = max_rss_kib();
  auto r = read_xlsx(path);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("refusing a zip bomb"), std::string::npos) << r.error.message;
  EXPECT_NE(r.error.message.find("compression ratio"), std::string::npos) << r.error.message;
  EXPECT_LT(max_rss_kib() - before, 16 * 1024);
}

TEST(Xlsx, DeclaredSizeOverTheLimitIsRefused) {
  test::TempDir tmp;
  auto path = tmp / "big.xlsx";
  std::string rows;
  for (int i = 1; i <= 20000; ++i)
    rows += "<row r=\"" + std::to_string(i) + "\"><c t=\"inlineStr\"><is><t>v" + std::to_string(i * 7919) + "</t></is></c></row>";
  ASSERT_TRUE(test::write_zip(path.string(), test::workbook_parts({{"1:S", rows}}, "", "")));
  ImportOptions o;
  o.max_bytes_uncompressed = 256 * 1024;
  auto r = read_xlsx(path, o);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("over the limit of"), std::string::npos) << r.error.message;
  o.max_bytes_uncompressed = 64u << 20;
  auto ok = read_xlsx(path, o);
  ASSERT_TRUE(ok.ok) << ok.error.message;
  EXPECT_EQ(ok.sink.records.size(), 19999u);
  EXPECT_GE(ok.sink.progress_calls, 19u);  // every 1,000 rows, then the end
  EXPECT_EQ(ok.sink.last_done, ok.sink.last_total);
  EXPECT_GT(ok.sink.last_total, 256u * 1024u);
}

// An archive whose headers lie: the sheet declares 1,000 bytes but inflates to 6 MiB. open()'s
// checks pass (small declared size, no ratio to see); reading stops at the declared size.
TEST(Xlsx, EntryInflatingPastItsDeclaredSizeIsStopped) {
  test::TempDir tmp;
  auto path = tmp / "liar.xlsx";
  std::string rows;
  for (int i = 1; rows.size() < (6u << 20); ++i)
    rows += "<row r=\"" + std::to_string(i) + "\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>";
  ASSERT_TRUE(test::write_zip(path.string(), test::workbook_parts({{"1:S", rows}}, "", "")));
  std::string zip = test::read_file(path);
  const std::string name = "xl/worksheets/sheet1.xml";
  auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) zip[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFF);
  };
  int patched = 0;
  for (std::size_t at = zip.find(name); at != std::string::npos; at = zip.find(name, at + 1)) {
    if (at >= 46 && zip.compare(at - 46, 4, "PK\x01\x02") == 0) put32(at - 46 + 24, 1000), ++patched;  // central
    else if (at >= 30 && zip.compare(at - 30, 4, "PK\x03\x04") == 0) put32(at - 30 + 22, 1000), ++patched;  // local
  }
  ASSERT_EQ(patched, 2);
  test::write_file(path, zip);
  auto r = read_xlsx(path);
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.error.message.find("inflates past its declared size") != std::string::npos ||
              r.error.message.find("damaged archive") != std::string::npos)
      << r.error.message;
  EXPECT_TRUE(r.sink.records.empty() || r.sink.records.size() < 100u);
}

TEST(Xlsx, MalformedXmlNamesThePart) {
  test::TempDir tmp;
  auto path = tmp / "bad.xlsx";
  ASSERT_TRUE(test::write_zip(path.string(), test::workbook_parts({{"1:S", "<row><c><v>1</c></row>"}}, "", "")));
  auto r = read_xlsx(path);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("malformed XML in xl/worksheets/sheet1.xml"), std::string::npos) << r.error.message;
}

TEST(Xlsx, BadSharedStringIndex) {
  test::TempDir tmp;
  auto path = tmp / "ss.xlsx";
  ASSERT_TRUE(test::write_zip(path.string(),
                              test::workbook_parts({{"1:S", "<row r=\"3\"><c r=\"B3\" t=\"s\"><v>9</v></c></row>"}},
                                                   "<si><t>a</t></si>", "")));
  auto r = read_xlsx(path);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("row 3, column B"), std::string::npos) << r.error.message;
}

// What real writers put in workbooks (issue 10, item 5).
TEST(Xlsx, Date1904WithAnX14ExtensionReadsIn1904) {
  test::TempDir tmp;
  auto path = tmp / "1904.xlsx";
  auto parts = test::workbook_parts(
      {{"1:S", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Date de contact</t></is></c></row>"
               "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>43538</v></c></row>"}},
      "", kStyles);
  auto& wb = parts["xl/workbook.xml"];
  wb.replace(wb.find("<sheets>"), 8, "<workbookPr date1904=\"1\"/><sheets>");
  wb.replace(wb.find("</workbook>"), 11,
             "<extLst><ext uri=\"{140A7094-0E35-4892-8432-C4D2E57EDEB5}\" "
             "xmlns:x14=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\">"
             "<x14:workbookPr defaultImageDpi=\"220\"/></ext></extLst></workbook>");
  ASSERT_TRUE(test::write_zip(path.string(), parts));
  auto r = read_xlsx(path);
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.sink.get(0, "Date de contact"), "2023-03-15");  // 43538 days after 1904-01-01, not 2019
}

TEST(Xlsx, EscapesInlineStringsWithAValueAndEmptySharedStrings) {
  test::TempDir tmp;
  auto path = tmp / "esc.xlsx";
  auto parts = test::workbook_parts(
      {{"1:S", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
               "<c r=\"C1\" t=\"s\"><v>2</v></c></row>"
               "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"B2\" t=\"inlineStr\"><v>0</v><is><t>Zoé</t></is></c>"
               "<c r=\"C2\" t=\"s\"><v/></c></row>"}},
      "<si><t>Nom_x000D_</t></si><si><t>Prénom</t></si><si><t>Société</t></si>"
      "<si><t>Dupont_x0020_&amp;_x0020_Fils _x005F_x0041_</t></si>",
      "");
  ASSERT_TRUE(test::write_zip(path.string(), parts));
  auto r = read_xlsx(path);
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_EQ(r.sink.records.size(), 1u);
  EXPECT_EQ(r.sink.get(0, "Nom\r"), "Dupont & Fils _x0041_");
  EXPECT_EQ(r.sink.get(0, "Prénom"), "Zoé");  // not "0Zoé"
  EXPECT_EQ(r.sink.get(0, "Société"), "");
  EXPECT_EQ(x::decode_ooxml_escapes("a_x00E9_b_x20AC_"), "a\xC3\xA9" "b\xE2\x82\xAC");
  EXPECT_EQ(x::decode_ooxml_escapes("_xZZZZ_"), "_xZZZZ_");
}

TEST(Xlsx, PartNamesAreCaseInsensitiveAndMayUseBackslashes) {
  test::TempDir tmp;
  auto path = tmp / "names.xlsx";
  auto parts = test::workbook_parts({{"1:S", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                                             "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row>"}},
                                    "<si><t>Nom</t></si><si><t>Dupont</t></si>", "");
  std::map<std::string, std::string> renamed;
  for (auto& [name, data] : parts) {
    std::string n = name;
    if (n == "xl/sharedStrings.xml") n = "xl/SharedStrings.xml";
    if (n == "xl/worksheets/sheet1.xml") n = "xl\\worksheets\\sheet1.xml";
    renamed[n] = data;
  }
  ASSERT_TRUE(test::write_zip(path.string(), renamed));
  auto r = read_xlsx(path);
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.sink.get(0, "Nom"), "Dupont");
}

TEST(Xlsx, SerialDatesAndFormats) {
  EXPECT_EQ(x::format_serial(1, x::NumKind::Date, false), "1900-01-01");
  EXPECT_EQ(x::format_serial(59, x::NumKind::Date, false), "1900-02-28");
  EXPECT_EQ(x::format_serial(61, x::NumKind::Date, false), "1900-03-01");
  EXPECT_EQ(x::format_serial(25569, x::NumKind::Date, false), "1970-01-01");
  EXPECT_EQ(x::format_serial(45000, x::NumKind::Date, false), "2023-03-15");
  EXPECT_EQ(x::format_serial(0, x::NumKind::Date, true), "1904-01-01");
  EXPECT_EQ(x::format_serial(0.5, x::NumKind::Time, false), "12:00");
  EXPECT_EQ(x::format_serial(-1, x::NumKind::Date, false), "");
  EXPECT_EQ(x::classify_format("dd/mm/yyyy"), x::NumKind::Date);
  EXPECT_EQ(x::classify_format("[$-40C]d mmmm yyyy;@"), x::NumKind::Date);
  EXPECT_EQ(x::classify_format("h:mm"), x::NumKind::Time);
  EXPECT_EQ(x::classify_format("yyyy-mm-dd hh:mm:ss"), x::NumKind::DateTime);
  EXPECT_EQ(x::classify_format("\"day\" 0"), x::NumKind::Number);
  EXPECT_EQ(x::classify_format("#,##0.00 [$€-40C]"), x::NumKind::Number);
  EXPECT_EQ(x::classify_format("General"), x::NumKind::Number);
  EXPECT_EQ(x::builtin_format_kind(14), x::NumKind::Date);
  EXPECT_EQ(x::builtin_format_kind(22), x::NumKind::DateTime);
  EXPECT_EQ(x::builtin_format_kind(0), x::NumKind::Number);
  EXPECT_EQ(x::column_of("A1"), 1u);
  EXPECT_EQ(x::column_of("AB12"), 28u);
  EXPECT_EQ(x::column_of("XFD1"), 16384u);
  EXPECT_EQ(x::column_of("XFE1"), 0u);
  EXPECT_EQ(x::column_letters(28), "AB");
}

}  // namespace
}  // namespace coffre
