// `coffre retention plan|run|policy` and `coffre hold` end to end: the JSON contracts of issue 13
// (plan: due/held/upcoming with id, pseudonym, category, rule, clock_start, due_at; run: erased,
// held, failed, summary), confirmation, and a hold refusing `erase`.
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace coffre {
namespace {

class RetentionCli : public test::CliVault {};

TEST_F(RetentionCli, PlanRunAndHold) {
  ASSERT_EQ(run({"contact", "add", "--last-name", "Ancien", "--email", "ancien@exemple.fr", "--collected", "2021-03-01"}).code, 0);
  ASSERT_EQ(run({"contact", "add", "--last-name", "Garde", "--email", "garde@exemple.fr", "--collected", "2021-03-01"}).code, 0);
  ASSERT_EQ(run({"contact", "add", "--last-name", "Neuf", "--email", "neuf@exemple.fr"}).code, 0);
  auto hold = run({"hold", "add", "2", "--reason", "litige"});
  ASSERT_EQ(hold.code, 0) << hold.err;

  auto plan = run_json({"retention", "plan"});
  ASSERT_EQ(plan["due"].size(), 1u) << plan.dump();
  for (const char* key : {"id", "pseudonym", "category", "rule", "clock_start", "due_at"})
    EXPECT_TRUE(plan["due"][0].contains(key)) << key;
  EXPECT_EQ(plan["due"][0]["id"], 1);
  EXPECT_EQ(plan["due"][0]["rule"], "default:prospect");
  EXPECT_EQ(plan["due"][0]["clock_start"], "2021-03-01T00:00:00Z");
  EXPECT_EQ(plan["due"][0]["due_at"], "2024-03-01T00:00:00Z");
  ASSERT_EQ(plan["held"].size(), 1u);
  EXPECT_EQ(plan["held"][0]["id"], 2);
  EXPECT_TRUE(plan["upcoming"].is_array());

  // Without a terminal and without --yes: refused, nothing erased.
  auto refused = run({"retention", "run"});
  EXPECT_EQ(refused.code, 1) << refused.err;
  EXPECT_EQ(run_json({"retention", "plan"})["due"].size(), 1u);

  auto r = run_json({"retention", "run", "--yes", "-o", (tmp_ / "run.json").string()});
  EXPECT_EQ(r["erased"], 1);
  EXPECT_EQ(r["held"], 1);
  EXPECT_EQ(r["failed"], 0);
  EXPECT_EQ(r["summary"], (tmp_ / "run.json").string());
  EXPECT_TRUE(std::filesystem::exists(tmp_ / "run.json"));
  EXPECT_EQ(run({"contact", "show", "1"}).code, 3);

  // The held person: erase refuses (exit 4, the hold named) unless overridden with a reason.
  auto erase = run({"erase", "2", "--yes"});
  EXPECT_EQ(erase.code, 4) << erase.err;
  EXPECT_NE(erase.err.find("legal hold"), std::string::npos) << erase.err;
  auto holds = run_json({"hold", "list"});
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0]["reason"], "litige");
  auto over = run({"erase", "2", "--yes", "--override-hold", "litige clos"});
  EXPECT_EQ(over.code, 0) << over.err;

  auto set = run_json({"retention", "policy", "set", "partner", "--after", "5y"});
  EXPECT_EQ(set["version"], 1);
  auto policies = run_json({"retention", "policy", "list"});
  bool partner = false;
  for (const auto& p : policies)
    if (p["category"] == "partner") partner = p["after_months"] == 60 && p["rule"] == "policy:partner:any:v1";
  EXPECT_TRUE(partner) << policies.dump();
  EXPECT_EQ(run({"retention", "policy", "set", "partner", "--after", "cinq ans"}).code, 1);
}

}  // namespace
}  // namespace coffre
