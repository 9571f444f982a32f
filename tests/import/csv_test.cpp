#include <gtest/gtest.h>
#include <sys/resource.h>

#include <fstream>

#include "charset.h"
#include "collect_sink.h"
#include "csv_importer.h"
#include "fakes/test_support.h"

namespace coffre {
namespace {

using plugin::ImportError;
using plugin::ImportOptions;
using plugin::csv::CsvImporter;
using test::CollectSink;

struct CsvRun {
  bool ok;
  ImportError error;
  CollectSink sink;
};

CsvRun read_csv_file(const std::filesystem::path& path, ImportOptions opt = {}, plugin::csv::Limits limits = {}) {
  opt.path = path.string();
  CsvImporter imp;
  imp.set_limits(limits);
  CsvRun r;
  r.ok = imp.read(opt, r.sink, r.error);
  return r;
}

CsvRun read_csv(const std::string& content, ImportOptions opt = {}, plugin::csv::Limits limits = {}) {
  test::TempDir tmp;
  test::write_file(tmp / "in.csv", content);
  return read_csv_file(tmp / "in.csv", std::move(opt), limits);
}

TEST(Csv, Utf8BomCommaQuotesAndEmbeddedNewlines) {
  auto r = read_csv("\xEF\xBB\xBFNom,Prénom,Note\r\n"
                    "Dupont,\"Jean, dit \"\"Jeannot\"\"\",\"ligne 1\r\nligne 2\"\r\n"
                    "Martin,Zoé,\r\n");
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_EQ(r.sink.records.size(), 2u);
  EXPECT_EQ(r.sink.records[0].fields[0].name, "Nom");  // the BOM is not part of the first header
  EXPECT_EQ(r.sink.get(0, "Prénom"), "Jean, dit \"Jeannot\"");
  EXPECT_EQ(r.sink.get(0, "Note"), "ligne 1\nligne 2");
  EXPECT_EQ(r.sink.records[0].line, 2u);
  EXPECT_EQ(r.sink.records[1].line, 4u);  // the embedded newline counts
  EXPECT_EQ(r.sink.get(1, "Prénom"), "Zoé");
}

TEST(Csv, SemicolonWindows1252IsDetectedAndConverted) {
  // "Société;Ville\nLa Bœuf & Cie;Orléans\nCafé 5€;Besançon\n" in Windows-1252.
  std::string body = "Soci\xE9t\xE9;Ville\nLa B\x9C" "uf & Cie;Orl\xE9" "ans\nCaf\xE9 5\x80;Besan\xE7on\n";
  auto r = read_csv(body);
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_EQ(r.sink.records.size(), 2u);
  EXPECT_EQ(r.sink.get(0, "Société"), "La Bœuf & Cie");
  EXPECT_EQ(r.sink.get(0, "Ville"), "Orléans");
  EXPECT_EQ(r.sink.get(1, "Société"), "Café 5€");
  EXPECT_EQ(r.sink.get(1, "Ville"), "Besançon");
}

TEST(Csv, DetectorMapsIso88591ToWindows1252) {
  // Plain accented French without any 0x80-0x9F byte: uchardet says ISO-8859-1 (or a cousin);
  // we must read it as a Western charset either way, never as UTF-8.
  std::string s = "Pr\xE9nom;Nom;Ville\nH\xE9l\xE8ne;Lef\xE8vre;Vend\xF4me\nJ\xE9r\xF4me;Gu\xE9rin;S\xE8te\n";
  auto cs = plugin::text::detect_charset(s);
  EXPECT_NE(cs, "UTF-8");
  EXPECT_NE(cs, "ISO-8859-1");
  auto r = read_csv(s);
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.sink.get(0, "Prénom"), "Hélène");
  EXPECT_EQ(r.sink.get(1, "Ville"), "Sète");
}

TEST(Csv, ForcedIso885915ReadsEuroAtA4) {
  ImportOptions o;
  o.charset = "ISO-8859-15";
  auto r = read_csv("Prix;Nom\n5\xA4;\xBD" "uf\n", o);
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.sink.get(0, "Prix"), "5€");
  EXPECT_EQ(r.sink.get(0, "Nom"), "œuf");
}

TEST(Csv, TabDelimiterIsSniffed) {
  auto r = read_csv("First Name\tLast Name\tE-mail Address\nAnn\tLee\tann@example.com\n");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.sink.get(0, "E-mail Address"), "ann@example.com");
}

TEST(Csv, SniffPrefersTheConsistentDelimiter) {
  EXPECT_EQ(plugin::csv::sniff_delimiter("a;b;c\n1;2,5;3\n4;5;6\n"), ';');
  EXPECT_EQ(plugin::csv::sniff_delimiter("a,b,c\n\"x;y\",2,3\n"), ',');
  EXPECT_EQ(plugin::csv::sniff_delimiter("a\tb\n1\t2\n"), '\t');
  EXPECT_EQ(plugin::csv::sniff_delimiter("single\n"), ',');
}

TEST(Csv, RaggedRowIsFlaggedForTheHost) {
  auto r = read_csv("a;b;c\n1;2;3\n1;2\n1;2;3;4\n");
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_EQ(r.sink.records.size(), 3u);
  EXPECT_EQ(r.sink.get(0, std::string(plugin::kProblemField)), "");
  EXPECT_EQ(r.sink.get(1, std::string(plugin::kProblemField)), "2 fields where the header (line 1) has 3");
  EXPECT_EQ(r.sink.label(1, std::string(plugin::kProblemField), r.sink.get(1, std::string(plugin::kProblemField))), "3");
  EXPECT_EQ(r.sink.records[2].line, 4u);
  EXPECT_FALSE(r.sink.get(2, std::string(plugin::kProblemField)).empty());
}

TEST(Csv, UnclosedQuoteNamesWhereItOpened) {
  auto r = read_csv("Nom;Note\nDupont;ok\nMartin;\"never closed\nDurand;x\n");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.line, 3u);
  EXPECT_EQ(r.error.column, 8u);
  EXPECT_NE(r.error.message.find("unclosed quote"), std::string::npos) << r.error.message;
}

TEST(Csv, InvalidUtf8AfterAValidStartIsLocated) {
  // The first 64 KiB are UTF-8, so the file is read as UTF-8; the bad byte comes later.
  std::string s = "Nom;Ville\n";
  while (s.size() < 70000) s += "Éric;Orléans\n";
  std::uint64_t bad_line = static_cast<std::uint64_t>(std::count(s.begin(), s.end(), '\n')) + 1;
  s += "Zo\xFF;Paris\n";
  auto r = read_csv(s);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.line, bad_line);
  EXPECT_EQ(r.error.column, 3u);
  EXPECT_NE(r.error.message.find("invalid UTF-8"), std::string::npos) << r.error.message;
}

TEST(Csv, ForcedUtf8RejectsLatin1Bytes) {
  ImportOptions o;
  o.charset = "UTF-8";
  auto r = read_csv("Nom\nH\xE9l\xE8ne\n", o);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.line, 2u);
  EXPECT_EQ(r.error.column, 2u);
}

TEST(Csv, ByteUndefinedInWindows1252IsAnError) {
  ImportOptions o;
  o.charset = "WINDOWS-1252";
  auto r = read_csv("Nom\nAb\x81\n", o);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.line, 2u);
  EXPECT_NE(r.error.message.find("0x81"), std::string::npos) << r.error.message;
}

TEST(Csv, BinaryJunkIsRefusedWithItsPlace) {
  std::string junk = "Nom;Ville\nDupont;Lyon\n";
  junk += std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
  auto r = read_csv(junk);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("binary data"), std::string::npos) << r.error.message;
  EXPECT_GE(r.error.line, 3u);
}

TEST(Csv, EmptyFileHasNoHeader) {
  auto r = read_csv("");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("empty"), std::string::npos);
}

TEST(Csv, StopsWhenTheSinkSaysSo) {
  CsvRun r;
  std::string s = "a\n";
  for (int i = 0; i < 100; ++i) s += std::to_string(i) + "\n";
  test::TempDir tmp;
  test::write_file(tmp / "x.csv", s);
  CsvImporter imp;
  r.sink.stop_after = 5;
  ImportOptions o;
  o.path = (tmp / "x.csv").string();
  EXPECT_TRUE(imp.read(o, r.sink, r.error));
  EXPECT_EQ(r.sink.records.size(), 5u);
}

TEST(Csv, ChunkingDoesNotChangeTheResult) {
  std::string text = "a;\"b\"\"c\";d\r\n\"x\r\ny\";;\"z\"  \r\n\r\n1;2;3";
  std::vector<std::vector<std::string>> whole, bytewise;
  plugin::csv::Parser p1(';', [&](auto& f, auto) { whole.push_back(f); return true; });
  ASSERT_TRUE(p1.feed(text));
  ASSERT_TRUE(p1.finish());
  plugin::csv::Parser p2(';', [&](auto& f, auto) { bytewise.push_back(f); return true; });
  for (char c : text) ASSERT_TRUE(p2.feed(std::string_view(&c, 1)));
  ASSERT_TRUE(p2.finish());
  EXPECT_EQ(whole, bytewise);
  ASSERT_EQ(whole.size(), 3u);
  EXPECT_EQ(whole[0], (std::vector<std::string>{"a", "b\"c", "d"}));
  EXPECT_EQ(whole[1], (std::vector<std::string>{"x\ny", "", "z"}));
}

TEST(Csv, CharacterAfterClosingQuoteIsAnError) {
  auto r = read_csv("a;b\n\"x\"y;2\n");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.line, 2u);
  EXPECT_EQ(r.error.column, 4u);
}

long max_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// A 100 MB file on one line: refused at the field limit (1 MiB), with bounded memory.
TEST(Csv, HundredMegabyteSingleLineIsRefusedWithBoundedMemory) {
  test::TempDir tmp;
  auto path = tmp / "line.csv";
  {
    std::ofstream f(path, std::ios::binary);
    std::string block(1 << 20, 'a');
    for (int i = 0; i < 100; ++i) f << block;
  }
  long before = max_rss_kib();
  auto r = read_csv_file(path);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("longer than 1024 KiB"), std::string::npos) << r.error.message;
  EXPECT_EQ(r.error.line, 1u);
  EXPECT_LT(max_rss_kib() - before, 32 * 1024) << "memory grew with the line";
}

TEST(Csv, HundredMegabyteLineOfQuotedFieldIsRefused) {
  test::TempDir tmp;
  auto path = tmp / "quoted.csv";
  {
    std::ofstream f(path, std::ios::binary);
    f << "Nom;Note\nDupont;\"";
    std::string block(1 << 20, 'b');
    for (int i = 0; i < 100; ++i) f << block;
  }
  auto r = read_csv_file(path);
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("may never be closed"), std::string::npos) << r.error.message;
  EXPECT_EQ(r.error.line, 2u);
  EXPECT_EQ(r.error.column, 8u);
}

TEST(Csv, ManyFieldsOnOneLineHitTheFieldCount) {
  std::string line;
  for (int i = 0; i < 5000; ++i) line += "x;";
  auto r = read_csv(line + "\n");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("more than 4096 fields"), std::string::npos) << r.error.message;
}

}  // namespace
}  // namespace coffre
