// The export-access plugin, loaded through the plugin host as the CLI loads it: the JSON export
// parses back with every section, item and value in order; the text report shows every label and
// value, underlines titles to their width in code points and says "(none)" for an empty section;
// a target that stops taking bytes, or throws, stops the export without bringing anything down.
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "coffre/plugin/exporter.h"
#include "coffre/plugin_host.h"
#include "gtest/gtest.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;
using plugin::AccessExporter;
using plugin::ExportField;
using plugin::ExportItem;
using plugin::ExportOptions;
using plugin::ExportSection;
using plugin::SubjectView;
using Json = nlohmann::ordered_json;

constexpr std::size_t kChunk = 64 * 1024;
const std::string kFffd = "\xEF\xBF\xBD";
const std::string kNote = "Rappeler lundi.\nPréfère le téléphone.\r\nPas avant 10 h.";
const std::string kBadUtf8 = "caf\xE9 cr\xC3";  // a Latin-1 é, then a sequence cut short
const std::string kBadUtf8Fixed = "caf" + kFffd + " cr" + kFffd;

// Loads the plugin once per process; the holder keeps the library mapped.
struct Loaded {
  std::unique_ptr<PluginHost> host;
  std::shared_ptr<LoadedPlugin> holder;
  AccessExporter* exporter = nullptr;
};

Loaded& loaded() {
  static Loaded l = [] {
    Loaded r;
    r.host = std::make_unique<PluginHost>(std::vector<fs::path>{});
    auto res = r.host->load(COFFRE_EXPORT_ACCESS_PLUGIN);
    if (!res.ok()) {
      ADD_FAILURE() << "cannot load " << COFFRE_EXPORT_ACCESS_PLUGIN << ": " << res.error().message;
      return r;
    }
    r.holder = *res;
    r.exporter = dynamic_cast<AccessExporter*>(&r.holder->plugin());
    return r;
  }();
  return l;
}

AccessExporter& exporter() {
  AccessExporter* e = loaded().exporter;
  if (!e) throw std::runtime_error("the export-access plugin did not load as an AccessExporter");
  return *e;
}

ExportItem item(std::vector<ExportField> fields) { return ExportItem{std::move(fields)}; }

SubjectView sample_view() {
  SubjectView v;
  v.subject = "S6745a3c2deadbeef";
  v.display_name = "Hélène Guérin";
  v.generated_at = "2026-11-25T08:30:00Z";
  v.generator = "Coffre 0.3.0";
  v.sections.push_back({"identity", "Identité", "Qui vous êtes, tel que le coffre le note.",
                        {item({{"first_name", "Prénom", "Hélène"}, {"last_name", "Nom", "Guérin"}})}});
  v.sections.push_back(
      {"emails", "Adresses électroniques",
       "The e-mail addresses the vault holds for you. You may ask for any of them to be corrected or erased; "
       "this sentence is long enough to be wrapped on a plain-text page.",
       {item({{"address", "Address", "helene@example.org"}, {"kind", "Kind", "work"}}),
        item({{"address", "Address", "h.guerin@example.com"},
              {"kind", "", "home"},
              {"address", "Address", "hg@example.net"}})}});
  v.sections.push_back({"notes", "Notes", "What was written about you.",
                        {item({{"text", "Note", kNote}, {"created_at", "Written at", "2026-11-20T09:00:00Z"}}),
                         item({{"text", "Note", kBadUtf8}})}});
  v.sections.push_back({"documents", "Documents", "Files attached to your record.", {}});
  return v;
}

class StringTarget : public plugin::ExportTarget {
 public:
  bool write(std::string_view bytes) override {
    sizes.push_back(bytes.size());
    out.append(bytes.data(), bytes.size());
    return true;
  }
  std::string out;
  std::vector<std::size_t> sizes;
};

// Takes up to `limit` bytes, then refuses; counts the calls made after the first refusal.
class FailingTarget : public plugin::ExportTarget {
 public:
  explicit FailingTarget(std::size_t limit) : limit_(limit) {}
  bool write(std::string_view bytes) override {
    if (refused) {
      ++calls_after_refusal;
      return false;
    }
    if (taken + bytes.size() > limit_) {
      refused = true;
      return false;
    }
    taken += bytes.size();
    return true;
  }
  std::size_t taken = 0;
  bool refused = false;
  int calls_after_refusal = 0;

 private:
  std::size_t limit_;
};

class ThrowingTarget : public plugin::ExportTarget {
 public:
  bool write(std::string_view) override { throw std::runtime_error("disk on fire"); }
};

std::string run(const SubjectView& v, const std::string& format) {
  StringTarget t;
  std::string error;
  EXPECT_TRUE(exporter().write(v, ExportOptions{format}, t, error)) << error;
  return t.out;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ExportAccess, LoadsAsAnAccessExporter) {
  ASSERT_TRUE(loaded().holder);
  const PluginRecord& rec = loaded().holder->record();
  EXPECT_TRUE(rec.enabled) << rec.reason;
  ASSERT_TRUE(rec.kind.has_value());
  EXPECT_EQ(*rec.kind, plugin::Kind::AccessExporter);
  EXPECT_EQ(rec.name, "export-access");
  EXPECT_EQ(rec.version, "1.1.0");
  EXPECT_FALSE(rec.description.empty());
  ASSERT_NE(loaded().exporter, nullptr);
  EXPECT_EQ(exporter().formats(), (std::vector<std::string>{"json", "text", "html", "csv", "vcard"}));
  EXPECT_EQ(exporter().extension("json"), ".json");
  EXPECT_EQ(exporter().extension("text"), ".txt");
  EXPECT_EQ(exporter().extension("html"), ".html");
  EXPECT_EQ(exporter().extension("csv"), ".csv");
  EXPECT_EQ(exporter().extension("vcard"), ".vcf");
  EXPECT_EQ(exporter().extension("xml"), "");
}

TEST(ExportAccess, JsonHasTheHeaderAndEverySectionItemAndValueInOrder) {
  const SubjectView v = sample_view();
  const std::string out = run(v, "json");
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.compare(0, 4, "{\n  "), 0) << "two-space indent";
  EXPECT_NE(out.find("Hélène Guérin"), std::string::npos) << "accents written as UTF-8, not escaped";

  const Json doc = Json::parse(out);
  std::vector<std::string> keys;
  for (const auto& [k, val] : doc.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"format", "format_version", "subject", "display_name", "generated_at",
                                            "generator", "language", "sections"}));
  EXPECT_EQ(doc["format"], "coffre-access-export");
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["subject"], v.subject);
  EXPECT_EQ(doc["display_name"], "Hélène Guérin");
  EXPECT_EQ(doc["generated_at"], v.generated_at);
  EXPECT_EQ(doc["generator"], v.generator);
  EXPECT_EQ(doc["language"], "en");

  const Json& sections = doc["sections"];
  ASSERT_EQ(sections.size(), v.sections.size());
  for (std::size_t s = 0; s < v.sections.size(); ++s) {
    const Json& js = sections[s];
    std::vector<std::string> skeys;
    for (const auto& [k, val] : js.items()) skeys.push_back(k);
    EXPECT_EQ(skeys, (std::vector<std::string>{"name", "title", "description", "items"}));
    EXPECT_EQ(js["name"], v.sections[s].name);
    EXPECT_EQ(js["title"], v.sections[s].title);
    EXPECT_EQ(js["description"], v.sections[s].description);
    ASSERT_EQ(js["items"].size(), v.sections[s].items.size()) << v.sections[s].name;
  }

  EXPECT_EQ(sections[0]["items"][0].dump(), R"({"first_name":"Hélène","last_name":"Guérin"})");
  EXPECT_EQ(sections[1]["items"][0].dump(), R"({"address":"helene@example.org","kind":"work"})");
  // The repeated name: one key, at its first place, holding both values in order.
  EXPECT_EQ(sections[1]["items"][1].dump(),
            R"({"address":["h.guerin@example.com","hg@example.net"],"kind":"home"})");
  EXPECT_EQ(sections[2]["items"][0]["text"], kNote) << "line breaks kept exactly";
  EXPECT_EQ(sections[2]["items"][0]["created_at"], "2026-11-20T09:00:00Z");
  EXPECT_EQ(sections[2]["items"][1]["text"], kBadUtf8Fixed) << "invalid bytes become U+FFFD, the rest stays";
  EXPECT_TRUE(sections[3]["items"].is_array());
  EXPECT_TRUE(sections[3]["items"].empty());
}

// A French view: the report's own words follow it; an unknown language falls back to English.
TEST(ExportAccess, TextWritesItsOwnWordsInTheViewsLanguage) {
  auto v = sample_view();
  v.language = "fr";
  const std::string out = run(v, "text");
  const std::vector<std::string> lines = lines_of(out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "Données personnelles détenues sur Hélène Guérin (personne S6745a3c2deadbeef)");
  EXPECT_EQ(lines[1], std::string(code_points(lines[0]), '='));
  EXPECT_EQ(lines[2], "Établi le 2026-11-25T08:30:00Z par Coffre 0.3.0");
  EXPECT_NE(out.find("\n  (aucun)\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("(none)"), std::string::npos) << out;
  v.language = "de";
  EXPECT_EQ(lines_of(run(v, "text"))[0], "Personal data held about Hélène Guérin (subject S6745a3c2deadbeef)");
}

TEST(ExportAccess, TextShowsEveryLabelAndValue) {
  const std::string out = run(sample_view(), "text");
  const std::vector<std::string> lines = lines_of(out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "Personal data held about Hélène Guérin (subject S6745a3c2deadbeef)");
  EXPECT_EQ(lines[1], std::string(code_points(lines[0]), '='));
  EXPECT_EQ(lines[2], "Generated at 2026-11-25T08:30:00Z by Coffre 0.3.0");

  for (const char* expected : {"  Prénom: Hélène\n", "  Nom: Guérin\n", "  Address: helene@example.org\n",
                               "  Kind: work\n", "  Written at: 2026-11-20T09:00:00Z\n"})
    EXPECT_NE(out.find(expected), std::string::npos) << expected;
  // The second e-mail item: the repeated field twice, in order; the empty label falls back to the name.
  EXPECT_NE(out.find("  Address: h.guerin@example.com\n  kind: home\n  Address: hg@example.net\n"), std::string::npos)
      << out;
  // Items are separated by a blank line.
  EXPECT_NE(out.find("  Kind: work\n\n  Address: h.guerin@example.com\n"), std::string::npos);
  // A multi-line value: continuation lines start under the value ("  Note: " is 8 columns).
  EXPECT_NE(out.find("  Note: Rappeler lundi.\n        Préfère le téléphone.\n        Pas avant 10 h.\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  Note: " + kBadUtf8Fixed + "\n"), std::string::npos);
  EXPECT_EQ(out.find("\xE9 "), std::string::npos) << "no invalid byte reaches the report";
  // The description is wrapped, every word kept.
  EXPECT_NE(out.find("The e-mail addresses the vault holds for you."), std::string::npos);
  EXPECT_NE(out.find("plain-text page."), std::string::npos);
  for (const auto& line : lines) EXPECT_LE(code_points(line), 78u) << line;
}

TEST(ExportAccess, TextUnderlinesTitlesToTheirWidthAndMarksEmptySections) {
  const SubjectView v = sample_view();
  const std::string out = run(v, "text");
  const std::vector<std::string> lines = lines_of(out);
  std::size_t last = 0;
  for (const auto& s : v.sections) {
    std::size_t at = 0;
    while (at + 1 < lines.size() && !(lines[at] == s.title && !lines[at + 1].empty() && lines[at + 1][0] == '-')) ++at;
    ASSERT_LT(at + 1, lines.size()) << "no title line for " << s.title;
    EXPECT_GT(at, last) << "sections in order";
    last = at;
    EXPECT_EQ(lines[at + 1], std::string(code_points(s.title), '-')) << s.title;
  }
  // "Identité" is 8 code points but 9 bytes: the underline follows the code points.
  EXPECT_NE(out.find("Identité\n--------\n"), std::string::npos);
  EXPECT_NE(out.find("Adresses électroniques\n----------------------\n"), std::string::npos);
  // The empty section says so, after its title and description.
  EXPECT_NE(out.find("Documents\n---------\nFiles attached to your record.\n\n  (none)\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("(none)"), out.rfind("(none)")) << "only the empty section";
}

// A large export goes to the target in chunks of at most 64 KiB, and the chunks add up to it.
TEST(ExportAccess, LargeExportsAreWrittenInChunks) {
  SubjectView v = sample_view();
  ExportSection big{"interactions", "Interactions", "Calls and meetings.", {}};
  for (int i = 0; i < 3000; ++i)
    big.items.push_back(item({{"summary", "Summary", "call number " + std::to_string(i) + std::string(100, 'x')}}));
  v.sections.push_back(std::move(big));
  for (const std::string format : {"json", "text", "html", "csv"}) {
    StringTarget t;
    std::string error;
    ASSERT_TRUE(exporter().write(v, ExportOptions{format}, t, error)) << error;
    EXPECT_GT(t.sizes.size(), 4u) << format;
    for (std::size_t n : t.sizes) EXPECT_LE(n, kChunk) << format;
    EXPECT_EQ(t.out, run(v, format)) << "the same bytes on every run";
    EXPECT_NE(t.out.find("call number 2999"), std::string::npos) << format;
    if (format == "json") {
      const Json doc = Json::parse(t.out);
      ASSERT_EQ(doc["sections"][4]["items"].size(), 3000u);
      EXPECT_EQ(doc["sections"][4]["items"][2999]["summary"], "call number 2999" + std::string(100, 'x'));
    }
  }
}

TEST(ExportAccess, StopsWhenTheTargetRefuses) {
  SubjectView v = sample_view();
  ExportSection big{"interactions", "Interactions", "Calls and meetings.", {}};
  for (int i = 0; i < 2000; ++i) big.items.push_back(item({{"summary", "Summary", std::string(200, 'y')}}));
  v.sections.push_back(std::move(big));
  for (const std::string format : {"json", "text", "html", "csv"}) {
    for (std::size_t limit : {std::size_t{0}, std::size_t{1}, kChunk - 1, kChunk, kChunk + 1, 3 * kChunk}) {
      FailingTarget t(limit);
      std::string error;
      EXPECT_FALSE(exporter().write(v, ExportOptions{format}, t, error)) << format << " " << limit;
      EXPECT_TRUE(t.refused) << format << " " << limit;
      EXPECT_EQ(t.calls_after_refusal, 0) << format << " " << limit;
      EXPECT_LE(t.taken, limit);
    }
  }
}

TEST(ExportAccess, ATargetThatThrowsBecomesAnError) {
  for (const std::string format : {"json", "text", "html", "csv", "vcard"}) {
    ThrowingTarget t;
    std::string error;
    bool ok = true;
    EXPECT_NO_THROW(ok = exporter().write(sample_view(), ExportOptions{format}, t, error));
    EXPECT_FALSE(ok);
    EXPECT_NE(error.find("disk on fire"), std::string::npos) << error;
  }
}

// A value a spreadsheet would run as a formula is written as text (a ' before it); phone numbers
// and negative numbers are left as they are.
TEST(ExportAccess, CsvKeepsFormulasAsText) {
  SubjectView v = sample_view();
  ExportSection notes{"notes", "Notes", "Free-text notes.", {}};
  for (const char* text : {"=HYPERLINK(\"http://x\",\"clic\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "+33 6 12 34 56 78",
                           "-5", "\tcachée", "plain"})
    notes.items.push_back(item({{"text", "Text", text}}));
  v.sections.push_back(std::move(notes));
  const std::string out = run(v, "csv");
  const std::string cells = "notes,,,,,";  // section, then the columns before `text`
  EXPECT_NE(out.find("\n" + cells + "\"'=HYPERLINK(\"\"http://x\"\",\"\"clic\"\")\",\r"), std::string::npos) << out;
  EXPECT_NE(out.find("\n" + cells + "'@SUM(A1),\r"), std::string::npos) << out;
  EXPECT_NE(out.find("\n" + cells + "'+cmd|' /C calc'!A0,\r"), std::string::npos) << out;
  EXPECT_NE(out.find("\n" + cells + "'-2+3,\r"), std::string::npos) << out;
  EXPECT_NE(out.find("\n" + cells + "+33 6 12 34 56 78,\r"), std::string::npos) << out;
  EXPECT_NE(out.find("\n" + cells + "-5,\r"), std::string::npos) << out;
  EXPECT_NE(out.find("\n" + cells + "'\tcachée,\r"), std::string::npos) << out;
  EXPECT_NE(out.find("\n" + cells + "plain,\r"), std::string::npos) << out;
}

TEST(ExportAccess, UnknownFormatIsRefusedAndWritesNothing) {
  StringTarget t;
  std::string error;
  EXPECT_FALSE(exporter().write(sample_view(), ExportOptions{"xml"}, t, error));
  EXPECT_EQ(error, "unknown format 'xml' (json, text, html, csv, vcard)");
  EXPECT_TRUE(t.sizes.empty());
}

TEST(ExportAccess, AnEmptyViewStillWritesAValidDocument) {
  SubjectView v;
  v.subject = "S1";
  const Json doc = Json::parse(run(v, "json"));
  EXPECT_EQ(doc["subject"], "S1");
  EXPECT_EQ(doc["display_name"], "");
  EXPECT_TRUE(doc["sections"].is_array());
  EXPECT_TRUE(doc["sections"].empty());
  const std::string text = run(v, "text");
  EXPECT_EQ(text.rfind("Personal data held about subject S1\n", 0), 0u) << text;
}

}  // namespace
}  // namespace coffre
