// Issue 9, item 8: destructive commands (contact rm, erase, import undo, note rm) show who and what
// and ask on a terminal; a script says --yes; without a terminal and without --yes they refuse
// (exit 1) and change nothing. The terminal is a real pseudo-terminal.
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e/cli_runner.h"

namespace coffre::test {
namespace {

class ConfirmCli : public CliVault {
 protected:
  std::string add(const std::string& last) {
    return std::to_string(
        run_json({"contact", "add", "--first-name", "Hélène", "--last-name", last, "--email", last + "@exemple.fr"})["id"]
            .get<std::int64_t>());
  }
  // Runs coffre on a pseudo-terminal, answers `answer` once it asks, returns the exit code and
  // what the terminal showed.
  std::pair<int, std::string> run_on_terminal(std::vector<std::string> args, const std::string& answer) {
    std::vector<std::string> argv_s{built("coffre").string(), "--vault", vault_dir().string(), "--passphrase-file",
                                    pass_file().string()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    if (pid == 0) {
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    std::string shown;
    bool answered = false;
    for (int waited = 0; waited < 200; ++waited) {  // 20 s at most
      pollfd p{master, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) {
        char buf[512];
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n <= 0) break;
        shown.append(buf, static_cast<std::size_t>(n));
      }
      if (!answered && shown.find("Type yes") != std::string::npos) {
        const std::string line = answer + "\n";
        EXPECT_EQ(::write(master, line.data(), line.size()), static_cast<ssize_t>(line.size()));
        answered = true;
      }
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, shown};
  }
};

TEST_F(ConfirmCli, WithoutATerminalOrYesNothingIsErased) {
  const auto id = add("Dupont");
  auto note = run_json({"note", "add", id, "rappeler"})["id"].get<std::int64_t>();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"contact", "rm", id}, {"erase", id, "--reason", "objection"}, {"note", "rm", std::to_string(note)}}) {
    auto r = run(args);
    EXPECT_EQ(r.code, 1) << args[0];
    EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("cannot be undone"), std::string::npos) << r.err;
  }
  test::write_file(tmp_ / "one.csv", "Nom;E-mail\nDurand;durand@exemple.fr\n");
  EXPECT_EQ(run_json({"contact", "show", id})["notes"].size(), 1u);
  auto batch = run_json({"import", (tmp_ / "one.csv").string()})["batch"].get<std::string>();
  auto undo = run({"import", "undo", batch});
  EXPECT_EQ(undo.code, 1) << undo.err;
  EXPECT_EQ(run_json({"contact", "list"}).size(), 2u);
  EXPECT_EQ(run({"erase", id, "--reason", "objection", "--yes"}).code, 0);
  EXPECT_EQ(run({"contact", "show", id}).code, 3);
}

TEST_F(ConfirmCli, ATerminalShowsWhoAndAsks) {
  const auto id = add("Martin");
  auto [no_code, no_screen] = run_on_terminal({"erase", id, "--reason", "objection"}, "no");
  EXPECT_EQ(no_code, 1) << no_screen;
  EXPECT_NE(no_screen.find("martin@exemple.fr"), std::string::npos) << no_screen;  // who
  EXPECT_NE(no_screen.find("objection"), std::string::npos) << no_screen;         // what
  EXPECT_NE(no_screen.find("nothing was changed"), std::string::npos) << no_screen;
  EXPECT_EQ(run({"contact", "show", id}).code, 0);
  auto [yes_code, yes_screen] = run_on_terminal({"contact", "rm", id}, "yes");
  EXPECT_EQ(yes_code, 0) << yes_screen;
  EXPECT_EQ(run({"contact", "show", id}).code, 3);
}

}  // namespace
}  // namespace coffre::test
