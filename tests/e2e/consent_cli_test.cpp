// The consent commands as scripts use them (issue 12's exact interface): notice add/list, consent
// record/show, can-contact's exit 0 / 6 and JSON, campaign export's CSV and summary.
#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace coffre::test {
namespace {

class ConsentCli : public CliVault {
 protected:
  int contact(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"contact", "add", "--first-name", "Hélène", "--last-name", "Dupont"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto j = run_json(args);
    return j.is_object() ? j.value("id", 0) : 0;
  }
};

TEST_F(ConsentCli, NoticeRecordShowCanContactAndCampaign) {
  write_file(tmp_ / "notice.txt", "J'accepte de recevoir des offres par e-mail.");
  auto n = run({"notice", "add", "--version", "v1", "--file", (tmp_ / "notice.txt").string()});
  ASSERT_EQ(n.code, 0) << n.err;
  EXPECT_EQ(n.out.rfind("v1 ", 0), 0u) << n.out;
  auto list = run_json({"notice", "list"});
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["sha256"].get<std::string>().size(), 64u);

  const int consumer = contact({"--email", "h.dupont@exemple.fr", "--b2c"});
  const int pro = contact({"--email", "pro@exemple.fr", "--phone", "06 12 34 56 78"});
  ASSERT_GT(consumer, 0);
  ASSERT_GT(pro, 0);
  const std::string c = std::to_string(consumer), p = std::to_string(pro);

  auto no = run({"can-contact", c, "--channel", "email", "--json"});
  EXPECT_EQ(no.code, 6) << no.err;
  auto nj = no.json();
  EXPECT_FALSE(nj["allowed"].get<bool>());
  EXPECT_EQ(nj["rule"], "email-b2c-consent");
  EXPECT_NE(nj["source"].get<std::string>().find("L34-5"), std::string::npos);

  auto rec = run_json({"consent", "record", c, "--channel", "email", "--event", "given", "--method", "web-form",
                       "--notice", "v1", "--note", "formulaire du site"});
  ASSERT_TRUE(rec.contains("id"));
  auto yes = run({"can-contact", c, "--channel", "email"});
  EXPECT_EQ(yes.code, 0) << yes.out << yes.err;
  EXPECT_EQ(yes.out.rfind("yes (email-b2c-consent)", 0), 0u) << yes.out;

  auto show = run_json({"consent", "show", c});
  ASSERT_EQ(show["events"].size(), 1u);
  EXPECT_EQ(show["events"][0]["notice_version"], "v1");
  ASSERT_EQ(show["state"].size(), 1u);
  EXPECT_EQ(show["state"][0]["channel"], "email");
  EXPECT_EQ(show["state"][0]["purpose"], "prospecting");
  EXPECT_EQ(show["state"][0]["status"], "given");

  // A professional who withdrew on e-mail: still callable, out of the e-mail campaign.
  run_json({"consent", "record", p, "--channel", "email", "--event", "withdrawn"});
  EXPECT_EQ(run({"can-contact", p, "--channel", "email"}).code, 6);
  EXPECT_EQ(run({"can-contact", p, "--channel", "phone", "--at", "2026-11-25T10:00Z"}).code, 0);
  const auto csv = tmp_ / "campaign.csv";
  auto camp = run_json({"campaign", "export", "--channel", "email", "-o", csv.string()});
  EXPECT_EQ(camp["exported"], 1);
  EXPECT_EQ(camp["excluded"], 1);
  EXPECT_EQ(camp["excluded_by_rule"]["withdrawn"], 1);
  EXPECT_TRUE(camp.contains("campaign"));
  const std::string body = read_file(csv);
  EXPECT_NE(body.find("h.dupont@exemple.fr"), std::string::npos);
  EXPECT_EQ(body.find("pro@exemple.fr"), std::string::npos);

  // Bad words: exit 4 naming the option; unknown contact: exit 3.
  auto bad = run({"consent", "record", c, "--channel", "fax", "--event", "given"});
  EXPECT_EQ(bad.code, 4);
  EXPECT_NE(bad.err.find("--channel"), std::string::npos);
  EXPECT_EQ(run({"can-contact", "999", "--channel", "email"}).code, 3);
  auto audit = run({"audit", "verify"});
  EXPECT_EQ(audit.code, 0) << audit.out << audit.err;
}

}  // namespace
}  // namespace coffre::test
