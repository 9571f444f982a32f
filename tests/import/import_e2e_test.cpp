// `coffre import` end to end: the real binary, the real plugins found next to it by the host.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "e2e/cli_runner.h"

namespace coffre::test {
namespace {

using ImportE2e = CliVault;

std::string fixture(const std::string& name) {
  return (std::filesystem::path(COFFRE_FIXTURE_DIR) / "import" / name).string();
}

TEST_F(ImportE2e, JsonSummaryOfALibreOfficeCsv) {
  auto j = run_json({"import", fixture("prospects-libreoffice-win1252.csv"), "--source", "Salon 2024", "--basis",
                     "consent", "--b2b"});
  EXPECT_EQ(j["added"], 5);
  EXPECT_EQ(j["merged"], 1);
  EXPECT_EQ(j["rejected"], 0);
  EXPECT_EQ(j["suppressed"], 0);
  EXPECT_EQ(j["sensitive"], 2);
  EXPECT_EQ(j["format"], "csv");
  EXPECT_EQ(j["basis"], "consent");
  EXPECT_EQ(j["source"], "Salon 2024");
  EXPECT_EQ(j["sha256"].get<std::string>().size(), 64u);
  ASSERT_TRUE(j["batch"].is_string());
  EXPECT_TRUE(j["already_imported"].is_null());
  ASSERT_EQ(j["merges"].size(), 1u);
  EXPECT_EQ(j["merges"][0], (nlohmann::json{{"line", 8}, {"contact", nullptr}, {"with_line", 3}, {"by", "email"},
                                            {"value", "helene.lefevre@coeurdeloire.fr"}}));
  auto contacts = run_json({"contact", "list"});
  EXPECT_EQ(contacts.size(), 5u);
  // The same file again: every row merges into a contact the vault now holds, and a person sees
  // each one.
  auto again = run({"import", fixture("prospects-libreoffice-win1252.csv")});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("merged: line 2 into contact 1 (same e-mail "), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("note: this very file (same SHA-256) was imported on "), std::string::npos) << again.out;
  EXPECT_NE(again.out.find(" as batch " + j["batch"].get<std::string>() + ";"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("merged: line 8 into contact 2 (same e-mail helene.lefevre@coeurdeloire.fr)"),
            std::string::npos)
      << again.out;
  auto list = run_json({"import", "list"});
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["batch"], j["batch"]);  // newest first
  EXPECT_EQ(list[0]["file"], "prospects-libreoffice-win1252.csv");
}

TEST_F(ImportE2e, EveryFormatThroughAutoDetection) {
  EXPECT_EQ(run_json({"import", fixture("prospects-libreoffice.xlsx")})["format"], "xlsx");
  EXPECT_EQ(run_json({"import", fixture("phone-export-2.1.vcf")})["format"], "vcard");
  EXPECT_EQ(run_json({"import", fixture("addressbook-vobject-3.0.vcf"), "--format", "vcard"})["added"], 3);
}

// A CRM's opt-out (Zoho's "Email Opt Out", HubSpot's "Unsubscribed from all email") is an
// objection to e-mail, recorded as a consent event: the person is out of e-mail prospecting and
// still reachable by phone and post where the law allows, and the objection outlives an erasure.
TEST_F(ImportE2e, CrmOptOutsAreObjectionsToEmailOnly) {
  auto id_of = [&](const std::string& email) -> std::string {
    for (const auto& c : run_json({"contact", "list"}))
      for (const auto& e : c["emails"])
        if (e == email) return std::to_string(c["id"].get<long long>());
    ADD_FAILURE() << "no contact with " << email;
    return "0";
  };
  auto rule = [&](const std::string& id, const std::string& channel) {
    auto r = run({"can-contact", id, "--channel", channel, "--at", "2026-11-25T10:00Z", "--json"});
    EXPECT_TRUE(r.code == 0 || r.code == 6) << r.err;
    return r.json()["rule"].get<std::string>() + (r.code == 0 ? " yes" : " no");
  };
  auto zoho = run_json({"import", fixture("zoho-leads-optout.csv"), "--basis", "legitimate-interest"});
  EXPECT_EQ(zoho["preset"], "zoho");
  EXPECT_EQ(zoho["added"], 3);
  EXPECT_EQ(zoho["opted_out"], 2);
  EXPECT_EQ(zoho["suppressed"], 0);
  const std::string jean = id_of("jean.dupont@dupre-sa.fr"), zoe = id_of("zoe.martin@exemple.fr"),
                    luc = id_of("luc.durand@durand-fils.fr");
  auto show = run_json({"consent", "show", jean});
  ASSERT_EQ(show["events"].size(), 1u);
  EXPECT_EQ(show["events"][0]["event"], "objected");
  EXPECT_EQ(show["events"][0]["channel"], "email");
  EXPECT_EQ(show["events"][0]["method"], "import");
  EXPECT_EQ(show["events"][0]["source"], "zoho-leads-optout.csv");
  EXPECT_EQ(rule(jean, "email"), "objection no");
  EXPECT_EQ(rule(jean, "phone"), "phone-b2b yes");  // a professional, by phone: allowed unless they object
  EXPECT_EQ(rule(jean, "post"), "post yes");
  EXPECT_EQ(rule(zoe, "email"), "objection no");
  EXPECT_EQ(rule(zoe, "post"), "post yes");
  EXPECT_EQ(rule(zoe, "phone"), "phone-b2c-consent no");  // a consumer: the law, not the opt-out
  EXPECT_EQ(rule(luc, "email"), "email-b2b yes");
  EXPECT_TRUE(run_json({"consent", "show", luc})["events"].empty());

  auto hub = run_json({"import", fixture("hubspot-contacts-optout.csv")});
  EXPECT_EQ(hub["preset"], "hubspot");
  EXPECT_EQ(hub["opted_out"], 1);
  const std::string anne = id_of("anne.lefevre@atelier-lefevre.fr");
  EXPECT_EQ(rule(anne, "email"), "objection no");
  EXPECT_EQ(rule(anne, "phone"), "phone-b2b yes");
  EXPECT_EQ(run_json({"consent", "show", id_of("marc.petit@exemple.fr")})["events"].size(), 0u);

  // Erased, and imported again from a list without the opt-out: still out of e-mail only.
  auto erased = run({"erase", jean, "--yes"});
  ASSERT_EQ(erased.code, 0) << erased.err;
  write_file(tmp_ / "salon.csv", "Nom;Prénom;Société;E-mail;Téléphone\nDupont;Jean;Dupré SA;jean.dupont@dupre-sa.fr;"
                                 "01 42 68 53 00\n");
  ASSERT_EQ(run_json({"import", (tmp_ / "salon.csv").string()})["added"], 1);
  const std::string back = id_of("jean.dupont@dupre-sa.fr");
  EXPECT_EQ(rule(back, "email"), "channel-suppression no");
  EXPECT_EQ(rule(back, "phone"), "phone-b2b yes");
}

TEST_F(ImportE2e, DryRunWritesNothing) {
  auto j = run_json({"import", fixture("prospects-libreoffice.xlsx"), "--dry-run"});
  EXPECT_EQ(j["dry_run"], true);
  EXPECT_EQ(j["added"], 5);
  EXPECT_TRUE(j["batch"].is_null());
  EXPECT_EQ(run_json({"contact", "list"}).size(), 0u);
  EXPECT_EQ(run_json({"import", "list"}).size(), 0u);
  auto human = run({"import", fixture("prospects-libreoffice.xlsx"), "--dry-run"});
  EXPECT_EQ(human.code, 0);
  EXPECT_NE(human.out.find("nothing was written"), std::string::npos) << human.out;
}

TEST_F(ImportE2e, MalformedFileIsExitFourNamesTheLineAndImportsNothing) {
  write_file(tmp_ / "bad.csv", "Nom;Prénom;E-mail\nDupont;Jean;jean@dupont.fr\nMartin;Zoé;zoe@@martin\n");
  auto r = run({"import", (tmp_ / "bad.csv").string()});
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("bad.csv: line 3, column 3 (E-mail)"), std::string::npos) << r.err;
  EXPECT_EQ(run_json({"contact", "list"}).size(), 0u);
}

TEST_F(ImportE2e, SkipInvalidWritesAPrivateReport) {
  write_file(tmp_ / "mixed.csv", "Nom;E-mail\nDupont;jean@dupont.fr\nMartin;zoe@@martin\nDurand\n");
  auto report = tmp_ / "rejets.csv";
  auto r = run({"import", (tmp_ / "mixed.csv").string(), "--skip-invalid", "--report", report.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("mode 0600"), std::string::npos) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat(report.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto text = read_file(report);
  EXPECT_NE(text.find("line;column;field;reason;Nom;E-mail"), std::string::npos) << text;
  EXPECT_NE(text.find("3;2;E-mail;\"\"\"zoe@@martin\"\" is not a valid e-mail address\";Martin;zoe@@martin"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("4;2;;1 fields where the header"), std::string::npos) << text;
  EXPECT_EQ(run_json({"contact", "list"}).size(), 1u);
  // With --json the rejected rows come in the summary instead.
  auto j = run_json({"import", (tmp_ / "mixed.csv").string(), "--skip-invalid"});
  EXPECT_EQ(j["rejected"], 2);
  EXPECT_EQ(j["merged"], 1);
  EXPECT_EQ(j["rejected_rows"][0]["values"]["E-mail"], "zoe@@martin");
}

TEST_F(ImportE2e, ATerminalSeesTheFirstTwentyHitsAndHowManyMore) {
  std::string csv = "Nom;E-mail;Commentaire\n";
  for (int i = 0; i < 45; ++i)
    csv += "Nom" + std::to_string(i) + ";p" + std::to_string(i) + "@x.fr;en arrêt maladie\n";
  csv += "Sans;sans@x.fr;rien\n";
  for (int i = 0; i < 30; ++i) csv += "Bad" + std::to_string(i) + ";pas-un-mail\n";
  write_file(tmp_ / "many.csv", csv);
  auto r = run({"-q", "import", (tmp_ / "many.csv").string(), "--skip-invalid"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(r.out, "(Commentaire): \"arrêt maladie\""), 20u) << r.out;
  EXPECT_NE(r.out.find("... 25 more rows (--json lists the first 1000)"), std::string::npos) << r.out;
  EXPECT_EQ(count(r.out, "  rejected: line "), 20u) << r.out;
  EXPECT_NE(r.out.find("... 10 more rejected rows"), std::string::npos) << r.out;
  // --json keeps them all (up to 1000).
  auto j = run_json({"import", (tmp_ / "many.csv").string(), "--skip-invalid", "--dry-run"});
  EXPECT_EQ(j["sensitive_hits"].size(), 45u);
  EXPECT_EQ(j["rejected_rows"].size(), 30u);
}

TEST_F(ImportE2e, NotAZipIsExitFour) {
  write_file(tmp_ / "fake.xlsx", "Nom;Prénom\n");
  auto r = run({"import", (tmp_ / "fake.xlsx").string()});
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("is not a zip archive"), std::string::npos) << r.err;
}

TEST_F(ImportE2e, ListAndUndo) {
  auto j = run_json({"import", fixture("addressbook-vobject-3.0.vcf")});
  std::string batch = j["batch"];
  // --dry-run erases nothing (it used to erase for real) and says whom it would erase.
  auto dry = run_json({"import", "undo", batch, "--dry-run"});
  EXPECT_EQ(dry["dry_run"], true);
  EXPECT_EQ(dry["erased"], 3);
  EXPECT_EQ(dry["contacts"].size(), 3u);
  EXPECT_EQ(run_json({"contact", "list"}).size(), 3u);
  auto human = run({"import", "undo", batch, "--dry-run"});
  EXPECT_EQ(human.code, 0);
  EXPECT_NE(human.out.find("Nothing was changed"), std::string::npos) << human.out;
  // A contact worked on since the import is refused (exit 4, named) until --include-edited.
  const std::string first = std::to_string(dry["contacts"][0].get<long long>());
  ASSERT_EQ(run({"note", "add", first, "rappeler"}).code, 0);
  auto refused = run({"import", "undo", batch});
  EXPECT_EQ(refused.code, 4);
  EXPECT_NE(refused.err.find("--include-edited"), std::string::npos) << refused.err;
  EXPECT_EQ(run_json({"contact", "list"}).size(), 3u);
  auto u = run_json({"import", "undo", batch, "--include-edited", "--yes"});
  EXPECT_EQ(u["erased"], 3);
  EXPECT_EQ(run_json({"contact", "list"}).size(), 0u);
  auto list = run_json({"import", "list"});
  EXPECT_TRUE(list[0]["undone_at"].is_string());
  EXPECT_EQ(list[0]["still_present"], 0);
  auto again = run({"import", "undo", batch});
  EXPECT_EQ(again.code, 4);
  EXPECT_NE(again.err.find("already undone"), std::string::npos);
  EXPECT_EQ(run({"import", "undo", "nope"}).code, 3);
}

TEST_F(ImportE2e, BasisKindDateAndRegionOptionsAreChecked) {
  write_file(tmp_ / "be.csv", "Nom;Email;Tel\nA;a@x.be;02 555 12 12\nB;b@x.be;12\n");
  const std::string file = (tmp_ / "be.csv").string();
  // Legitimate interest does not cover prospecting consumers by e-mail (CPCE L34-5).
  auto b2c = run({"import", file, "--b2c", "--basis", "legitimate-interest"});
  EXPECT_EQ(b2c.code, 1);
  EXPECT_NE(b2c.err.find("L34-5"), std::string::npos) << b2c.err;
  EXPECT_EQ(run({"import", file, "--region", "XX"}).code, 1);
  EXPECT_EQ(run({"import", file, "--collected", "hier"}).code, 1);
  EXPECT_EQ(run({"import", file, "--basis", "unspecified"}).code, 1);
  auto j = run_json({"import", file, "--region", "be", "--collected", "2024-03-05", "--dry-run"});
  EXPECT_EQ(j["region"], "BE");
  EXPECT_EQ(j["added"], 2);
  EXPECT_EQ(j["basis"], "unspecified");
  EXPECT_EQ(j["unspecified_basis_rows"], 2);
  EXPECT_EQ(j["kind"], "per-row");
  EXPECT_EQ(j["kind_inferred_rows"], 2);
  EXPECT_EQ(j["collected_from"], "option");
  EXPECT_EQ(j["warning_count"], 1);
  ASSERT_EQ(j["warnings"].size(), 1u);
  EXPECT_EQ(j["warnings"][0]["line"], 3);
  EXPECT_EQ(j["warnings"][0]["field"], "Tel");
  auto text = run({"import", file, "--region", "BE"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("warning: line 3, column 3 (Tel): \"12\" is not a valid phone number"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("WARNING: 2 row(s) have no lawful basis recorded (no --basis given)"), std::string::npos)
      << text.out;
  auto list = run_json({"import", "list"});
  EXPECT_EQ(list[0]["basis"], "unspecified");
  EXPECT_EQ(list[0]["kind"], "per-row");
  EXPECT_EQ(list[0]["collected_from"], "file-date");
}

TEST_F(ImportE2e, OptionsAreChecked) {
  EXPECT_EQ(run({"import", fixture("phone-export-2.1.vcf"), "--basis", "because"}).code, 1);
  EXPECT_EQ(run({"import", fixture("phone-export-2.1.vcf"), "--b2b", "--b2c"}).code, 1);
  EXPECT_EQ(run({"import", (tmp_ / "missing.csv").string()}).code, 3);
  auto folder = run({"import", tmp_.path().string()});
  EXPECT_EQ(folder.code, 4);
  EXPECT_NE(folder.err.find("is a folder"), std::string::npos) << folder.err;
  write_file(tmp_ / "t.txt", "Nom\tEmail\nA\ta@x.fr\n");
  EXPECT_EQ(run_json({"import", (tmp_ / "t.txt").string(), "--format", "csv", "--delimiter", "tab"})["added"], 1);
  write_file(tmp_ / "l1.csv", "Nom;Email\nH\xE9l\xE8ne;h@x.fr\n");
  EXPECT_EQ(run({"import", (tmp_ / "l1.csv").string(), "--charset", "UTF-8"}).code, 4);
  EXPECT_EQ(run_json({"import", (tmp_ / "l1.csv").string(), "--charset", "ISO-8859-15"})["added"], 1);
  write_file(tmp_ / "map.txt", "Nom = ignore\nEmail = email\n");
  auto m = run_json({"import", (tmp_ / "l1.csv").string(), "--map", (tmp_ / "map.txt").string()});
  EXPECT_EQ(m["mapping"][0]["field"], "ignore");
}

}  // namespace
}  // namespace coffre::test
