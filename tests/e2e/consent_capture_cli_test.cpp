// Consent capture end to end (issue 12, "Proof"): `campaign optin` -> a form's responses CSV and an
// .mbox written by Python's `mailbox` module -> `consent import` -> `can-contact`; a token edited by
// one character, an expired one, a replayed one and one sent from another address are refused with
// their line. Unsubscribe exports: a withdrawal on e-mail leaves a professional callable and out of
// every e-mail campaign, and after their erasure the same file does not bring their e-mail back.
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <sstream>

#include "cli_runner.h"

namespace coffre::test {
namespace {

struct Invite {
  std::string token, code, email;
};

// The mail-merge CSV by contact id (the test's names and addresses hold no comma or quote).
std::map<int, Invite> read_invites(const std::string& csv) {
  std::map<int, Invite> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "id,first_name,last_name,email,organisation,token,reply_code,expires_at\r");
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (f.size() < 8) continue;
    out[std::stoi(f[0])] = Invite{f[5], f[6], f[3]};
  }
  return out;
}

std::string reasons_at(const nlohmann::json& j, std::uint64_t line) {
  std::string out;
  for (const auto& r : j["refusals"])
    if (r["line"].get<std::uint64_t>() == line) out += r["reason"].get<std::string>();
  return out;
}

class ConsentCaptureCli : public CliVault {
 protected:
  int contact(const std::string& first, const std::string& email, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"contact", "add", "--first-name", first, "--last-name", "Martin", "--email", email};
    args.insert(args.end(), extra.begin(), extra.end());
    auto j = run_json(args);
    return j.is_object() ? j.value("id", 0) : 0;
  }
  int python(const std::string& script) {
    write_file(tmp_ / "make.py", script);
    return std::system(("python3 " + (tmp_ / "make.py").string()).c_str());
  }
};

TEST_F(ConsentCaptureCli, OptinRoundTripThroughFormAndMbox) {
  write_file(tmp_ / "notice.txt", "J'accepte de recevoir les offres de Dupont SARL par e-mail.");
  ASSERT_EQ(run({"notice", "add", "--version", "v1", "--file", (tmp_ / "notice.txt").string()}).code, 0);
  const int anne = contact("Anne", "anne@exemple.fr");
  const int bruno = contact("Bruno", "bruno@exemple.fr");
  const int chloe = contact("Chloé", "chloe@exemple.fr");
  const int denis = contact("Denis", "denis@exemple.fr");
  const int eve = contact("Eve", "eve@exemple.fr");
  const int consumer = contact("Fanny", "fanny@exemple.fr", {"--b2c"});
  const int objector = contact("Gilles", "gilles@exemple.fr");
  ASSERT_GT(objector, 0);
  run_json({"consent", "record", std::to_string(objector), "--channel", "email", "--event", "objected", "--at",
            "2026-11-01T09:00Z"});

  // Only the people the rule lets us write to: never the objector, nor a consumer without consent.
  const auto csv = tmp_ / "optin.csv";
  // Sent on 24 November, valid 7 days (the answers below are dated 25 November).
  auto c = run_json({"campaign", "optin", "--channel", "email", "--notice", "v1", "--at", "2026-11-24T09:00Z",
                     "--expires", "7d", "-o", csv.string()});
  EXPECT_EQ(c["invited"], 5);
  EXPECT_EQ(c["excluded"], 2);
  EXPECT_EQ(c["excluded_by_rule"]["objection"], 1);
  EXPECT_EQ(c["excluded_by_rule"]["email-b2c-consent"], 1);
  auto invites = read_invites(read_file(csv));
  ASSERT_EQ(invites.size(), 5u);
  EXPECT_EQ(invites.count(objector), 0u);
  EXPECT_EQ(invites.count(consumer), 0u);
  for (const auto& [id, inv] : invites) {
    EXPECT_EQ(inv.token.size(), 32u) << "128 bits in hex";
    EXPECT_EQ(inv.token.find('@'), std::string::npos);
    EXPECT_EQ(inv.code.size(), 9u);
  }
  // An older campaign whose tokens expired on 2 November.
  const auto old_csv = tmp_ / "old.csv";
  run_json({"campaign", "optin", "--channel", "email", "--notice", "v1", "--at", "2026-11-01T10:00Z", "--expires",
            "1d", "-o", old_csv.string(), std::to_string(eve)});
  const auto expired = read_invites(read_file(old_csv));
  ASSERT_EQ(expired.count(eve), 1u);

  // The form's responses: Google Forms' headers (Horodateur, Adresse e-mail, the question).
  std::string edited = invites[bruno].token;
  edited[5] = edited[5] == 'a' ? 'b' : 'a';  // one character
  const auto form = tmp_ / "responses.csv";
  write_file(form, "Horodateur,Adresse e-mail,Token,Acceptez-vous de recevoir nos offres ?,Adresse IP,User agent\r\n"
                   "2026-11-25 10:00:00,anne@exemple.fr," + invites[anne].token + ",Oui,192.0.2.1,Firefox\r\n"
                   "2026-11-25 10:05:00,bruno@exemple.fr," + edited + ",Oui,192.0.2.2,Firefox\r\n"
                   "2026-11-25 10:06:00,anne@exemple.fr," + invites[anne].token + ",Oui,192.0.2.1,Firefox\r\n"
                   "2026-11-20 10:00:00,eve@exemple.fr," + expired.at(eve).token + ",Oui,192.0.2.5,Firefox\r\n");
  // A dry run records nothing.
  auto dry = run_json({"consent", "import", form.string(), "--dry-run"});
  EXPECT_EQ(dry["recorded"], 1);
  EXPECT_EQ(run_json({"consent", "show", std::to_string(anne)})["events"].size(), 0u);
  auto f = run_json({"consent", "import", form.string()});
  EXPECT_EQ(f["plugin"], "consent-form");
  EXPECT_EQ(f["recorded"], 1);
  EXPECT_EQ(f["refused"], 3);
  EXPECT_EQ(f["unmatched"], 0);
  EXPECT_NE(reasons_at(f, 3).find("forged"), std::string::npos) << f.dump();
  EXPECT_NE(reasons_at(f, 4).find("replayed"), std::string::npos) << f.dump();
  EXPECT_NE(reasons_at(f, 5).find("expired"), std::string::npos) << f.dump();
  auto show = run_json({"consent", "show", std::to_string(anne)});
  ASSERT_EQ(show["events"].size(), 1u);
  EXPECT_EQ(show["events"][0]["method"], "double-opt-in");
  EXPECT_EQ(show["events"][0]["notice_version"], "v1");
  EXPECT_NE(show["events"][0]["note"].get<std::string>().find("192.0.2.1"), std::string::npos);
  EXPECT_EQ(show["state"][0]["status"], "given");
  EXPECT_EQ(run_json({"consent", "show", std::to_string(bruno)})["events"].size(), 0u);
  EXPECT_EQ(run_json({"consent", "show", std::to_string(eve)})["events"].size(), 0u);
  // The same file again: every token is now spent.
  auto again = run_json({"consent", "import", form.string()});
  EXPECT_EQ(again["recorded"], 0);

  // Replies by e-mail in an mbox made by Python's mailbox module.
  const auto mbox = tmp_ / "replies.mbox";
  ASSERT_EQ(python("import mailbox\nfrom email.message import EmailMessage\n"
                   "mb = mailbox.mbox(r'" + mbox.string() + "')\n"
                   "def add(frm, subject, body, date, mid):\n"
                   "    m = EmailMessage(); m['From'] = frm; m['To'] = 'moi@dupont.fr'; m['Subject'] = subject\n"
                   "    m['Date'] = date; m['Message-ID'] = mid; m.set_content(body); mb.add(m)\n"
                   "add('Chloé Martin <chloe@exemple.fr>', 'Re: Votre accord [" + invites[chloe].code + "]',\n"
                   "    'OUI, avec plaisir\\n\\n> Répondez OUI ou NON\\n', 'Wed, 25 Nov 2026 11:00:00 +0100', '<c1@exemple.fr>')\n"
                   "add('Someone <intrus@ailleurs.fr>', 'Re: Votre accord', 'oui\\n> " + invites[denis].token + "\\n',\n"
                   "    'Wed, 25 Nov 2026 11:05:00 +0100', '<x1@ailleurs.fr>')\n"
                   "add('denis@exemple.fr', 'Re: Votre accord', 'NON\\n> ref " + invites[denis].token + "\\n',\n"
                   "    'Wed, 25 Nov 2026 11:10:00 +0100', '<d1@exemple.fr>')\n"
                   "mb.flush()\n"),
            0);
  // A dry run stores no evidence: no file is left under blobs/ for `check` to find.
  auto dry_mail = run_json({"consent", "import", mbox.string(), "--dry-run"});
  EXPECT_EQ(dry_mail["recorded"], 2) << dry_mail.dump();
  auto clean = run({"check", "--json"});
  EXPECT_EQ(clean.code, 0) << clean.out << clean.err;
  auto m = run_json({"consent", "import", mbox.string()});
  EXPECT_EQ(m["plugin"], "consent-mail");
  EXPECT_EQ(m["recorded"], 2) << m.dump();
  EXPECT_EQ(m["refused"], 1) << m.dump();
  ASSERT_EQ(m["refusals"].size(), 1u);
  EXPECT_NE(m["refusals"][0]["reason"].get<std::string>().find("another person's"), std::string::npos);
  EXPECT_GT(m["refusals"][0]["line"].get<int>(), 1) << "the line of the second message's separator";

  // The answers decide: Anne and Chloé said yes, Denis said no.
  EXPECT_EQ(run({"can-contact", std::to_string(anne), "--channel", "email"}).code, 0);
  EXPECT_EQ(run({"can-contact", std::to_string(chloe), "--channel", "email"}).code, 0);
  auto no = run({"can-contact", std::to_string(denis), "--channel", "email", "--json"});
  EXPECT_EQ(no.code, 6);
  EXPECT_EQ(no.json()["rule"], "refused");
  auto chloe_show = run_json({"consent", "show", std::to_string(chloe)});
  ASSERT_EQ(chloe_show["events"].size(), 1u);
  EXPECT_EQ(chloe_show["events"][0]["method"], "email-reply");
  EXPECT_EQ(chloe_show["events"][0]["occurred_at"], "2026-11-25T10:00:00Z");
  EXPECT_FALSE(chloe_show["events"][0]["evidence_document"].is_null()) << "the message kept as evidence";
  auto docs = run({"doc", "list", std::to_string(chloe)});
  EXPECT_NE(docs.out.find("evidence"), std::string::npos) << docs.out;
  // The evidence is the message itself, encrypted in the vault and read back intact.
  const int doc = chloe_show["events"][0]["evidence_document"].get<int>();
  const auto back = tmp_ / "back.eml";
  ASSERT_EQ(run({"doc", "get", std::to_string(doc), "-o", back.string()}).code, 0);
  const std::string mail = read_file(back);
  EXPECT_NE(mail.find("Message-ID: <c1@exemple.fr>"), std::string::npos) << mail;
  EXPECT_EQ(mail.find("intrus@ailleurs.fr"), std::string::npos) << "only this message, not the next one";

  // Anne later answers STOP with her spent token: a "no" is always taken, never refused as replayed.
  const auto stop = tmp_ / "stop.csv";
  write_file(stop, "Horodateur,Token,Réponse\r\n2026-11-26 08:00:00," + invites[anne].token + ",STOP\r\n");
  auto s = run_json({"consent", "import", stop.string()});
  EXPECT_EQ(s["recorded"], 1) << s.dump();
  EXPECT_EQ(run({"can-contact", std::to_string(anne), "--channel", "email"}).code, 6);

  auto audit = run({"audit", "verify"});
  EXPECT_EQ(audit.code, 0) << audit.out << audit.err;
}

TEST_F(ConsentCaptureCli, AFormDateWithoutAZoneIsReadInTheZoneGiven) {
  write_file(tmp_ / "notice.txt", "J'accepte de recevoir les offres de Dupont SARL par e-mail.");
  ASSERT_EQ(run({"notice", "add", "--version", "v1", "--file", (tmp_ / "notice.txt").string()}).code, 0);
  const int anne = contact("Anne", "anne@exemple.fr");
  const auto csv = tmp_ / "optin.csv";
  run_json({"campaign", "optin", "--channel", "email", "--notice", "v1", "--at", "2026-11-24T09:00Z", "--expires",
            "7d", "-o", csv.string()});
  const auto invites = read_invites(read_file(csv));
  ASSERT_EQ(invites.count(anne), 1u);
  const auto form = tmp_ / "responses.csv";
  write_file(form, "Horodateur,Token,Réponse\r\n2026-11-25 10:00:00," + invites.at(anne).token + ",Oui\r\n");
  // An unknown zone is refused before anything is read.
  auto bad = run({"consent", "import", form.string(), "--time-zone", "Mars/Olympus_Mons"});
  EXPECT_EQ(bad.code, 4) << bad.err;
  EXPECT_NE(bad.err.find("Mars/Olympus_Mons"), std::string::npos) << bad.err;
  // 10:00 on a Paris form is 09:00 UTC in November (CET, UTC+1).
  auto f = run_json({"consent", "import", form.string(), "--time-zone", "Europe/Paris"});
  EXPECT_EQ(f["recorded"], 1) << f.dump();
  auto show = run_json({"consent", "show", std::to_string(anne)});
  ASSERT_EQ(show["events"].size(), 1u);
  EXPECT_EQ(show["events"][0]["occurred_at"], "2026-11-25T09:00:00Z");
}

TEST_F(ConsentCaptureCli, UnsubscribeExportWithdrawsAndSurvivesErasure) {
  const int pro = contact("Paul", "paul@exemple.fr", {"--phone", "01 42 68 53 00"});
  const int other = contact("Rita", "rita@exemple.fr");
  ASSERT_GT(other, 0);
  // A Brevo blocklist export: the vault holds Paul, not the second address.
  const auto unsub = tmp_ / "brevo-unsubscribed.csv";
  write_file(unsub, "EMAIL;UNSUBSCRIBED_AT;REASON\npaul@exemple.fr;2026-11-20 09:00:00;too many mails\n"
                    "inconnu@ailleurs.fr;2026-11-21T09:00:00Z;\n");
  auto u = run_json({"consent", "import", unsub.string()});
  EXPECT_EQ(u["plugin"], "consent-unsubscribe");
  EXPECT_EQ(u["recorded"], 1);
  EXPECT_EQ(u["unmatched"], 1);
  EXPECT_EQ(u["refused"], 0);
  auto show = run_json({"consent", "show", std::to_string(pro)});
  ASSERT_EQ(show["events"].size(), 1u);
  EXPECT_EQ(show["events"][0]["event"], "withdrawn");
  EXPECT_EQ(show["events"][0]["channel"], "email");
  // Importing it twice records nothing new.
  EXPECT_EQ(run_json({"consent", "import", unsub.string()})["recorded"], 0);

  // Withdrawn on e-mail: a professional is still callable, and never in an e-mail campaign.
  EXPECT_EQ(run({"can-contact", std::to_string(pro), "--channel", "email"}).code, 6);
  EXPECT_EQ(run({"can-contact", std::to_string(pro), "--channel", "phone", "--at", "2026-11-25T10:00Z"}).code, 0);
  const auto camp = tmp_ / "campaign.csv";
  auto e = run_json({"campaign", "export", "--channel", "email", "-o", camp.string()});
  EXPECT_EQ(e["exported"], 1);
  EXPECT_EQ(read_file(camp).find("paul@exemple.fr"), std::string::npos);

  // Erased, then the same file imported again: their e-mail does not come back.
  ASSERT_EQ(run({"erase", std::to_string(pro), "--yes"}).code, 0);
  auto again = run_json({"consent", "import", unsub.string()});
  EXPECT_EQ(again["recorded"], 0);
  EXPECT_EQ(again["unmatched"], 2);
  auto found = run({"search", "paul@exemple.fr", "--json"});
  EXPECT_EQ(found.out.find("paul@exemple.fr"), std::string::npos) << found.out;
  // Whoever gives the vault that address again is never in an e-mail campaign.
  for (const char* addr : {"paul@exemple.fr", "inconnu@ailleurs.fr"}) {
    auto add = run({"contact", "add", "--first-name", "Nouveau", "--last-name", "Contact", "--email", addr, "--json"});
    if (add.code != 0) continue;  // refused outright by the suppression list: fine too
    const auto camp2 = tmp_ / (std::string("campaign-") + addr + ".csv");
    run_json({"campaign", "export", "--channel", "email", "-o", camp2.string()});
    EXPECT_EQ(read_file(camp2).find(addr), std::string::npos) << addr;
  }
  auto audit = run({"audit", "verify"});
  EXPECT_EQ(audit.code, 0) << audit.out << audit.err;
}

TEST_F(ConsentCaptureCli, BadSourcesAreRefusedWithTheirLine) {
  // No token column: not a form's export; nothing recorded, exit 4 naming the file.
  const auto bad = tmp_ / "bad.csv";
  write_file(bad, "Horodateur,Token,Réponse\n2026-11-25 10:00:00,abc,\"Oui\n");
  auto r = run({"consent", "import", bad.string(), "--format", "form-responses"});
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_NE(r.err.find("bad.csv:2"), std::string::npos) << r.err;
  auto none = run({"consent", "import", (tmp_ / "missing.csv").string()});
  EXPECT_EQ(none.code, 3);
  write_file(tmp_ / "notes.txt", "nothing to see\n");
  auto unknown = run({"consent", "import", (tmp_ / "notes.txt").string()});
  EXPECT_EQ(unknown.code, 3) << unknown.err;
  // A duration that is not one.
  write_file(tmp_ / "notice.txt", "texte");
  ASSERT_EQ(run({"notice", "add", "--version", "v1", "--file", (tmp_ / "notice.txt").string()}).code, 0);
  auto d = run({"campaign", "optin", "--channel", "email", "--notice", "v1", "--expires", "soon", "-o",
                (tmp_ / "o.csv").string()});
  EXPECT_EQ(d.code, 4);
  EXPECT_NE(d.err.find("--expires"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "o.csv"));
}

}  // namespace
}  // namespace coffre::test
