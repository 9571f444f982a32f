// Coffre in French and English (issue 16): the language follows --lang, else LANGUAGE, LC_ALL,
// LC_MESSAGES and LANG; help and messages are translated; --json output and exit codes are the
// same byte for byte whatever the language.
#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace coffre::test {
namespace {

class Language : public CliVault {
 protected:
  CliResult run_env(std::vector<std::string> args, const std::vector<std::string>& env) {
    std::vector<std::string> full{"--vault", vault_dir().string(), "--passphrase-file", pass_file().string()};
    full.insert(full.end(), args.begin(), args.end());
    return run_coffre(full, scratch(), env);
  }
};

TEST_F(Language, HelpIsInFrenchWithLangFrOrAFrenchLocaleAndInEnglishOtherwise) {
  auto fr = run_coffre({"--lang", "fr", "contact", "add", "--help"}, scratch());
  EXPECT_EQ(fr.code, 0) << fr.err;
  EXPECT_NE(fr.out.find("Ajouter un contact"), std::string::npos) << fr.out;
  EXPECT_NE(fr.out.find("Prénom"), std::string::npos) << fr.out;
  EXPECT_EQ(fr.out.find("First name"), std::string::npos) << fr.out;
  // The user's locale, even when fr_FR.UTF-8 is not installed on the machine.
  for (const char* var : {"LANG=fr_FR.UTF-8", "LC_MESSAGES=fr_FR.UTF-8", "LC_ALL=fr_FR.UTF-8", "LANGUAGE=fr"}) {
    auto r = run_coffre({"--help"}, scratch(), {"LANGUAGE=", "LC_ALL=", "LC_MESSAGES=", "LANG=", var});
    EXPECT_EQ(r.code, 0) << var;
    EXPECT_NE(r.out.find("Ajouter, lister, afficher, modifier et supprimer des contacts"), std::string::npos)
        << var << "\n" << r.out;
  }
  // --lang en wins over a French locale; no locale at all is English.
  auto en = run_coffre({"--lang", "en", "--help"}, scratch(), {"LANG=fr_FR.UTF-8", "LANGUAGE=fr"});
  EXPECT_NE(en.out.find("Add, list, show, edit and remove contacts"), std::string::npos) << en.out;
  // LC_ALL=C is how scripts ask for untranslated output, whatever LANGUAGE says (as gettext).
  auto c = run_coffre({"--help"}, scratch(), {"LANGUAGE=fr", "LC_ALL=C", "LANG=fr_FR.UTF-8"});
  EXPECT_NE(c.out.find("Add, list, show, edit and remove contacts"), std::string::npos) << c.out;
  auto none = run_coffre({"--help"}, scratch(), {"LANGUAGE=", "LC_ALL=", "LC_MESSAGES=", "LANG="});
  EXPECT_NE(none.out.find("Add, list, show, edit and remove contacts"), std::string::npos) << none.out;
  // An unknown language is a usage error, said in English since no language was agreed.
  auto bad = run_coffre({"--lang", "de", "--help"}, scratch());
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("\"de\" is not a language (fr or en)"), std::string::npos) << bad.err;
}

TEST_F(Language, MessagesAreTranslated) {
  auto r = run_coffre({"--lang", "fr", "frobnicate"}, scratch());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("commande inconnue « frobnicate » pour coffre"), std::string::npos) << r.err;
}

TEST_F(Language, JsonOutputAndExitCodesAreTheSameInBothLanguages) {
  // A vault with a bit of everything, including accented names and French words typed in.
  auto org = run_json({"org", "add", "Boulangerie Hélène"});
  auto c = run_json({"contact", "add", "--first-name", "Hélène", "--last-name", "Dupré", "--email",
                     "helene@exemple.fr", "--phone", "06 12 34 56 78", "--org", "Boulangerie Hélène",
                     "--temperature", "tiède", "--category", "prospect"});
  const std::string id = std::to_string(c.value("id", 0));
  run_json({"contact", "add", "--first-name", "Marc", "--last-name", "Leroy", "--b2c", "--phone", "0611223344"});
  run_json({"note", "add", id, "Rappeler", "après", "son", "arrêt", "maladie"});
  run_json({"interaction", "add", id, "--outcome", "rappeler", "--follow-up", "2026-12-10", "--summary",
            "Occupé, rappeler", "--at", "2026-11-20T10:00Z"});
  write_file(tmp_ / "notice.txt", "J'accepte de recevoir des offres par e-mail.");
  run_json({"notice", "add", "--version", "v1", "--file", (tmp_ / "notice.txt").string()});
  run_json({"consent", "record", id, "--channel", "email", "--event", "given", "--notice", "v1", "--at",
            "2026-11-02T09:00Z"});
  run_json({"request", "open", "--contact", id, "--type", "access", "--received", "2026-11-25"});
  run_json({"hold", "add", id, "--reason", "litige en cours"});

  const std::vector<std::vector<std::string>> commands = {
      {"contact", "list"},
      {"contact", "show", id},
      {"contact", "show", "9999"},  // not found: the same exit code
      {"org", "list"},
      {"org", "show", std::to_string(org.value("id", 0))},
      {"search", "helene"},
      {"consent", "show", id},
      {"can-contact", id, "--channel", "phone", "--at", "2026-11-28T09:00Z"},
      {"can-contact", id, "--channel", "email", "--at", "2026-11-28T09:00Z"},
      {"notice", "list"},
      {"purpose", "list"},
      {"interaction", "due", "--until", "2026-12-31"},
      {"retention", "policy", "list"},
      {"retention", "plan", "--at", "2030-01-01", "--within", "60d"},
      {"hold", "list"},
      {"request", "list"},
      {"sensitive", "scan"},
      {"suppression", "check", "--email", "helene@exemple.fr"},
      {"doc", "list", id},
      {"plugins", "list"},
      {"data-map"},
      {"register", "show"},
      {"audit", "verify"},
  };
  for (const auto& cmd : commands) {
    auto args = cmd;
    args.push_back("--json");
    auto en_args = args, fr_args = args;
    en_args.insert(en_args.begin(), {"--lang", "en"});
    fr_args.insert(fr_args.begin(), {"--lang", "fr"});
    const auto en = run(en_args);
    const auto fr = run(fr_args);
    // A French user in Paris: neither the locale nor the zone changes a byte of JSON.
    const auto env_fr = run_env(args, {"LANGUAGE=", "LC_ALL=", "LANG=fr_FR.UTF-8", "TZ=Europe/Paris"});
    std::string what;
    for (const auto& a : cmd) what += a + " ";
    EXPECT_EQ(en.code, fr.code) << what;
    EXPECT_EQ(en.code, env_fr.code) << what;
    EXPECT_EQ(en.out, fr.out) << what;
    EXPECT_EQ(en.out, env_fr.out) << what;
    if (en.code == 0) {
      EXPECT_FALSE(en.out.empty()) << what;
    }
  }
}

TEST_F(Language, ValuesShownToPeopleAreInTheirLanguageAndStayEnglishInJson) {
  auto c = run_json({"contact", "add", "--first-name", "Anne", "--last-name", "Abel", "--temperature", "tiède",
                     "--category", "fournisseur"});
  const std::string id = std::to_string(c.value("id", 0));
  ASSERT_EQ(run({"call", id, "--outcome", "rappeler", "--summary", "x"}).code, 0);
  auto fr = run({"--lang", "fr", "contact", "show", id});
  for (const char* word : {"tiède", "fournisseur", "rappeler", "appel"})
    EXPECT_NE(fr.out.find(word), std::string::npos) << word << "\n" << fr.out;
  auto en = run({"--lang", "en", "contact", "show", id});
  for (const char* word : {"warm", "supplier", "call-back"})
    EXPECT_NE(en.out.find(word), std::string::npos) << word << "\n" << en.out;
  auto j = run_json({"--lang", "fr", "contact", "show", id});
  EXPECT_EQ(j["temperature"], "warm");
  EXPECT_EQ(j["category"], "supplier");
  EXPECT_EQ(j["interactions"][0]["outcome"], "call-back");
}

TEST_F(Language, TimesAreLocalWithTheirZoneAndPhonesAsPeopleWriteThem) {
  auto c = run_json({"contact", "add", "--first-name", "Anne", "--last-name", "Abel", "--phone", "0612345678",
                     "--phone", "+32 2 555 12 12"});
  const std::string id = std::to_string(c.value("id", 0));
  ASSERT_EQ(run({"call", id, "--outcome", "call-back", "--at", "2026-11-30T09:01:00Z", "--summary", "x"}).code, 0);
  auto paris = run_env({"contact", "show", id}, {"TZ=Europe/Paris"});
  EXPECT_NE(paris.out.find("2026-11-30 10:01 CET"), std::string::npos) << paris.out;
  EXPECT_NE(paris.out.find("06 12 34 56 78"), std::string::npos) << paris.out;
  EXPECT_NE(paris.out.find("+32 2 555 12 12"), std::string::npos) << paris.out;
  auto utc = run_env({"contact", "show", id}, {"TZ=UTC"});
  EXPECT_NE(utc.out.find("2026-11-30 09:01 UTC"), std::string::npos) << utc.out;
  // JSON stays UTC and E.164 whatever TZ says.
  auto j = run_env({"contact", "show", id, "--json"}, {"TZ=Europe/Paris"});
  EXPECT_EQ(j.json()["phones"][0], "+33612345678") << j.out;
  EXPECT_EQ(j.out, run_env({"contact", "show", id, "--json"}, {"TZ=UTC"}).out);
}

}  // namespace
}  // namespace coffre::test
