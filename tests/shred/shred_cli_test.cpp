// `coffre shred` end to end (the real binary), its JSON contract, the JSON escaping of non-UTF-8
// names, and the BlobShredder adapter the vault's erasure path uses.
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shred_helpers.h"
#include "command.h"
#include "services/erasure_journal.h"
#include "coffre/app/session.h"
#include "coffre/app/shred.h"
#include "coffre/audit.h"
#include "coffre/certificate.h"

namespace coffre {
namespace {
namespace fs = std::filesystem;

struct Output {
  int code = -1;
  std::string out;
};

// Runs the built coffre with `args` (already shell-quoted), stdout captured, stderr dropped.
Output run_coffre(const std::string& args) {
  Output o;
  const std::string cmd = test::built("coffre").string() + " " + args + " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return o;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) o.out.append(buf, n);
  int status = ::pclose(p);
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

TEST(ShredCli, JsonContractEndToEnd) {
  test::TempDir tmp;
  fs::create_directories(tmp / "tree" / "sub");
  test::write_file(tmp / "tree" / "sub" / "a.csv", test::known_content(12345));
  const std::string odd = std::string("caf\xe9 list.csv");  // Latin-1, not UTF-8
  test::write_file(tmp.path() / odd, "x");
  fs::create_symlink(tmp / "elsewhere", tmp / "link");
  auto o = run_coffre("shred --json --recursive --verify " + quote((tmp / "tree").string()) + " " +
                      quote((tmp.path() / odd).string()) + " " + quote((tmp / "link").string()));
  ASSERT_EQ(o.code, 0) << o.out;
  auto j = nlohmann::json::parse(o.out);  // valid JSON (and so valid UTF-8) despite the name
  ASSERT_TRUE(j["files"].is_array());
  ASSERT_EQ(j["files"].size(), 5u);  // a.csv, sub, tree, the odd name, the link
  for (const auto& f : j["files"]) {
    for (const char* key : {"path", "bytes", "result", "verified", "note"}) EXPECT_TRUE(f.contains(key)) << key;
    EXPECT_NE(f["result"], "error");
  }
  const auto& a = j["files"][0];
  EXPECT_EQ(a["path"], (tmp / "tree" / "sub" / "a.csv").string());
  EXPECT_EQ(a["bytes"], 12345);
  EXPECT_EQ(a["verified"], true);
  const auto& named = j["files"][3];
  EXPECT_EQ(named["path"], (tmp.path() / "caf").string() + "\\xe9 list.csv");
  std::string hex;
  for (unsigned char c : (tmp.path() / odd).string()) {
    char b[3];
    std::snprintf(b, sizeof b, "%02x", c);
    hex += b;
  }
  EXPECT_EQ(named["path_hex"], hex);
  EXPECT_EQ(j["files"][4]["result"], "link-removed");
  EXPECT_EQ(j["totals"]["errors"], 0);
  EXPECT_EQ(j["method"], "random");
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

TEST(ShredCli, AnyFailedFileMeansNonZeroExitAndTheRestIsShredded) {
  test::TempDir tmp;
  test::write_file(tmp / "ok", "data");
  auto o = run_coffre("shred --json " + quote((tmp / "missing").string()) + " " + quote((tmp / "ok").string()));
  EXPECT_EQ(o.code, 5);
  auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["files"][0]["result"], "error");
  EXPECT_NE(j["files"][1]["result"], "error");
  EXPECT_EQ(j["totals"]["errors"], 1);
  EXPECT_FALSE(fs::exists(tmp / "ok"));
}

TEST(ShredCli, DryRunAndDod3Options) {
  test::TempDir tmp;
  test::write_file(tmp / "f", "stay");
  auto o = run_coffre("shred --json --dry-run --method dod3 " + quote((tmp / "f").string()));
  ASSERT_EQ(o.code, 0);
  auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["passes"], 3);
  EXPECT_EQ(j["method"], "dod3");
  EXPECT_EQ(j["dry_run"], true);
  EXPECT_EQ(test::read_file(tmp / "f"), "stay");
  EXPECT_EQ(run_coffre("shred --method bogus " + quote((tmp / "f").string())).code, 1);
  // Without --json: one line per file, no JSON.
  auto text = run_coffre("shred " + quote((tmp / "f").string()));
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("  4 bytes"), std::string::npos) << text.out;
}

TEST(ShredCli, PluginsListShowsTheShredder) {
  auto o = run_coffre("plugins list --json");
  ASSERT_EQ(o.code, 0);
  auto j = nlohmann::json::parse(o.out);
  bool found = false;
  for (const auto& p : j["plugins"])
    if (p["name"] == "shred-file") {
      found = true;
      EXPECT_EQ(p["enabled"], true);
      EXPECT_EQ(p["kind"], "shredder");
      EXPECT_EQ(p["abi"], j["host_abi"]);  // built in-tree, for this host
    }
  EXPECT_TRUE(found) << o.out;
  for (const auto& p : j["plugins"]) EXPECT_EQ(p["path"].get<std::string>().find("test-plugins"), std::string::npos);
}

TEST(ShredSupport, JsonPathEscapesOnlyWhatIsNotUtf8) {
  std::string hex;
  EXPECT_EQ(app::json_path("plain/é ü.csv", &hex), "plain/é ü.csv");
  EXPECT_TRUE(hex.empty());
  EXPECT_EQ(app::json_path(std::string("a\xff") + "b\\c", &hex), "a\\xffb\\\\c");
  EXPECT_EQ(hex, "61ff625c63");
  EXPECT_EQ(app::json_path("\xc0\xaf"), "\\xc0\\xaf");          // overlong '/'
  EXPECT_EQ(app::json_path("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(app::json_path("\xe2\x82"), "\\xe2\\x82");          // truncated
}

TEST(ShredSupport, BlobShredderAdapterShredsAndToleratesMissingFiles) {
  auto adapter = app::make_plugin_blob_shredder(test::shredder_plugin());
  test::TempDir tmp;
  test::write_file(tmp / "blob", test::known_content(70000));
  EXPECT_TRUE(adapter->shred(tmp / "blob").ok());
  EXPECT_FALSE(fs::exists(tmp / "blob"));
  EXPECT_TRUE(adapter->shred(tmp / "blob").ok());  // already gone: a resumed erasure
  ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
  auto s = adapter->shred(tmp / "fifo");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::IoError);
}

}  // namespace
}  // namespace coffre

namespace coffre {
namespace {

TEST(ShredSupport, SessionsShredTheVaultsBlobsWithThePlugin) {
  test::TempDir tmp;
  ASSERT_TRUE(Vault::create(tmp / "v", test::secret("pass phrase"), test::fast_kdf()).ok());
  // A host that finds the built plugins, as the CLI's does next to the executable.
  PluginHost host({test::built("libcoffre-shred-file.so").parent_path()});
  auto session = app::Session::open(tmp / "v", test::secret("pass phrase"), host);
  ASSERT_TRUE(session.ok()) << session.error().message;
  // It is the plugin: a fifo is refused the way the plugin refuses it.
  ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
  auto s = (*session)->vault().blob_shredder().shred(tmp / "fifo");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("left alone"), std::string::npos) << s.message();
  // Without the plugin, the core's default still shreds.
  session->reset();
  PluginHost empty(std::vector<fs::path>{});
  auto plain = app::Session::open(tmp / "v", test::secret("pass phrase"), empty);
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  test::write_file(tmp / "blob", test::known_content(5000));
  EXPECT_TRUE((*plain)->vault().blob_shredder().shred(tmp / "blob").ok());
  EXPECT_FALSE(fs::exists(tmp / "blob"));
}

}  // namespace
}  // namespace coffre

namespace coffre {
namespace {

TEST(ShredCli, ImportShredSourceRemovesTheFileAfterASuccessfulImport) {
  if (!fs::exists(test::built("libcoffre-import-csv.so"))) GTEST_SKIP() << "no CSV importer in this build";
  test::TempDir tmp;
  ASSERT_TRUE(Vault::create(tmp / "v", test::secret("pass phrase"), test::fast_kdf()).ok());
  test::write_file(tmp / "pass", "pass phrase\n");
  test::write_file(tmp / "prospects.csv", "Nom;Prénom;E-mail\nDupont;Jean;jean.dupont@example.org\n");
  const std::string common = "--vault " + quote((tmp / "v").string()) + " --passphrase-file " +
                             quote((tmp / "pass").string()) + " import " + quote((tmp / "prospects.csv").string());
  EXPECT_EQ(run_coffre(common + " --shred-source --dry-run").code, 1);
  EXPECT_TRUE(fs::exists(tmp / "prospects.csv"));
  auto o = run_coffre(common + " --shred-source --json");
  ASSERT_EQ(o.code, 0) << o.out;
  auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["added"], 1);
  EXPECT_TRUE(j["source_shredded"]["result"] == "overwritten" || j["source_shredded"]["result"] == "logical") << o.out;
  EXPECT_FALSE(fs::exists(tmp / "prospects.csv"));
}

}  // namespace
}  // namespace coffre

namespace coffre {
namespace {

// `coffre shred --certificate FILE`: the vault is opened first (a wrong passphrase shreds
// nothing), the certificate is signed with the vault's audit key and verifies; an edited one does
// not; the run is in the audit log.
TEST(ShredCli, SignedCertificateWhenAVaultIsOpen) {
  test::TempDir tmp;
  const auto vault = tmp / "v", pf = tmp / "pf", bad = tmp / "bad";
  test::write_file(pf, "quinze marmottes sur un tuba\n");
  test::write_file(bad, "nope\n");
  const std::string v = " --vault " + quote(vault.string()) + " --passphrase-file ";
  ASSERT_EQ(run_coffre("init --kdf-ops 1 --kdf-mem-mib 8 --weak-kdf" + v + quote(pf.string())).code, 0);
  const std::string content = "Nom;Prénom\nDupont;Hélène\n";
  const std::string bytes = "\"bytes\": " + std::to_string(content.size());
  test::write_file(tmp / "old.csv", content);

  // Wrong passphrase: exit 2, and the file is still there, untouched.
  EXPECT_EQ(run_coffre("shred --certificate " + quote((tmp / "c0.json").string()) + " " +
                       quote((tmp / "old.csv").string()) + v + quote(bad.string()))
                .code,
            2);
  EXPECT_EQ(test::read_file(tmp / "old.csv"), content);
  EXPECT_FALSE(fs::exists(tmp / "c0.json"));

  const auto cert_path = tmp / "c.json";
  auto o = run_coffre("shred --json --certificate " + quote(cert_path.string()) + " " +
                      quote((tmp / "old.csv").string()) + v + quote(pf.string()));
  ASSERT_EQ(o.code, 0) << o.out;
  EXPECT_FALSE(fs::exists(tmp / "old.csv"));
  ASSERT_TRUE(fs::exists(cert_path));
  EXPECT_EQ(fs::status(cert_path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  const std::string cert = test::read_file(cert_path);

  auto opened = Vault::open(vault, test::secret("quinze marmottes sur un tuba"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto body = verify_certificate(**opened, "coffre-shred-certificate/1", cert);
  ASSERT_TRUE(body.ok()) << body.error().message;
  auto j = nlohmann::json::parse(*body);
  ASSERT_EQ(j["files"].size(), 1u);
  EXPECT_EQ(j["files"][0]["bytes"], content.size());
  EXPECT_NE(j["files"][0]["path"].get<std::string>().find("old.csv"), std::string::npos);

  // One changed byte in the signed body breaks it; so does checking it as another kind.
  std::string edited = cert;
  ASSERT_NE(edited.find(bytes), std::string::npos);
  edited.replace(edited.find(bytes), bytes.size(), "\"bytes\": " + std::to_string(content.size() + 1));
  EXPECT_FALSE(verify_certificate(**opened, "coffre-shred-certificate/1", edited).ok());
  EXPECT_FALSE(verify_certificate(**opened, "coffre-erasure-certificate/1", cert).ok());

  auto entries = audit_entries(**opened, 5);
  ASSERT_TRUE(entries.ok());
  ASSERT_FALSE(entries->empty());
  EXPECT_EQ(entries->front().action, "shred.run");
  EXPECT_EQ(entries->front().details.find("old.csv"), std::string::npos);  // no names in the audit log
}

}  // namespace
}  // namespace coffre
