// Issue 14: the access pack's index.html as a browser renders it. Headless Chromium (Debian's
// `chromium`, installed by scripts/setup) loads the page from the unpacked pack, dumps the DOM it
// built and takes a screenshot, kept as a test artifact in build/test-artifacts/. Skipped, with a
// message, where chromium is not installed; CI installs it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>

#include "fakes/test_support.h"
#include "pack/pack_fixture.h"

namespace coffre {
namespace {

class PackRender : public test::PackFixture {
 protected:
  // Runs chromium headless on `page` with `args`; its stdout into `out`. True when it exited 0.
  bool chromium(const std::string& args, const std::filesystem::path& page, const std::filesystem::path& out) {
    const std::string cmd = "chromium --headless --no-sandbox --disable-gpu --user-data-dir=" +
                            (tmp_ / "chromium-profile").string() + " " + args + " file://" + page.string() + " >" +
                            out.string() + " 2>" + (tmp_ / "chromium.err").string();
    return std::system(cmd.c_str()) == 0;
  }
};

TEST_F(PackRender, IndexHtmlRendersWithEveryKeySectionAndNoEnglishInFrench) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "chromium is not installed (Debian `chromium`; scripts/setup installs it, CI runs this test)";
  ASSERT_TRUE(pack(tmp_ / "pack.zip", "fr").ok());
  const auto dir = tmp_ / "unpacked";
  for (const auto& [name, bytes] : test::unzip(tmp_ / "pack.zip")) {
    std::filesystem::create_directories((dir / name).parent_path());
    test::write_bytes(dir / name, bytes);
  }
  ASSERT_TRUE(chromium("--dump-dom", dir / "index.html", tmp_ / "dom.html")) << test::read_file(tmp_ / "chromium.err");
  const std::string dom = test::read_file(tmp_ / "dom.html");
  for (const char* id : {"controller", "processing", "rights", "identity", "emails", "phones", "organisation", "notes",
                         "interactions", "documents", "provenance", "consent", "requests", "history"})
    EXPECT_NE(dom.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  for (const char* text : {"Vos données personnelles", "Qui traite vos données", "Martin Conseil EI", "Vos droits",
                           "Réclamation auprès de la CNIL", "ALPHANOTE rappeler après le salon", "06 11 22 33 44",
                           "à rappeler", "consentement retiré", "ALPHAREQ"})
    EXPECT_NE(dom.find(text), std::string::npos) << text;
  // The rendered text, tags and style sheet taken out: no English word of the English page.
  std::string text = std::regex_replace(dom, std::regex("<style>[^<]*</style>"), " ");
  text = std::regex_replace(text, std::regex("<[^>]*>"), " ");
  for (const char* word : {"Identity", "Your", "Contents", "Generated", "First name", "Summary", "Outcome", "call-back",
                           "outbound", "inbound", "legitimate", "interaction.add", "web-form", "withdrawn", "History",
                           "Right", "No item"})
    EXPECT_EQ(text.find(word), std::string::npos) << word;

  const auto artifacts = std::filesystem::path(COFFRE_BINARY_DIR) / "test-artifacts";
  std::filesystem::create_directories(artifacts);
  const auto shot = artifacts / "access-pack-index-fr.png";
  std::filesystem::remove(shot);
  ASSERT_TRUE(chromium("--window-size=1280,6000 --screenshot=" + shot.string(), dir / "index.html", tmp_ / "shot.out"))
      << test::read_file(tmp_ / "chromium.err");
  const std::string png = test::read_file(shot);
  ASSERT_GT(png.size(), 10000u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

}  // namespace
}  // namespace coffre
