// `coffre demo` builds a real vault that the ordinary commands can then open.
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace coffre::test {
namespace {

struct DemoDir {
  std::filesystem::path vault;
  ~DemoDir() {
    std::error_code ec;
    if (!vault.empty()) std::filesystem::remove_all(vault.parent_path(), ec);
  }
};

TEST(Demo, CreatesAVaultTheOtherCommandsOpen) {
  TempDir scratch;
  auto r = run_coffre({"demo", "--json"}, scratch.path());
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = r.json();
  DemoDir demo{j["vault"].get<std::string>()};
  EXPECT_EQ(j["passphrase"], "demo-coffre");
  EXPECT_GE(j["contacts"].get<int>(), 30);
  EXPECT_GE(j["organisations"].get<int>(), 10);
  EXPECT_GE(j["interactions"].get<int>(), j["contacts"].get<int>());
  EXPECT_TRUE(j["check_ok"].get<bool>());
  EXPECT_TRUE(std::filesystem::exists(demo.vault / "vault.db"));
  // No passphrase file next to the vault: only the printed passphrase opens it.
  EXPECT_TRUE(files_containing(demo.vault.parent_path(), "demo-coffre").empty());

  write_file(scratch / "pass", "demo-coffre\n");
  auto list = run_coffre({"--vault", demo.vault.string(), "--passphrase-file", (scratch / "pass").string(), "contact",
                          "list", "--json"},
                         scratch.path());
  ASSERT_EQ(list.code, 0) << list.err;
  auto contacts = list.json();
  EXPECT_EQ(contacts.size(), j["contacts"].get<std::size_t>());
  bool b2c = false, accents = false;
  for (const auto& c : contacts) {
    b2c |= c["kind"] == "b2c";
    accents |= c["first_name"] == "Hélène";
    // French numbers: +33, or an overseas department's own code for a 0590/0694/0692... number.
    for (const auto& p : c["phones"]) {
      const auto v = p.get<std::string>();
      EXPECT_TRUE(v.rfind("+33", 0) == 0 || v.rfind("+590", 0) == 0 || v.rfind("+594", 0) == 0 ||
                  v.rfind("+596", 0) == 0 || v.rfind("+262", 0) == 0)
          << p;
    }
  }
  EXPECT_TRUE(b2c);
  EXPECT_TRUE(accents);
  auto found = run_coffre({"--vault", demo.vault.string(), "--passphrase-file", (scratch / "pass").string(), "search",
                           "helene", "--json"},
                          scratch.path());
  ASSERT_EQ(found.code, 0);
  EXPECT_GE(found.json()["contacts"].size(), 1u);
}

TEST(Demo, IsTheSameOnEveryRun) {
  TempDir scratch;
  write_file(scratch / "pass", "demo-coffre\n");
  std::vector<nlohmann::json> runs;
  for (int i = 0; i < 2; ++i) {
    auto r = run_coffre({"demo", "--json"}, scratch.path());
    ASSERT_EQ(r.code, 0) << r.err;
    DemoDir demo{r.json()["vault"].get<std::string>()};
    auto list = run_coffre({"--vault", demo.vault.string(), "--passphrase-file", (scratch / "pass").string(), "contact",
                            "list", "--json"},
                           scratch.path());
    ASSERT_EQ(list.code, 0);
    auto contacts = list.json();
    for (auto& c : contacts)
      for (const char* volatile_field : {"pseudonym", "created_at", "updated_at", "collected_at", "last_inbound_at"})
        c.erase(volatile_field);
    runs.push_back(contacts);
  }
  EXPECT_EQ(runs[0], runs[1]);
}

TEST(Demo, HumanOutputShowsTheTour) {
  TempDir scratch;
  auto r = run_coffre({"demo"}, scratch.path());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto pos = r.out.find("Creating a demo vault in ");
  ASSERT_NE(pos, std::string::npos);
  const auto end = r.out.find(" (", pos);
  DemoDir demo{r.out.substr(pos + 25, end - pos - 25)};
  for (const char* expected : {"demo-coffre", "ID  NAME", "Follow-ups due", "Hélène", "coffre search helene",
                               "ok      database", "ok      audit", "contact list", "--vault"})
    EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
}

}  // namespace
}  // namespace coffre::test
