// Runs the built `coffre` binary with an argument vector (no shell), capturing stdout, stderr and
// the exit code, and a vault fixture with a passphrase file and the cheapest KDF.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fakes/test_support.h"

namespace coffre::test {

struct CliResult {
  int code = -1;
  std::string out, err;
  nlohmann::json json() const { return nlohmann::json::parse(out); }
};

// `env`: "NAME=VALUE" set in the child before it runs coffre ("NAME=" unsets NAME).
inline CliResult run_coffre(const std::vector<std::string>& args, const std::filesystem::path& scratch,
                            const std::vector<std::string>& env = {}) {
  const auto out_path = scratch / "stdout", err_path = scratch / "stderr";
  std::vector<std::string> argv_s{built("coffre").string()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int n = ::open("/dev/null", O_RDONLY);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::dup2(n, 0);
    // English and UTC unless the test says otherwise: tests read English messages and times.
    ::setenv("LANGUAGE", "en", 1);
    ::setenv("TZ", "UTC", 1);
    for (const auto& kv : env) {
      const auto eq = kv.find('=');
      const std::string name = kv.substr(0, eq), value = kv.substr(eq + 1);
      if (value.empty()) ::unsetenv(name.c_str());
      else ::setenv(name.c_str(), value.c_str(), 1);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

// A vault created through `coffre init`, and `run` that passes --vault and --passphrase-file.
class CliVault : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(scratch());
    write_file(pass_file(), "e2e marmotte cerise tuba\n");
    auto r = run_coffre({"--vault", vault_dir().string(), "--passphrase-file", pass_file().string(), "init",
                         "--kdf-ops", "1", "--kdf-mem-mib", "8", "--weak-kdf"},
                        scratch());
    ASSERT_EQ(r.code, 0) << r.err;
  }
  std::filesystem::path vault_dir() const { return tmp_ / "vault"; }
  std::filesystem::path pass_file() const { return tmp_ / "pass"; }
  std::filesystem::path scratch() const { return tmp_ / "scratch"; }
  CliResult run(std::vector<std::string> args) {
    std::vector<std::string> full{"--vault", vault_dir().string(), "--passphrase-file", pass_file().string()};
    full.insert(full.end(), args.begin(), args.end());
    return run_coffre(full, scratch());
  }
  // Runs and expects exit 0 and a JSON document on stdout.
  nlohmann::json run_json(std::vector<std::string> args) {
    args.push_back("--json");
    auto r = run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    try {
      return r.json();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not JSON: " << r.out << " (" << e.what() << ")";
      return nullptr;
    }
  }
  TempDir tmp_;
};

}  // namespace coffre::test
