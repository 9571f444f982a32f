// Issue 9, item 8: destructive commands (contact rm, erase, import undo, note rm) show who and what
// and ask on a terminal; a script says --yes; without a terminal and without --yes they refuse
// (exit 1) and change nothing. The terminal is a real pseudo-terminal.
#include <gtest/gtest.h>
#include <unistd.h>

#include "e2e/cli_runner.h"
#include "e2e/terminal_runner.h"

namespace coffre::test {
namespace {

class ConfirmCli : public CliVault {
 protected:
  std::string add(const std::string& last) {
    return std::to_string(
        run_json({"contact", "add", "--first-name", "Hélène", "--last-name", last, "--email", last + "@exemple.fr"})["id"]
            .get<std::int64_t>());
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
  auto [no_code, no_screen] = run_on_terminal(vault_dir(), pass_file(), {"erase", id, "--reason", "objection"}, "no");
  EXPECT_EQ(no_code, 1) << no_screen;
  EXPECT_NE(no_screen.find("martin@exemple.fr"), std::string::npos) << no_screen;  // who
  EXPECT_NE(no_screen.find("objection"), std::string::npos) << no_screen;         // what
  EXPECT_NE(no_screen.find("nothing was changed"), std::string::npos) << no_screen;
  EXPECT_EQ(run({"contact", "show", id}).code, 0);
  auto [yes_code, yes_screen] = run_on_terminal(vault_dir(), pass_file(), {"contact", "rm", id}, "yes");
  EXPECT_EQ(yes_code, 0) << yes_screen;
  EXPECT_EQ(run({"contact", "show", id}).code, 3);
}

}  // namespace
}  // namespace coffre::test
