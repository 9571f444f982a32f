// Runs the built `coffre` on a real pseudo-terminal (forkpty; link with util), for what only a
// terminal gets: confirmations, reminder lines, progress bars.
#pragma once

#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "e2e/cli_runner.h"

namespace coffre::test {

// `coffre --vault DIR --passphrase-file F ARGS...` on a terminal for at most 20 s; when `answer` is
// given, typed once the command asks ("Type yes"). Returns the exit code and what the terminal showed.
inline std::pair<int, std::string> run_on_terminal(const std::filesystem::path& vault_dir,
                                                   const std::filesystem::path& pass_file, std::vector<std::string> args,
                                                   const std::optional<std::string>& answer = std::nullopt) {
  std::vector<std::string> argv_s{built("coffre").string(), "--vault", vault_dir.string(), "--passphrase-file",
                                  pass_file.string()};
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
  bool answered = !answer.has_value();
  for (int waited = 0; waited < 200; ++waited) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) {
      char buf[512];
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) break;
      shown.append(buf, static_cast<std::size_t>(n));
    }
    if (!answered && shown.find("Type yes") != std::string::npos) {
      const std::string line = *answer + "\n";
      EXPECT_EQ(::write(master, line.data(), line.size()), static_cast<ssize_t>(line.size()));
      answered = true;
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, shown};
}

}  // namespace coffre::test
