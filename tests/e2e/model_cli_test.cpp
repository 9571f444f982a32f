// The model's commands end to end: what scripts read (JSON field names, ids on stdout) and what
// people read (tables, `contact show`).
#include <gtest/gtest.h>

#include <cstdio>

#include "cli_runner.h"

namespace coffre::test {
namespace {

using ModelCli = CliVault;

TEST_F(ModelCli, ContactAddPrintsTheIdAndShowRoundTrips) {
  auto add = run({"contact", "add", "--first-name", "Hélène", "--last-name", "Dupré", "--email",
                  "work:Helene.Dupre@Exemple.FR", "--email", "helene@perso.fr", "--phone", "06 12 34 56 78", "--phone",
                  "mobile:+33 (0)7 11 22 33 44", "--org", "Boulangerie Dupré", "--b2c", "--category", "client",
                  "--temperature", "chaud", "--role", "Gérante", "--source", "Salon 2026", "--address", "Lyon"});
  ASSERT_EQ(add.code, 0) << add.err;
  EXPECT_EQ(add.out, "1\n");
  auto c = run_json({"contact", "show", "1"});
  EXPECT_EQ(c["id"], 1);
  EXPECT_EQ(c["first_name"], "Hélène");
  EXPECT_EQ(c["last_name"], "Dupré");
  EXPECT_EQ(c["emails"], nlohmann::json::array({"helene.dupre@exemple.fr", "helene@perso.fr"}));
  EXPECT_EQ(c["phones"], nlohmann::json::array({"+33612345678", "+33711223344"}));
  EXPECT_EQ(c["emails_detail"][0]["label"], "work");
  EXPECT_EQ(c["phones_detail"][1]["label"], "mobile");
  EXPECT_EQ(c["org_name"], "Boulangerie Dupré");
  EXPECT_EQ(c["kind"], "b2c");
  EXPECT_EQ(c["category"], "client");
  EXPECT_EQ(c["temperature"], "hot");
  EXPECT_EQ(c["role"], "Gérante");
  EXPECT_EQ(c["source"], "Salon 2026");
  EXPECT_EQ(c["address"], "Lyon");
  EXPECT_TRUE(c["last_inbound_at"].is_null());
  EXPECT_TRUE(c["notes"].is_array());
  EXPECT_TRUE(c["interactions"].is_array());
  EXPECT_EQ(c["pseudonym"].get<std::string>().size(), 17u);
}

TEST_F(ModelCli, ListAndSearchGiveContactObjects) {
  ASSERT_EQ(run({"contact", "add", "--first-name", "Hélène", "--last-name", "Dupré", "--email", "h@exemple.fr"}).code, 0);
  ASSERT_EQ(run({"contact", "add", "--first-name", "Jean", "--last-name", "Martin", "--category", "fournisseur"}).code, 0);
  auto list = run_json({"contact", "list"});
  ASSERT_EQ(list.size(), 2u);
  for (const auto& c : list)
    for (const char* key : {"id", "first_name", "last_name", "emails", "phones"}) EXPECT_TRUE(c.contains(key)) << key;
  EXPECT_EQ(list[0]["last_name"], "Dupré");  // sorted by name
  EXPECT_EQ(run_json({"contact", "list", "--category", "supplier"}).size(), 1u);
  auto found = run_json({"search", "helene"})["contacts"];
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["first_name"], "Hélène");
  EXPECT_EQ(found[0]["emails"], nlohmann::json::array({"h@exemple.fr"}));
  EXPECT_TRUE(found[0]["phones"].is_array());
  EXPECT_EQ(run_json({"search", "dupr", "hel"})["contacts"].size(), 1u);
  EXPECT_EQ(run_json({"search", "nobody"})["contacts"].size(), 0u);
  // People get an aligned table.
  auto human = run({"contact", "list"});
  ASSERT_EQ(human.code, 0);
  EXPECT_EQ(human.out.rfind("ID  NAME", 0), 0u) << human.out;
  EXPECT_NE(human.out.find("Hélène Dupré"), std::string::npos);
}

TEST_F(ModelCli, NoteRmRemovesANoteForGood) {
  auto id = run_json({"contact", "add", "--first-name", "Claire", "--last-name", "Roux"})["id"].get<std::int64_t>();
  auto keep = run_json({"note", "add", std::to_string(id), "Intéressée", "par", "le", "devis"})["id"].get<std::int64_t>();
  auto bad = run_json({"note", "add", std::to_string(id), "en", "arrêt", "maladie"})["id"].get<std::int64_t>();
  EXPECT_EQ(run_json({"search", "maladie"})["contacts"].size(), 1u);
  auto r = run({"note", "rm", std::to_string(bad), "--yes"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "Note " + std::to_string(bad) + " removed.\n");
  EXPECT_EQ(run_json({"search", "maladie"})["contacts"].size(), 0u);
  auto shown = run_json({"contact", "show", std::to_string(id)});
  ASSERT_EQ(shown["notes"].size(), 1u);
  EXPECT_EQ(shown["notes"][0]["id"], keep);
  EXPECT_EQ(run({"note", "rm", std::to_string(bad)}).code, 3);  // already gone
  EXPECT_EQ(run({"note", "rm", "abc"}).code, 4);
  EXPECT_EQ(run({"note", "rm"}).code, 1);
  auto j = run_json({"note", "rm", std::to_string(keep), "--yes"});
  EXPECT_EQ(j["id"], keep);
  EXPECT_EQ(j["removed"], true);
  EXPECT_EQ(run({"audit", "verify"}).code, 0);
}

TEST_F(ModelCli, ALongListIsPrintedWhole) {
  // More rows than one printed block (the listing is streamed a thousand rows at a time).
  std::string csv = "Nom;Prénom;E-mail\n";
  for (int i = 0; i < 2500; ++i) {
    char last[32];
    std::snprintf(last, sizeof last, "Nom%04d", 2499 - i);  // the file in reverse name order
    csv += std::string(last) + ";Jean;j" + std::to_string(i) + "@exemple.fr\n";
  }
  write_file(scratch() / "long.csv", csv);
  ASSERT_EQ(run({"-q", "import", (scratch() / "long.csv").string()}).code, 0);
  auto list = run_json({"contact", "list"});
  ASSERT_EQ(list.size(), 2500u);
  for (std::size_t i = 0; i < list.size(); ++i) {
    char last[32];
    std::snprintf(last, sizeof last, "Nom%04zu", i);
    ASSERT_EQ(list[i]["last_name"], last) << i;  // sorted by name, none lost or repeated
  }
  auto human = run({"contact", "list"});
  ASSERT_EQ(human.code, 0);
  std::size_t lines = 0;
  for (char ch : human.out) lines += ch == '\n';
  EXPECT_EQ(lines, 2501u);  // the header once, then every contact
  EXPECT_EQ(human.out.rfind("ID    NAME", 0), 0u) << human.out.substr(0, 200);
  EXPECT_EQ(human.out.find("ID    NAME", 1), std::string::npos);
  EXPECT_NE(human.out.find("Jean Nom2499"), std::string::npos);
  EXPECT_EQ(run_json({"contact", "list", "--offset", "2490", "-n", "5"}).size(), 5u);
  auto none = run({"contact", "list", "--category", "client"});
  EXPECT_EQ(none.out, "No contacts.\n");
  EXPECT_EQ(run_json({"contact", "list", "--category", "client"}), nlohmann::json::array());
}

TEST_F(ModelCli, NotesAndInteractionsShowUpAndInboundMovesTheClock) {
  ASSERT_EQ(run({"contact", "add", "--first-name", "Marc", "--last-name", "Moreau", "--org", "Transports Legrand"}).code, 0);
  auto note = run({"note", "add", "1", "Cherche", "un", "entrepôt"});
  ASSERT_EQ(note.code, 0) << note.err;
  EXPECT_EQ(note.out, "1\n");
  ASSERT_EQ(run({"call", "1", "--outcome", "pas de réponse", "--follow-up", "+2d", "--at", "2026-01-05 10:00"}).code, 0);
  ASSERT_EQ(run({"email", "1", "--inbound", "--summary", "Demande un devis", "--at", "2026-01-06"}).code, 0);
  auto added = run_json({"interaction", "add", "1", "--kind", "rdv", "--outcome", "project", "--at", "2026-01-07"});
  EXPECT_EQ(added["id"], 3);
  auto c = run_json({"contact", "show", "1"});
  EXPECT_EQ(c["last_inbound_at"], "2026-01-06T00:00:00Z");
  ASSERT_EQ(c["notes"].size(), 1u);
  EXPECT_EQ(c["notes"][0]["body"], "Cherche un entrepôt");
  ASSERT_EQ(c["interactions"].size(), 3u);
  EXPECT_EQ(c["interactions"][0]["kind"], "call");
  EXPECT_EQ(c["interactions"][0]["outcome"], "no-answer");
  EXPECT_EQ(c["interactions"][0]["direction"], "outbound");
  EXPECT_EQ(c["interactions"][1]["direction"], "inbound");
  EXPECT_EQ(c["interactions"][1]["summary"], "Demande un devis");
  EXPECT_EQ(c["interactions"][2]["kind"], "meeting");
  EXPECT_EQ(run_json({"search", "entrepot"})["contacts"].size(), 1u);

  auto show = run({"contact", "show", "1"});
  ASSERT_EQ(show.code, 0);
  for (const char* expected : {"Marc Moreau", "Transports Legrand", "Category", "prospect", "Temperature",
                               "Last inbound   2026-01-06", "Notes (1)", "Cherche un entrepôt", "Interactions (3)",
                               "no-answer", "Demande un devis"})
    EXPECT_NE(show.out.find(expected), std::string::npos) << expected << "\n" << show.out;
}

TEST_F(ModelCli, FollowUpsDue) {
  ASSERT_EQ(run({"contact", "add", "--first-name", "Anne", "--last-name", "Abel", "--phone", "0102030405"}).code, 0);
  ASSERT_EQ(run({"call", "1", "--outcome", "call-back", "--follow-up", "yesterday", "--summary", "Rappeler mardi"}).code, 0);
  auto due = run_json({"interaction", "due"});
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0]["outcome"], "call-back");
  EXPECT_EQ(due[0]["contact"]["first_name"], "Anne");
  auto human = run({"interaction", "due"});
  // People read the number as they write it; --json keeps E.164.
  EXPECT_NE(human.out.find("01 02 03 04 05"), std::string::npos) << human.out;
  EXPECT_EQ(due[0]["contact"]["phones"][0], "+33102030405");
  ASSERT_EQ(run({"call", "1", "--outcome", "meeting"}).code, 0);
  EXPECT_EQ(run_json({"interaction", "due"}).size(), 0u);
}

TEST_F(ModelCli, OrganisationsAndEdits) {
  auto org = run_json({"org", "add", "Société Générale", "--siren", "552 120 222", "--sector", "Banque"});
  EXPECT_EQ(org["id"], 1);
  EXPECT_EQ(run({"org", "add", "SOCIÉTÉ GÉNÉRALE"}).code, 4);  // already there
  ASSERT_EQ(run({"contact", "add", "--first-name", "Paul", "--org", "société générale"}).code, 0);
  ASSERT_EQ(run({"note", "add", "--org", "1", "Banque historique"}).code, 0);
  auto o = run_json({"org", "show", "1"});
  EXPECT_EQ(o["name"], "Société Générale");
  EXPECT_EQ(o["siren"], "552120222");
  EXPECT_EQ(o["sector"], "Banque");
  ASSERT_EQ(o["contacts"].size(), 1u);
  EXPECT_EQ(o["contacts"][0]["first_name"], "Paul");
  ASSERT_EQ(o["notes"].size(), 1u);
  auto orgs = run_json({"org", "list"});
  ASSERT_EQ(orgs.size(), 1u);
  for (const char* key : {"id", "name", "siren", "siret", "sector", "address"}) EXPECT_TRUE(orgs[0].contains(key));
  EXPECT_EQ(run_json({"contact", "list", "--org", "SOCIÉTÉ générale"}).size(), 1u);
  EXPECT_EQ(run({"contact", "list", "--org", "Nowhere"}).code, 3);

  ASSERT_EQ(run({"contact", "edit", "1", "--last-name", "Durand", "--email", "paul@durand.fr", "--temperature", "tiède"}).code,
            0);
  auto c = run_json({"contact", "show", "1"});
  EXPECT_EQ(c["last_name"], "Durand");
  EXPECT_EQ(c["emails"], nlohmann::json::array({"paul@durand.fr"}));
  EXPECT_EQ(c["temperature"], "warm");
  EXPECT_EQ(c["org_name"], "Société Générale");
  EXPECT_EQ(run({"contact", "edit", "1", "--email", "broken"}).code, 4);
  EXPECT_EQ(run_json({"contact", "show", "1"})["emails"], nlohmann::json::array({"paul@durand.fr"}));

  auto rm = run({"contact", "rm", "1", "--yes"});
  ASSERT_EQ(rm.code, 0) << rm.err;
  EXPECT_EQ(run({"contact", "show", "1"}).code, 3);
  EXPECT_EQ(run_json({"search", "durand"})["contacts"].size(), 0u);
  EXPECT_EQ(run({"audit", "verify"}).code, 0);
}

}  // namespace
}  // namespace coffre::test

namespace coffre::test {
namespace {

// Issue 9, item 10: special-category data is flagged on every write, listed vault-wide, and can
// be taken out of one note or of all of them.
TEST_F(ModelCli, SpecialCategoryWordsAreFlaggedOnEveryWrite) {
  auto id = run_json({"contact", "add", "--first-name", "Claire", "--last-name", "Roux"})["id"].get<std::int64_t>();
  const std::string cid = std::to_string(id);
  // note add: the id on stdout as before, a warning on stderr, exit 0.
  auto add = run({"note", "add", cid, "En arrêt maladie jusqu'en juin"});
  ASSERT_EQ(add.code, 0) << add.err;
  EXPECT_EQ(add.out, "1\n");
  EXPECT_NE(add.err.find("WARNING: note 1 mentions special-category data"), std::string::npos) << add.err;
  EXPECT_NE(add.err.find("\"arrêt maladie\" (health)"), std::string::npos) << add.err;
  EXPECT_NE(add.err.find("coffre note redact 1 --word \"arrêt maladie\""), std::string::npos) << add.err;
  auto j = run_json({"note", "add", cid, "Délégué", "syndical", "CGT"});
  EXPECT_EQ(j["id"], 2);
  ASSERT_EQ(j["special_categories"].size(), 2u);
  EXPECT_EQ(j["special_categories"][0]["word"], "délégué syndical");
  EXPECT_EQ(j["special_categories"][0]["category"], "trade-union");
  EXPECT_EQ(j["special_categories"][1]["word"], "CGT");
  EXPECT_EQ(run_json({"note", "add", cid, "Rappeler lundi"})["special_categories"].size(), 0u);
  // An interaction's summary, and contact edit.
  auto call = run_json({"call", cid, "--summary", "Hospitalisée. Rappeler en mai"});
  ASSERT_EQ(call["special_categories"].size(), 1u);
  EXPECT_EQ(call["special_categories"][0]["source"], "interaction");
  auto edit = run({"contact", "edit", cid, "--role", "Militante associative"});
  ASSERT_EQ(edit.code, 0) << edit.err;
  EXPECT_NE(edit.err.find("WARNING: contact " + cid + " (role)"), std::string::npos) << edit.err;
  EXPECT_EQ(run_json({"contact", "edit", cid, "--role", "Gérante"})["special_categories"].size(), 0u);
  EXPECT_EQ(run_json({"contact", "edit", cid, "--role", "Militant"})["special_categories"][0]["category"], "politics");

  // sensitive scan lists every hit.
  auto scan = run_json({"sensitive", "scan"});
  EXPECT_EQ(scan["count"], 5);
  ASSERT_EQ(scan["hits"].size(), 5u);
  EXPECT_EQ(scan["hits"][0]["source"], "contact");
  EXPECT_EQ(scan["hits"][0]["field"], "role");
  EXPECT_EQ(scan["hits"][1]["source"], "note");
  EXPECT_EQ(scan["hits"][1]["id"], 1);
  EXPECT_EQ(scan["hits"][1]["contact_id"], id);
  EXPECT_EQ(scan["hits"][4]["source"], "interaction");
  auto human = run({"sensitive", "scan"});
  ASSERT_EQ(human.code, 0);
  EXPECT_NE(human.out.find("arrêt maladie"), std::string::npos) << human.out;

  // contact show prints the notes' ids, which note edit / redact / rm take.
  auto show = run({"contact", "show", cid});
  EXPECT_NE(show.out.find("  #1  "), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("  #3  "), std::string::npos) << show.out;

  // note redact: without a terminal and without --yes it refuses; a word not there is exit 3.
  EXPECT_EQ(run({"note", "redact", "1", "--word", "maladie"}).code, 1);
  EXPECT_EQ(run({"note", "redact", "1", "--word", "syndicat", "--yes"}).code, 3);
  auto red = run_json({"note", "redact", "2", "--word", "CGT", "--word-only", "--yes"});
  EXPECT_EQ(red["text"], "Délégué syndical");
  EXPECT_FALSE(red["removed"].get<bool>());
  // note edit replaces the text.
  auto ed = run({"note", "edit", "2", "Veut", "un", "devis"});
  ASSERT_EQ(ed.code, 0) << ed.err;
  EXPECT_EQ(ed.out, "Note 2 edited.\n");
  EXPECT_EQ(run_json({"contact", "show", cid})["notes"][1]["body"], "Veut un devis");

  // sensitive redact --all: refuses without --yes off a terminal, then takes out what is left.
  EXPECT_EQ(run({"sensitive", "redact", "--all"}).code, 1);
  auto all = run_json({"sensitive", "redact", "--all", "--yes"});
  EXPECT_EQ(all["notes_removed"], 1);        // "En arrêt maladie jusqu'en juin": nothing left
  EXPECT_EQ(all["summaries_rewritten"], 1);
  ASSERT_EQ(all["left"].size(), 1u);         // the role: contact edit's to change
  EXPECT_EQ(all["left"][0]["field"], "role");
  auto after = run_json({"sensitive", "scan"});
  EXPECT_EQ(after["count"], 1);
  auto shown = run_json({"contact", "show", cid});
  EXPECT_EQ(shown["notes"].size(), 2u);
  EXPECT_EQ(shown["interactions"][0]["summary"], "Rappeler en mai");
  auto audit = run({"audit", "verify"});
  EXPECT_EQ(audit.code, 0) << audit.err;
}

}  // namespace
}  // namespace coffre::test
