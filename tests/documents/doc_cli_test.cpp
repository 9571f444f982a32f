// The real `coffre` binary end to end: doc add/list/get, erase with a certificate, the suppression
// list refusing the person again, and exit codes (docs/cli.md).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "coffre/documents.h"
#include "coffre/vault.h"
#include "fakes/fault_env.h"
#include "fakes/test_support.h"
#include "storage/blob_paths.h"

namespace coffre {
namespace {

struct CliRun {
  int code = -1;
  std::string out, err;
  nlohmann::json json() const { return nlohmann::json::parse(out); }
};

class DocCli : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_file(tmp_ / "pass", "cli marmotte cerise tuba\n");
    auto r = run({"init", "--kdf-ops", "1", "--kdf-mem-mib", "8", "--weak-kdf"});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  CliRun run(std::vector<std::string> args) {
    std::vector<std::string> a{test::built("coffre").string(), "--vault", (tmp_ / "v").string(), "--passphrase-file",
                               (tmp_ / "pass").string(), "-q"};
    a.insert(a.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : a) argv.push_back(s.data());
    argv.push_back(nullptr);
    const auto out = tmp_ / "stdout", err = tmp_ / "stderr";
    pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 1);
      ::dup2(::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, test::read_file(out), test::read_file(err)};
  }
  test::TempDir tmp_;
};

TEST_F(DocCli, AddListGetEraseAndSuppression) {
  auto c = run({"contact", "add", "--first-name", "Hélène", "--last-name", "Marchand", "--email",
                "helene.marchand@example.fr", "--json"});
  ASSERT_EQ(c.code, 0) << c.err;
  const std::string id = std::to_string(c.json()["id"].get<long>());
  const std::string content = std::string(200000, 'd') + "fin";
  test::write_file(tmp_ / "devis signé.pdf", content);

  auto added = run({"doc", "add", id, (tmp_ / "devis signé.pdf").string()});
  ASSERT_EQ(added.code, 0) << added.err;
  const std::string doc = added.out.substr(0, added.out.find('\n'));
  EXPECT_FALSE(doc.empty());
  auto added_json = run({"doc", "add", id, (tmp_ / "devis signé.pdf").string(), "--json"});
  ASSERT_EQ(added_json.code, 0) << added_json.err;
  EXPECT_TRUE(added_json.json()["id"].is_number_integer());

  // Sizes for people on a terminal (200,003 bytes), bytes in --json.
  auto human = run({"doc", "list", id});
  ASSERT_EQ(human.code, 0) << human.err;
  EXPECT_NE(human.out.find("195 KiB"), std::string::npos) << human.out;
  auto list = run({"doc", "list", id, "--json"});
  ASSERT_EQ(list.code, 0) << list.err;
  auto arr = list.json();
  ASSERT_EQ(arr.size(), 2u);
  EXPECT_EQ(std::to_string(arr[0]["id"].get<long>()), doc);
  EXPECT_EQ(arr[0]["name"], "devis signé.pdf");
  EXPECT_EQ(arr[0]["size"], content.size());
  EXPECT_EQ(arr[0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_TRUE(arr[0]["added_at"].is_string());

  auto got = run({"doc", "get", doc, "-o", (tmp_ / "copie.pdf").string()});
  ASSERT_EQ(got.code, 0) << got.err;
  EXPECT_EQ(test::read_file(tmp_ / "copie.pdf"), content);
  auto again = run({"doc", "get", doc, "-o", (tmp_ / "copie.pdf").string()});
  EXPECT_EQ(again.code, 4) << "an existing file is not overwritten without --force";
  EXPECT_EQ(run({"doc", "get", doc, "-o", (tmp_ / "copie.pdf").string(), "--force"}).code, 0);
  EXPECT_EQ(run({"doc", "get", "9999", "-o", (tmp_ / "x").string()}).code, 3);
  EXPECT_EQ(run({"doc", "list", "9999"}).code, 3);
  EXPECT_EQ(run({"check"}).code, 0);

  auto erased = run({"erase", id, "--reason", "objection", "--json", "--yes"});
  ASSERT_EQ(erased.code, 0) << erased.err;
  auto cert = erased.json();
  EXPECT_EQ(cert["certificate"]["reason"], "objection");
  EXPECT_EQ(cert["certificate"]["documents"], 2);
  EXPECT_EQ(cert["certificate"]["suppressed"], true);
  EXPECT_TRUE(cert["signature"].is_string());
  test::write_file(tmp_ / "cert.json", erased.out);
  auto verified = run({"erasure", "verify-certificate", (tmp_ / "cert.json").string(), "--json"});
  ASSERT_EQ(verified.code, 0) << verified.err;
  EXPECT_EQ(verified.json()["valid"], true);
  cert["certificate"]["rows"] = 1;
  test::write_file(tmp_ / "forged.json", cert.dump());
  EXPECT_EQ(run({"erasure", "verify-certificate", (tmp_ / "forged.json").string()}).code, 5);

  EXPECT_EQ(run({"doc", "list", id}).code, 3);
  EXPECT_EQ(run({"doc", "get", doc, "-o", (tmp_ / "after").string()}).code, 3);
  auto back = run({"contact", "add", "--first-name", "H", "--last-name", "M", "--email", "Helene.Marchand@example.fr"});
  EXPECT_EQ(back.code, 4) << "an objector is refused by the suppression list: " << back.err;
  EXPECT_EQ(run({"erase", "9999"}).code, 3);
  EXPECT_EQ(run({"erase", id, "--reason", "whim"}).code, 1);
  EXPECT_EQ(run({"check"}).code, 0);
  EXPECT_EQ(run({"audit", "verify"}).code, 0);
  int blob_files = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(tmp_ / "v" / "blobs")) blob_files += e.is_regular_file();
  EXPECT_EQ(blob_files, 0);
}

TEST_F(DocCli, TamperedBlobExitsFiveAndLeavesNoOutput) {
  auto c = run({"contact", "add", "--first-name", "A", "--last-name", "B", "--json"});
  ASSERT_EQ(c.code, 0) << c.err;
  const std::string id = std::to_string(c.json()["id"].get<long>());
  test::write_file(tmp_ / "f", std::string(300000, 'x'));
  auto added = run({"doc", "add", id, (tmp_ / "f").string(), "--json"});
  ASSERT_EQ(added.code, 0) << added.err;
  std::filesystem::path blob;
  for (auto& e : std::filesystem::recursive_directory_iterator(tmp_ / "v" / "blobs"))
    if (e.is_regular_file()) blob = e.path();
  auto bytes = test::read_file(blob);
  bytes[bytes.size() - 100] ^= 1;
  test::write_file(blob, bytes);
  auto got = run({"doc", "get", std::to_string(added.json()["id"].get<long>()), "-o", (tmp_ / "out").string()});
  EXPECT_EQ(got.code, 5);
  EXPECT_NE(got.err.find(blob.filename().string()), std::string::npos) << got.err;
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "out"));
  auto check = run({"check", "--json"});
  EXPECT_EQ(check.code, 5);
  EXPECT_NE(check.out.find(blob.filename().string()), std::string::npos) << check.out;
}

}  // namespace
}  // namespace coffre

namespace coffre {
namespace {

TEST_F(DocCli, CheckRepairCleansUpAKilledAdd) {
  auto c = run({"contact", "add", "--first-name", "A", "--last-name", "B", "--json"});
  ASSERT_EQ(c.code, 0) << c.err;
  const std::string id = std::to_string(c.json()["id"].get<long>());
  test::write_file(tmp_ / "f", std::string(300000, 'x'));
  // An add that dies just before its last transaction, as a kill -9 there would: this process adds
  // through a FaultEnv that crashes at the first database write after the blob's rename (found by
  // a counting run on a copy of the vault).
  auto add_through = [&](const std::filesystem::path& dir, std::uint64_t crash_step, test::FaultEnv& env) -> Status {
    VaultOptions options;
    options.env = &env;
    auto v = Vault::open(dir, test::secret("cli marmotte cerise tuba"), options);
    if (!v.ok()) return v.error();
    if (crash_step > 0) env.crash_at_step(crash_step);
    else env.reset_steps();
    return DocumentStore(**v).add(std::stol(id), tmp_ / "f", NullProgress::instance()).status();
  };
  std::filesystem::copy(tmp_ / "v", tmp_ / "count", std::filesystem::copy_options::recursive);
  std::size_t commit_step = 0;
  {
    test::FaultEnv env;
    ASSERT_TRUE(add_through(tmp_ / "count", 0, env).ok());
    const auto steps = env.steps();
    bool renamed = false;
    for (std::size_t i = 0; i < steps.size() && commit_step == 0; ++i) {
      renamed = renamed || steps[i].op == test::FaultEnv::Op::Rename;
      if (renamed && steps[i].database && steps[i].op == test::FaultEnv::Op::Write) commit_step = i + 1;
    }
    ASSERT_GT(commit_step, 0u);
  }
  {
    test::FaultEnv env;
    EXPECT_FALSE(add_through(tmp_ / "v", commit_step, env).ok());
    EXPECT_TRUE(env.crashed());
  }
  auto check = run({"check"});
  EXPECT_EQ(check.code, 0) << check.err;
  EXPECT_NE(check.out.find("1 interrupted adds left no document (`coffre check --repair`"), std::string::npos)
      << check.out;
  auto repaired = run({"check", "--repair"});
  ASSERT_EQ(repaired.code, 0) << repaired.err;
  EXPECT_EQ(repaired.out.rfind("repaired: 1 interrupted document add cleaned up\n", 0), 0u) << repaired.out;
  EXPECT_EQ(repaired.out.find("interrupted adds"), std::string::npos) << repaired.out;
  auto again = run({"check", "--repair", "--json"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.json()["repaired"], 0);
  EXPECT_EQ(again.json()["ok"], true);
  int files = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(tmp_ / "v" / "blobs")) files += e.is_regular_file();
  EXPECT_EQ(files, 0);
}

TEST_F(DocCli, SuppressionAddCheckAndRefusal) {
  auto check = run({"suppression", "check", "--email", "Refus@Example.fr", "--json"});
  ASSERT_EQ(check.code, 0) << check.err;
  EXPECT_EQ(check.json()[0]["suppressed"], false);
  ASSERT_EQ(run({"suppression", "add", "--email", "Refus@Example.fr", "--phone", "06 11 22 33 44"}).code, 0);
  check = run({"suppression", "check", "--email", "refus@example.fr", "--phone", "+33611223344", "--json"});
  ASSERT_EQ(check.code, 0) << check.err;
  EXPECT_EQ(check.json()[0]["suppressed"], true);
  EXPECT_EQ(check.json()[1]["suppressed"], true);
  EXPECT_EQ(run({"contact", "add", "--first-name", "R", "--last-name", "F", "--phone", "0611223344"}).code, 4);
  EXPECT_EQ(run({"suppression", "add", "--email", "not an address"}).code, 4);
  EXPECT_EQ(run({"suppression", "add"}).code, 1);
  EXPECT_TRUE(test::files_containing(tmp_ / "v", "refus@example.fr").empty());
}

}  // namespace
}  // namespace coffre
