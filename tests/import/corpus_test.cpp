// Other projects' parser test suites, run through Coffre's importers (issue 10, item 3): every file
// of tests/fixtures/import/corpus/ (its README names each file's origin and licence) is read by the
// matching importer with a time limit: no crash, no hang, an error or records. Files whose content
// is known are checked value by value: csv-spectrum's CSVs against its own JSON expectations, and
// vCards written by real address books and phones (ez-vcard's and vobject's test resources) against
// the contacts a person would expect.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "coffre/consent.h"
#include "coffre/normalize.h"
#include "collect_sink.h"
#include "import_fixture.h"

namespace coffre {
namespace {

using test::CollectSink;
using test::ImportTest;

const std::filesystem::path kCorpus = std::filesystem::path(COFFRE_FIXTURE_DIR) / "import" / "corpus";

struct Outcome {
  bool finished = false;  // within the time limit
  bool ok = false;
  std::string error;
  std::shared_ptr<CollectSink> sink = std::make_shared<CollectSink>();
};

// Reads `file` with a fresh importer on a thread; gives up waiting after `limit`.
Outcome read_with_limit(const std::filesystem::path& file, std::chrono::seconds limit = std::chrono::seconds(20)) {
  Outcome out;
  const std::string ext = file.extension().string();
  auto sink = out.sink;
  auto task = std::make_shared<std::packaged_task<std::pair<bool, std::string>()>>([file, ext, sink] {
    std::unique_ptr<plugin::Importer> importer;
    if (ext == ".xlsx") importer = std::make_unique<plugin::xlsx::XlsxImporter>();
    else if (ext == ".vcf") importer = std::make_unique<plugin::vcard::VcardImporter>();
    else importer = std::make_unique<plugin::csv::CsvImporter>();
    std::string setup_error;
    importer->setup(setup_error);
    plugin::ImportOptions options;
    options.path = file.string();
    plugin::ImportError error;
    const bool ok = importer->read(options, *sink, error);
    return std::pair{ok, error.message + (error.line ? " (line " + std::to_string(error.line) + ")" : "")};
  });
  auto result = task->get_future();
  std::thread worker([task] { (*task)(); });
  if (result.wait_for(limit) != std::future_status::ready) {
    worker.detach();  // a hang: reported as a failure; the process ends with the test binary
    return out;
  }
  worker.join();
  out.finished = true;
  std::tie(out.ok, out.error) = result.get();
  return out;
}

std::vector<std::filesystem::path> corpus_files(const std::string& dir, const std::string& ext) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(kCorpus / dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Corpus, EveryFileIsReadWithinItsTimeLimitWithoutACrash) {
  std::size_t files = 0;
  for (const auto& [dir, ext] : {std::pair{"csv", ".csv"}, std::pair{"vcard", ".vcf"}, std::pair{"xlsx", ".xlsx"}}) {
    for (const auto& file : corpus_files(dir, ext)) {
      SCOPED_TRACE(file.filename().string());
      ++files;
      auto r = read_with_limit(file);
      ASSERT_TRUE(r.finished) << "no answer within the time limit";
      // Every file of the corpus is a valid file of its format: read, with at least one record.
      EXPECT_TRUE(r.ok) << r.error;
      EXPECT_FALSE(r.sink->records.empty());
    }
  }
  EXPECT_GE(files, 35u);
}

// csv-spectrum: each CSV has a JSON file of the records it holds (header -> value).
TEST(Corpus, CsvSpectrumRecordsAreItsExpectedValues) {
  for (const auto& file : corpus_files("csv", ".csv")) {
    SCOPED_TRACE(file.filename().string());
    std::ifstream in(std::filesystem::path(file).replace_extension(".json"));
    std::stringstream text;
    text << in.rdbuf();
    const auto expected = nlohmann::json::parse(text.str());
    auto r = read_with_limit(file);
    ASSERT_TRUE(r.finished && r.ok) << r.error;
    // One record per data row, its fields named by the header.
    ASSERT_EQ(r.sink->records.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const auto& rec = r.sink->records[i];
      ASSERT_EQ(rec.fields.size(), expected[i].size()) << "record " << i;
      for (const auto& f : rec.fields) {
        ASSERT_TRUE(expected[i].contains(f.name)) << f.name;
        // One deliberate difference: a line end inside a quoted field is read as LF whatever the
        // file wrote (CR LF, CR), as every text in the vault is (docs/import.md, Formats).
        std::string want = expected[i][f.name].get<std::string>();
        for (std::size_t at; (at = want.find("\r\n")) != std::string::npos;) want.erase(at, 1);
        EXPECT_EQ(f.value, want) << "record " << i << ", " << f.name;
      }
    }
  }
}

// XlsxWriter's comparison files were written by Excel; the Python tests that make them say what
// each cell holds.
TEST(Corpus, ExcelWorkbooksHoldWhatTheirMakersWrote) {
  auto column = [](const std::string& name) {
    auto r = read_with_limit(kCorpus / "xlsx" / name);
    EXPECT_TRUE(r.finished && r.ok) << name << ": " << r.error;
    std::vector<std::string> values;
    if (!r.sink->records.empty()) values.push_back(r.sink->records[0].fields.at(0).name);  // the header cell
    for (const auto& rec : r.sink->records) values.push_back(rec.fields.at(0).value);
    return values;
  };
  // The same dates in the 1900 and the 1904 date systems (workbookPr date1904="1" in the second).
  EXPECT_EQ(column("date_1904_01.xlsx"), (std::vector<std::string>{"1900-01-01", "1902-09-26", "1913-09-08",
                                                                    "1927-05-18", "2173-10-14", "4637-11-26"}));
  EXPECT_EQ(column("date_1904_02.xlsx"), (std::vector<std::string>{"1904-01-01", "1906-09-27", "1917-09-09",
                                                                    "1931-05-19", "2177-10-15", "4641-11-27"}));
  // Strings that look like _xHHHH_ escapes, which Excel writes escaped as _x005F_xHHHH_.
  EXPECT_EQ(column("shared_strings02.xlsx"),
            (std::vector<std::string>{"_", "_x", "_x0", "_x00", "_x000", "_x0000", "_x0000_", "_x005F_", "_x000G_",
                                      "_X0000_", "_x000a_", "_x000A_", "_x0000__x0000_", "__x0000__"}));
  // Formula results (cached values), XML entities, a rich string's runs joined.
  EXPECT_EQ(column("escapes01.xlsx"), (std::vector<std::string>{"1", "'<>&", "1b", "'", "\"", "&&", "\"&<>"}));
  EXPECT_EQ(column("rich_string01.xlsx"), (std::vector<std::string>{"Foo", "Bar", "abcdefg"}));
}

// A card's country picks the region of its national numbers, however the address book spells it:
// Evolution writes "United States of America", Lotus Notes "U.S.A." (ICU's name is "United
// States"). The import's own region stays France.
TEST_F(ImportTest, CorpusCardsCountrySpelledInFullOrAsInitialsPicksTheRegion) {
  auto s = import(request(kCorpus / "vcard" / "John_Doe_EVOLUTION.vcf", "vcard"));
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto john = only("john.doe@ibm.com");
  ASSERT_EQ(john.phones.size(), 2u);
  EXPECT_EQ(john.phones[0].value, "+19056661234");
  EXPECT_EQ(john.phones[1].value, "+19055551234");
  EXPECT_EQ(country_region("U.S.A."), "US");
  EXPECT_EQ(country_region("USA"), "US");
  EXPECT_EQ(country_region("United States of America"), "US");
  EXPECT_EQ(country_region("DEU"), "DE");
  EXPECT_EQ(country_region("UK"), "GB");
  EXPECT_EQ(country_region("Belgique"), "BE");
  EXPECT_EQ(country_region("Nowhere"), std::nullopt);
}

// vCards written by real address books and phones (ez-vcard's sample files), as a person would
// expect them in Coffre. They are North American cards: read with --region US.
TEST_F(ImportTest, CorpusVcardsGiveTheContactsTheyHold) {
  auto import_corpus = [&](const std::string& name) {
    auto r = request(kCorpus / "vcard" / name, "vcard");
    r.region = "US";
    auto s = import(r);
    EXPECT_TRUE(s.ok()) << name << ": " << (s.ok() ? "" : s.error().message);
    return s.ok() ? *s : ImportSummary{};
  };
  auto gmail = import_corpus("John_Doe_GMAIL.vcf");
  EXPECT_EQ(gmail.added, 1);
  auto john = only("john.doe@ibm.com");
  EXPECT_EQ(john.first_name, "John");
  EXPECT_EQ(john.last_name, "Doe");
  EXPECT_EQ(john.org_name, "IBM");
  EXPECT_EQ(john.role, "Money Counter");
  ASSERT_EQ(john.phones.size(), 2u);
  EXPECT_EQ(john.phones[0].value, "+19055551234");
  EXPECT_EQ(john.phones[0].label, "mobile");
  EXPECT_EQ(john.phones[1].value, "+19056661234");
  EXPECT_EQ(john.phones[1].label, "home");
  auto notes = NoteStore(*vault_).for_contact(john.id);
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ(notes->at(0).body.rfind("THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\"", 0),
            0u)
      << notes->at(0).body;  // folded lines joined, \" and \, unescaped
  EXPECT_NE(notes->at(0).body.find("\nFavotire Color: Blue"), std::string::npos);
  EXPECT_NE(std::find(gmail.ignored_columns.begin(), gmail.ignored_columns.end(), "birthday"),
            gmail.ignored_columns.end());

  auto list = import_corpus("gmail-list.vcf");
  EXPECT_EQ(list.added, 3);
  EXPECT_EQ(only("asmithk@gmail.com").last_name, "Smith");
  EXPECT_EQ(only("chrisy55d@yahoo.com").first_name, "Chris");
  EXPECT_EQ(only("dwhite@gmail.com").last_name, "White");

  auto full = import_corpus("fullcontact.vcf");
  EXPECT_EQ(full.added, 1);
  auto fc = only("work@example.com");
  EXPECT_EQ(fc.first_name, "FirstName");
  EXPECT_EQ(fc.last_name, "LastName");
  EXPECT_EQ(fc.emails.size(), 5u);
  EXPECT_EQ(fc.org_name, "Organization1");
  EXPECT_EQ(fc.address, "HomeStreet, HomeExtended, HomePostal HomeCity, HomeState, HomeCountry");

  // The card's second ORG is reported, the first kept (it used to replace the first).
  ASSERT_EQ(full.warnings.size() >= 1u, true);
  EXPECT_TRUE(std::any_of(full.warnings.begin(), full.warnings.end(), [](const ImportWarning& w) {
    return w.field == "ORG" && w.line == 26 && w.message.find("\"Organization2\"") != std::string::npos;
  }));

  // Outlook's card of the same John Doe (same name, same phone +1 905 555 1234, another e-mail):
  // merged into him, not a second person.
  auto outlook = import_corpus("John_Doe_MS_OUTLOOK.vcf");
  EXPECT_EQ(outlook.merged, 1);
  EXPECT_EQ(outlook.added, 0);
  auto jd = only("john.doe@ibm.cm");
  EXPECT_EQ(jd.id, john.id);
  EXPECT_EQ(jd.emails.size(), 2u);
  EXPECT_EQ(jd.phones.size(), 2u);
}

}  // namespace
}  // namespace coffre
