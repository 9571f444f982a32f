// Issue 14 through the real `coffre` binary: the spellings scripts rely on (`register
// show|edit|export`, `access export --format pack|portability -o FILE.zip --password-file F --lang
// --request ID`, `access verify-pack FILE.zip --password-file F`), their JSON and exit codes.
#include <gtest/gtest.h>

#include "e2e/cli_runner.h"

namespace coffre {
namespace {

class PackCli : public test::CliVault {
 protected:
  void SetUp() override {
    CliVault::SetUp();
    auto c = run_json({"contact", "add", "--first-name", "Hélène", "--last-name", "Dupont", "--email",
                       "h.dupont@exemple.fr", "--phone", "06 12 34 56 78"});
    ASSERT_TRUE(c.is_object());
  }
  std::string path(const std::string& name) const { return (tmp_ / name).string(); }
};

TEST_F(PackCli, RegisterThenPackThenVerify) {
  // The register lacks the controller: the pack names what to fill in, exit 4, nothing written.
  auto r = run({"access", "export", "1", "--format", "pack", "-o", path("p.zip")});
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_NE(r.err.find("controller.name"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("p.zip")));

  auto shown = run_json({"register", "show"});
  EXPECT_EQ(shown["missing"].size(), 3u);
  auto edited = run_json({"register", "edit", "--set", "controller.name=Martin Conseil", "--set",
                          "controller.address=1 rue de la Paix, Lyon", "--set", "controller.email=c@martin.fr"});
  EXPECT_TRUE(edited["missing"].empty());
  r = run({"register", "edit", "--set", "controller.colour=blue"});
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("controller.colour"), std::string::npos);
  r = run({"register", "export", "--format", "csv", "-o", path("register.csv")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(test::read_file(path("register.csv")).find("Martin Conseil"), std::string::npos);

  auto req = run_json({"request", "open", "--type", "access", "--contact", "1", "--received", "2025-11-20"});
  const auto id = req["id"].get<long long>();

  // Plaintext: a warning on stderr.
  r = run({"access", "export", "1", "--format", "pack", "-o", path("p.zip"), "--request", std::to_string(id), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("not encrypted"), std::string::npos) << r.err;
  auto j = r.json();
  EXPECT_EQ(j["format"], "pack");
  EXPECT_EQ(j["language"], "fr");
  EXPECT_EQ(j["encrypted"], false);
  const std::string manifest = j["manifest_sha256"];
  auto shown_req = run_json({"request", "show", std::to_string(id)});
  EXPECT_EQ(shown_req["answers"][0]["evidence"], "pack-manifest-sha256:" + manifest);
  auto v = run_json({"access", "verify-pack", path("p.zip")});
  EXPECT_EQ(v["ok"], true);
  EXPECT_EQ(v["manifest_sha256"], manifest);

  // Encrypted.
  test::write_file(tmp_ / "zp", "cerise-tuba-42\n");
  test::write_file(tmp_ / "bad", "cerise-tuba-43\n");
  r = run({"access", "export", "1", "--format", "pack", "--lang", "en", "-o", path("e.zip"), "--password-file",
           path("zp")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("not encrypted"), std::string::npos) << r.err;
  EXPECT_EQ(run({"access", "verify-pack", path("e.zip")}).code, 2);
  EXPECT_EQ(run({"access", "verify-pack", path("e.zip"), "--password-file", path("bad")}).code, 2);
  EXPECT_EQ(run({"access", "verify-pack", path("e.zip"), "--password-file", path("zp")}).code, 0);

  // The file exists: refused (exit 4? Conflict), and --force replaces it.
  r = run({"access", "export", "1", "--format", "pack", "-o", path("p.zip")});
  EXPECT_NE(r.code, 0);
  EXPECT_EQ(run({"access", "export", "1", "--format", "pack", "-o", path("p.zip"), "-f"}).code, 0);

  // A damaged pack: exit 5.
  std::string raw = test::read_file(path("p.zip"));
  raw[raw.size() / 4] = static_cast<char>(raw[raw.size() / 4] ^ 0x20);
  test::write_file(tmp_ / "d.zip", raw);
  r = run({"access", "verify-pack", path("d.zip")});
  EXPECT_EQ(r.code, 5) << r.out << r.err;

  // Portability.
  r = run({"access", "export", "1", "--format", "portability", "-o", path("port.zip"), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.json()["files"], 3);
  // A pack needs -o.
  EXPECT_EQ(run({"access", "export", "1", "--format", "pack"}).code, 1);
}

}  // namespace
}  // namespace coffre
