// Issue 14, subject requests through the real binary: `coffre request ...`, the --request options
// of erase, access export and contact edit, exit codes and --json shapes, and the reminder line
// that only a terminal gets.
#include <gtest/gtest.h>
#include <unistd.h>

#include <ctime>

#include "e2e/cli_runner.h"
#include "e2e/terminal_runner.h"

namespace coffre::test {
namespace {

// Today's date (UTC) minus `days`, as YYYY-MM-DD.
std::string days_ago(int days) {
  std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

class RequestCli : public CliVault {
 protected:
  std::string add(const std::string& last) {
    return std::to_string(
        run_json({"contact", "add", "--first-name", "Hélène", "--last-name", last, "--email", last + "@exemple.fr"})["id"]
            .get<std::int64_t>());
  }
};

TEST_F(RequestCli, OpenPrintsTheIdAndJsonHasExactlyIdAndDue) {
  const auto id = add("Dupont");
  auto plain = run({"request", "open", "--type", "access", "--contact", id, "--received", "2024-01-31"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_EQ(plain.out, "1\n");
  auto j = run_json({"request", "open", "--type", "erasure", "--contact", id, "--received", "2024-01-31", "--via",
                     "post", "--note", "lettre recommandée"});
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.size(), 2u) << j.dump();
  EXPECT_EQ(j["id"], 2);
  EXPECT_EQ(j["due"], "2024-02-29");

  // Exit codes: usage 1 (missing option), not found 3, invalid input 4.
  EXPECT_EQ(run({"request", "open", "--contact", id, "--received", "2024-01-31"}).code, 1);
  EXPECT_EQ(run({"request", "open", "--type", "access", "--contact", "99", "--received", "2024-01-31"}).code, 3);
  auto bad = run({"request", "open", "--type", "complaint", "--contact", id, "--received", "2024-01-31"});
  EXPECT_EQ(bad.code, 4);
  EXPECT_NE(bad.err.find("--type"), std::string::npos) << bad.err;
  EXPECT_EQ(run({"request", "open", "--type", "access", "--contact", id, "--received", "2024-02-30"}).code, 4);
  EXPECT_EQ(run({"request", "show", "42"}).code, 3);

  auto shown = run_json({"request", "show", "2"});
  EXPECT_EQ(shown["type"], "erasure");
  EXPECT_EQ(shown["via"], "post");
  EXPECT_EQ(shown["received"], "2024-01-31");
  EXPECT_EQ(shown["due"], "2024-02-29");
  EXPECT_EQ(shown["status"], "open");
  EXPECT_EQ(shown["overdue"], true);
  EXPECT_EQ(shown["note"], "lettre recommandée");
  auto list = run_json({"request", "list", "--overdue"});
  ASSERT_TRUE(list.is_array());
  EXPECT_EQ(list.size(), 2u);

  // Too late to extend (the first deadline is long past): conflict, exit 4.
  auto late = run({"request", "extend", "1", "--months", "1", "--reason", "volume"});
  EXPECT_EQ(late.code, 4);
  EXPECT_NE(late.err.find("first deadline"), std::string::npos) << late.err;
  EXPECT_EQ(run({"request", "extend", "1", "--months", "3", "--reason", "volume"}).code, 4);

  auto refused = run({"request", "refuse", "1", "--reason", "demande répétitive"});
  ASSERT_EQ(refused.code, 0) << refused.err;
  EXPECT_NE(refused.out.find("CNIL"), std::string::npos) << refused.out;
  EXPECT_EQ(run({"request", "close", "1"}).code, 4);
  auto open_list = run_json({"request", "list", "--open"});
  EXPECT_EQ(open_list.size(), 1u);
}

TEST_F(RequestCli, ExtendWithinTheFirstMonthRecordsThatThePersonMustBeTold) {
  const auto id = add("Martin");
  const auto rid = run_json({"request", "open", "--type", "access", "--contact", id, "--received", days_ago(2)})["id"];
  auto j = run_json({"request", "extend", std::to_string(rid.get<int>()), "--months", "2", "--reason", "volume"});
  EXPECT_EQ(j["extended_months"], 2);
  EXPECT_EQ(j["person_told"], true);
  EXPECT_NE(j["first_due"], j["due"]);
  EXPECT_EQ(run({"request", "extend", std::to_string(rid.get<int>()), "--months", "1", "--reason", "x"}).code, 4);
}

TEST_F(RequestCli, EraseExportAndEditRecordTheirAnswerOnTheRequest) {
  const auto a = add("Roux"), b = add("Blanc");
  const std::string ra = std::to_string(
      run_json({"request", "open", "--type", "rectification", "--contact", a, "--received", days_ago(1)})["id"]
          .get<int>());
  const std::string rb = std::to_string(
      run_json({"request", "open", "--type", "access", "--contact", b, "--received", days_ago(1)})["id"].get<int>());
  // Someone else's request: refused, nothing changed.
  EXPECT_EQ(run({"contact", "edit", a, "--role", "gérante", "--request", rb}).code, 4);
  EXPECT_EQ(run_json({"contact", "show", a})["role"], nullptr);
  EXPECT_EQ(run({"contact", "edit", a, "--role", "gérante", "--request", ra}).code, 0);
  auto shown = run_json({"request", "show", ra});
  ASSERT_EQ(shown["answers"].size(), 1u);
  EXPECT_EQ(shown["answers"][0]["kind"], "rectification");
  EXPECT_EQ(shown["answers"][0]["evidence"], "fields:role");

  const auto out = tmp_ / "blanc.json";
  auto ex = run_json({"access", "export", b, "-o", out.string(), "--request", rb});
  EXPECT_EQ(ex["request"], std::stoi(rb));
  shown = run_json({"request", "show", rb});
  ASSERT_EQ(shown["answers"].size(), 1u);
  EXPECT_EQ(shown["answers"][0]["kind"], "access-export");
  EXPECT_EQ(shown["answers"][0]["evidence"].get<std::string>().rfind("sha256:", 0), 0u);
  auto closed = run_json({"request", "close", rb});
  EXPECT_EQ(closed["status"], "closed");

  const std::string re = std::to_string(
      run_json({"request", "open", "--type", "erasure", "--contact", b, "--received", days_ago(1), "--note",
                "clinoteqzmarker"})["id"]
          .get<int>());
  EXPECT_EQ(run({"erase", b, "--reason", "request", "--request", ra, "--yes"}).code, 4) << "a's request";
  EXPECT_EQ(run({"contact", "show", b}).code, 0) << "nothing erased";
  auto cert = run_json({"erase", b, "--reason", "request", "--request", re, "--yes"});
  ASSERT_TRUE(cert.contains("certificate")) << cert.dump();
  auto kept = cert["certificate"]["kept"];
  bool says = false;
  for (const auto& k : kept)
    if (k["table"] == "subject_requests") says = k["requests"].size() == 2;  // the access and the erasure requests
  EXPECT_TRUE(says) << cert.dump();
  shown = run_json({"request", "show", re});
  EXPECT_EQ(shown["contact"], nullptr);
  EXPECT_EQ(shown["subject_erased"], true);
  EXPECT_EQ(shown["note"], nullptr);
  EXPECT_EQ(shown["answers"][0]["kind"], "erasure");
  EXPECT_EQ(run({"request", "close", re, "--note", "done"}).code, 4);
  EXPECT_EQ(run_json({"request", "close", re})["status"], "closed");
}

TEST_F(RequestCli, TheReminderLineIsForATerminalOnly) {
  const auto id = add("Noir");
  run_json({"request", "open", "--type", "access", "--contact", id, "--received", days_ago(40)});
  // Piped: no reminder, on stdout or stderr.
  auto piped = run({"contact", "list"});
  ASSERT_EQ(piped.code, 0);
  EXPECT_EQ(piped.err.find("Requests:"), std::string::npos) << piped.err;
  EXPECT_EQ(piped.out.find("Requests:"), std::string::npos);
  // On a terminal: one line; with --json, none.
  auto [code, shown] = run_on_terminal(vault_dir(), pass_file(), {"contact", "list"});
  EXPECT_EQ(code, 0) << shown;
  EXPECT_NE(shown.find("Requests: 1 due within 7 days or overdue (1 overdue)"), std::string::npos) << shown;
  auto [jcode, jshown] = run_on_terminal(vault_dir(), pass_file(), {"contact", "list", "--json"});
  EXPECT_EQ(jcode, 0);
  EXPECT_EQ(jshown.find("Requests:"), std::string::npos) << jshown;
  // Nothing due: nothing said.
  run_json({"request", "close", "1"});
  auto [ccode, cshown] = run_on_terminal(vault_dir(), pass_file(), {"contact", "list"});
  EXPECT_EQ(ccode, 0);
  EXPECT_EQ(cshown.find("Requests:"), std::string::npos) << cshown;
}

}  // namespace
}  // namespace coffre::test
