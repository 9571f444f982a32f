// Coffre in French and English (issue 16): the language follows --lang, else LANGUAGE, LC_ALL,
// LC_MESSAGES and LANG; help and messages are translated; --json output and exit codes are the
// same byte for byte whatever the language.
#include <nlohmann/json.hpp>

#include <regex>

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

// CLI11's own parse errors: French under --lang fr, CLI11's English text unchanged otherwise.
TEST_F(Language, ParseErrorsAreInFrench) {
  struct Case {
    std::vector<std::string> args;
    const char* fr;
    const char* en;
  };
  const Case cases[] = {
      {{"contact", "list", "--limit", "abc"}, "Valeur non valable pour --limit : abc\n",
       "Could not convert: --limit = abc\n"},
      {{"shred", "--passes", "99", "x"}, "--passes : la valeur 99 n'est pas entre 1 et 35\n",
       "--passes: Value 99 not in range 1 to 35\n"},
      {{"contact", "list", "extra"}, "Argument inattendu : extra\n", "The following argument was not expected: extra\n"},
      {{"erase"}, "ID est obligatoire\n", "ID is required\n"},
      {{"import", "--format", "pdf", "x.csv"}, "--format : pdf n'est pas parmi {auto,csv,xlsx,vcard}\n",
       "--format: pdf not in {auto,csv,xlsx,vcard}\n"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> fr_args{"--lang", "fr"}, en_args{"--lang", "en"};
    fr_args.insert(fr_args.end(), c.args.begin(), c.args.end());
    en_args.insert(en_args.end(), c.args.begin(), c.args.end());
    auto fr = run_coffre(fr_args, scratch());
    auto en = run_coffre(en_args, scratch());
    EXPECT_EQ(fr.code, 1) << fr.err;
    EXPECT_EQ(en.code, 1) << en.err;
    EXPECT_EQ(fr.err, std::string(c.fr) + "Lancez avec --help pour en savoir plus.\n");
    EXPECT_EQ(en.err, std::string(c.en) + "Run with --help for more information.\n");
  }
}

// Runs `coffre --lang fr ARGS` on the fixture's vault.
#define FR(...) run(with_lang("fr", {__VA_ARGS__}))
#define EN(...) run(with_lang("en", {__VA_ARGS__}))

std::vector<std::string> with_lang(const char* lang, std::vector<std::string> args) {
  args.insert(args.begin(), {"--lang", lang});
  return args;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(Language, ErrorsPeopleMeetMostAreInFrench) {
  // A wrong passphrase: the exit code does not change, the words do.
  write_file(tmp_ / "wrong", "pas la bonne phrase\n");
  const std::vector<std::string> wrong{"--vault", vault_dir().string(), "--passphrase-file", (tmp_ / "wrong").string(),
                                       "--no-agent", "contact", "list"};
  auto fr = run_coffre(with_lang("fr", wrong), scratch());
  EXPECT_EQ(fr.code, 2);
  EXPECT_EQ(fr.err, "coffre: phrase de passe incorrecte ou ce n'est pas un coffre Coffre\n");
  auto en = run_coffre(with_lang("en", wrong), scratch());
  EXPECT_EQ(en.code, 2);
  EXPECT_EQ(en.err, "coffre: wrong passphrase or not a Coffre vault\n");
  // A French locale, not only --lang.
  auto locale = run_coffre(wrong, scratch(), {"LANGUAGE=", "LC_ALL=", "LANG=fr_FR.UTF-8"});
  EXPECT_EQ(locale.err, fr.err);

  // No vault there.
  auto none = run_coffre({"--lang", "fr", "--vault", (tmp_ / "nulle-part").string(), "--passphrase-file",
                          pass_file().string(), "--no-agent", "contact", "list"},
                         scratch());
  EXPECT_EQ(none.code, 3);
  EXPECT_TRUE(has(none.err, "aucun coffre Coffre dans " + (tmp_ / "nulle-part").string() +
                                " (pas de fichier d'emplacements de clé ; créez-en un avec `coffre init`)"))
      << none.err;
  // A vault that already exists.
  auto again = run_coffre({"--lang", "fr", "--vault", vault_dir().string(), "--passphrase-file", pass_file().string(),
                           "init", "--kdf-ops", "1", "--kdf-mem-mib", "8", "--weak-kdf"},
                          scratch());
  EXPECT_EQ(again.code, 4);
  EXPECT_TRUE(has(again.err, "impossible de créer un coffre dans " + vault_dir().string() +
                                 " : le dossier n'est pas vide"))
      << again.err;

  // No such contact; an id that is not a number; options that exclude each other.
  auto missing = FR("contact", "show", "9999");
  EXPECT_EQ(missing.code, 3);
  EXPECT_EQ(missing.err, "coffre: aucun contact avec l'identifiant 9999\n");
  EXPECT_EQ(EN("contact", "show", "9999").err, "coffre: no contact with id 9999\n");
  auto not_id = FR("contact", "show", "douze");
  EXPECT_EQ(not_id.code, 4);
  EXPECT_EQ(not_id.err, "coffre: contact : l'identifiant doit être un nombre, pas « douze »\n");
  auto both = FR("contact", "add", "--last-name", "Abel", "--b2b", "--b2c");
  EXPECT_EQ(both.code, 1);
  EXPECT_TRUE(has(both.err, "--b2b et --b2c s'excluent l'un l'autre")) << both.err;
  auto date = FR("interaction", "add", "1", "--at", "hier soir");
  EXPECT_EQ(date.code, 4);
  EXPECT_TRUE(has(date.err, "--at : date invalide « hier soir » (AAAA-MM-JJ")) << date.err;

  // Consent and request errors.
  auto c = run_json({"contact", "add", "--last-name", "Abel", "--email", "abel@exemple.fr"});
  const std::string id = std::to_string(c.value("id", 0));
  auto channel = FR("consent", "record", id, "--channel", "pigeon", "--event", "given");
  EXPECT_EQ(channel.code, 4);
  EXPECT_EQ(channel.err, "coffre: --channel : canal inconnu « pigeon » (email, sms, phone, post)\n");
  auto notice = FR("consent", "record", id, "--channel", "email", "--event", "given", "--notice", "v9");
  EXPECT_EQ(notice.code, 3);
  EXPECT_EQ(notice.err, "coffre: aucune mention d'information de version « v9 » (coffre notice list)\n");
  auto type = FR("request", "open", "--contact", id, "--type", "bavardage", "--received", "2026-11-02");
  EXPECT_EQ(type.code, 4);
  EXPECT_TRUE(has(type.err, "--type : type de demande inconnu « bavardage »")) << type.err;
  auto no_request = FR("request", "show", "42");
  EXPECT_EQ(no_request.code, 3);
  EXPECT_EQ(no_request.err, "coffre: aucune demande avec l'identifiant 42\n");
  auto opened = run_json({"request", "open", "--contact", id, "--type", "access", "--received", "2026-11-02"});
  const std::string req = std::to_string(opened.value("id", 0));
  ASSERT_EQ(run({"request", "close", req}).code, 0);
  auto closed = FR("request", "extend", req, "--months", "1", "--reason", "volume");
  EXPECT_EQ(closed.code, 4);
  EXPECT_EQ(closed.err, "coffre: la demande " + req + " est close : impossible de la prolonger\n");

  // Backup errors.
  write_file(tmp_ / "existe.coffre", "x");
  auto exists = FR("backup", "create", (tmp_ / "existe.coffre").string());
  EXPECT_EQ(exists.code, 4);
  EXPECT_EQ(exists.err, "coffre: " + (tmp_ / "existe.coffre").string() + " existe déjà : il n'est pas remplacé\n");
  auto prune = FR("backup", "prune", (tmp_ / "pas-de-dossier").string(), "--keep", "90d");
  EXPECT_EQ(prune.code, 3);
  EXPECT_TRUE(has(prune.err, (tmp_ / "pas-de-dossier").string() + " : dossier introuvable")) << prune.err;
}

TEST_F(Language, AnImportErrorNamesFileLineAndFieldInFrench) {
  const auto csv = tmp_ / "prospects.csv";
  write_file(csv, "Prénom;Nom;Email\nHélène;Dupré;helene@exemple.fr\nMarc;Leroy;pas-une-adresse\n");
  auto fr = FR("import", csv.string());
  EXPECT_EQ(fr.code, 4);
  EXPECT_EQ(fr.err, "coffre: prospects.csv"
                    " : ligne 3, colonne 3 (Email) : « pas-une-adresse » n'est pas une adresse e-mail valide (rien "
                        "n'a été importé ; --skip-invalid importe les lignes valides et signale les autres)\n");
  auto en = EN("import", csv.string());
  EXPECT_EQ(en.code, 4);
  EXPECT_EQ(en.err, "coffre: prospects.csv"
                    ": line 3, column 3 (Email): \"pas-une-adresse\" is not a valid e-mail address (nothing was "
                        "imported; --skip-invalid imports the valid rows and reports the others)\n");
  // A file that is not there.
  auto gone = FR("import", (tmp_ / "absent.csv").string());
  EXPECT_EQ(gone.code, 3);
  EXPECT_EQ(gone.err, "coffre: fichier introuvable : " + (tmp_ / "absent.csv").string() + "\n");
  // With --skip-invalid: the summary is French, the rejected row names its line, column and field
  // (its reason stays as the JSON and the reject report say it); the JSON keeps the English reason.
  auto skip = FR("import", csv.string(), "--skip-invalid", "--dry-run", "--basis", "intérêt-légitime");
  EXPECT_EQ(skip.code, 0) << skip.err;
  EXPECT_TRUE(has(skip.out, "Essai de prospects.csv : rien n'a été écrit.")) << skip.out;
  EXPECT_TRUE(has(skip.out, "base légale intérêt légitime")) << skip.out;
  EXPECT_TRUE(has(skip.out, "ajouterait 1, fusionnés 0, rejetés 1, exclus 0 (sur 2 lignes)")) << skip.out;
  EXPECT_TRUE(has(skip.out, "rejetée : ligne 3, colonne 3 (Email) : ")) << skip.out;
  auto j = run_json({"--lang", "fr", "import", csv.string(), "--skip-invalid", "--dry-run"});
  ASSERT_EQ(j["rejected_rows"].size(), 1u) << j.dump();
  EXPECT_EQ(j["rejected_rows"][0]["line"], 3);
  EXPECT_EQ(j["rejected_rows"][0]["reason"], "\"pas-une-adresse\" is not a valid e-mail address");
}

TEST_F(Language, ConfirmationsAndSummariesAreInFrench) {
  auto c = run_json({"contact", "add", "--first-name", "Anne", "--last-name", "Abel", "--email", "anne@exemple.fr"});
  const std::string id = std::to_string(c.value("id", 0));
  auto edit = FR("contact", "edit", id, "--temperature", "chaud");
  EXPECT_EQ(edit.code, 0) << edit.err;
  EXPECT_EQ(edit.out, "Contact " + id + " modifié\n");
  auto note = run_json({"note", "add", id, "Rappeler", "lundi"});
  const std::string note_id = std::to_string(note.value("id", 0));
  auto rm_note = FR("note", "rm", note_id, "--yes");
  EXPECT_EQ(rm_note.code, 0) << rm_note.err;
  EXPECT_EQ(rm_note.out, "Note " + note_id + " supprimée.\n");
  auto none = FR("search", "zorglub");
  EXPECT_EQ(none.out, "Aucun contact ne correspond à « zorglub ».\n");

  // contact rm and erase: the confirmation after the erasure.
  auto rm = FR("contact", "rm", id, "--yes");
  EXPECT_EQ(rm.code, 0) << rm.err;
  EXPECT_EQ(rm.out, "Contact " + id + " effacé\n");
  EXPECT_EQ(EN("contact", "list").out, "No contacts.\n");
  EXPECT_EQ(FR("contact", "list").out, "Aucun contact.\n");
  auto b = run_json({"contact", "add", "--last-name", "Bernard", "--email", "bernard@exemple.fr"});
  const std::string bid = std::to_string(b.value("id", 0));
  auto erase = FR("erase", bid, "--yes", "--reason", "request");
  EXPECT_EQ(erase.code, 0) << erase.err;
  EXPECT_TRUE(has(erase.err, "Contact " + bid + " effacé (sujet ")) << erase.err;
  EXPECT_TRUE(has(erase.err, ", ajouté à la liste d'exclusion.")) << erase.err;
  // The certificate on stdout is the signed JSON: never translated.
  EXPECT_EQ(nlohmann::json::parse(erase.out)["certificate"]["reason"], "request") << erase.out;
  // Without a terminal and without --yes, the refusal says what would go, in French.
  auto c2 = run_json({"contact", "add", "--last-name", "Claude", "--org", "Boulangerie Hélène"});
  const std::string cid = std::to_string(c2.value("id", 0));
  auto refused = FR("contact", "rm", cid);
  EXPECT_EQ(refused.code, 1);
  EXPECT_TRUE(has(refused.err, "Effacer contact " + cid + ", Claude (Boulangerie Hélène) et tout ce qui le concerne "
                                   "(notes, échanges, documents) : "))
      << refused.err;
}

TEST_F(Language, RetentionPlanAndHoldsAreInFrench) {
  ASSERT_EQ(run({"contact", "add", "--last-name", "Ancien", "--email", "ancien@exemple.fr", "--collected", "2021-03-01"})
                .code,
            0);
  ASSERT_EQ(run({"contact", "add", "--last-name", "Garde", "--email", "garde@exemple.fr", "--collected", "2021-03-01"})
                .code,
            0);
  ASSERT_EQ(run({"hold", "add", "2", "--reason", "litige en cours"}).code, 0);
  auto plan = FR("retention", "plan", "--at", "2026-12-01");
  EXPECT_EQ(plan.code, 0) << plan.err;
  EXPECT_TRUE(has(plan.out, "1 à effacer au 2026-12-01 (version de la politique ")) << plan.out;
  EXPECT_TRUE(has(plan.out, "  contact 1 (prospect, professionnel) à effacer le 2024-03-01 : default:prospect, ")) << plan.out;
  EXPECT_TRUE(has(plan.out, ", délai compté depuis le 2021-03-01 (collecte)")) << plan.out;
  EXPECT_TRUE(has(plan.out, "1 à effacer mais sous gel juridique :\n  contact 2 à effacer le 2024-03-01 : litige en cours\n"))
      << plan.out;
  EXPECT_TRUE(has(plan.out, "Effacez-les avec : coffre retention run\n")) << plan.out;
  EXPECT_FALSE(has(plan.out, "due")) << plan.out;
  auto en = EN("retention", "plan", "--at", "2026-12-01");
  EXPECT_TRUE(has(en.out, "  contact 1 (prospect, b2b) due 2024-03-01: default:prospect, ")) << en.out;
  EXPECT_TRUE(has(en.out, "Erase them with: coffre retention run\n")) << en.out;

  auto policies = FR("retention", "policy", "list");
  EXPECT_TRUE(has(policies.out, "prospect : effacé 36 mois après : dernier contact entrant  [")) << policies.out;
  EXPECT_TRUE(has(policies.out, "3 ans à compter de la collecte ou du dernier contact du prospect]")) << policies.out;
  auto holds = FR("hold", "list");
  EXPECT_TRUE(has(holds.out, "contact 2 : litige en cours (depuis le ")) << holds.out;
  auto refused = FR("erase", "2", "--yes", "--reason", "manual");
  EXPECT_EQ(refused.code, 4);
  EXPECT_TRUE(has(refused.err, "sous gel juridique, donc non effacé : contact 2 (litige en cours). Rien n'a été effacé"))
      << refused.err;
  EXPECT_EQ(FR("hold", "rm", "2").out, "Gel juridique levé pour le contact 2.\n");
  EXPECT_EQ(FR("hold", "list").out, "Aucun gel juridique.\n");
}

TEST_F(Language, ConsentAndRequestValuesAreInFrench) {
  auto c = run_json({"contact", "add", "--first-name", "Anne", "--last-name", "Abel", "--email", "anne@exemple.fr",
                     "--b2c"});
  const std::string id = std::to_string(c.value("id", 0));
  write_file(tmp_ / "notice.txt", "J'accepte de recevoir des offres par e-mail.");
  ASSERT_EQ(run({"notice", "add", "--version", "v1", "--file", (tmp_ / "notice.txt").string()}).code, 0);
  ASSERT_EQ(run({"consent", "record", id, "--channel", "email", "--event", "given", "--notice", "v1", "--method",
                 "web-form", "--at", "2026-11-02T09:00Z"})
                .code,
            0);
  ASSERT_EQ(run({"consent", "record", id, "--channel", "sms", "--event", "withdrawn", "--at", "2026-11-03T09:00Z"}).code,
            0);
  auto show = FR("consent", "show", id);
  EXPECT_EQ(show.code, 0) << show.err;
  EXPECT_TRUE(has(show.out, "Historique (2 événements)\n")) << show.out;
  EXPECT_TRUE(has(show.out, "  donné  e-mail  prospecting  formulaire web  mention v1")) << show.out;
  EXPECT_TRUE(has(show.out, "  retiré  SMS  prospecting")) << show.out;
  EXPECT_TRUE(has(show.out, "État\n")) << show.out;
  EXPECT_TRUE(has(show.out, "  e-mail  prospecting  donné depuis le 2026-11-02 09:00 UTC\n")) << show.out;
  auto en = EN("consent", "show", id);
  EXPECT_TRUE(has(en.out, "  email  prospecting  given since 2026-11-02 09:00 UTC\n")) << en.out;

  auto yes = FR("can-contact", id, "--channel", "email", "--at", "2026-11-28T09:00Z");
  EXPECT_EQ(yes.code, 0) << yes.err;
  EXPECT_TRUE(has(yes.out, "oui (email-b2c-consent) : consentement donné pour prospecting par e-mail\n")) << yes.out;
  // A reason naming a channel, a day and an event: French for people, English in --json.
  auto sms = FR("can-contact", id, "--channel", "sms", "--at", "2026-11-28T09:00Z");
  EXPECT_EQ(sms.code, 6) << sms.err;
  EXPECT_TRUE(has(sms.out, "non (withdrawn) : la personne a retiré son consentement pour prospecting par SMS le 2026-11-03 "
                           "(événement "))
      << sms.out;
  auto sms_raw = run({"--lang", "fr", "--json", "can-contact", id, "--channel", "sms", "--at", "2026-11-28T09:00Z"});
  EXPECT_EQ(sms_raw.code, 6) << sms_raw.err;
  const auto sms_json = nlohmann::json::parse(sms_raw.out);
  EXPECT_TRUE(sms_json["reason"].get<std::string>().rfind("the person withdrew consent for prospecting on sms on 2026-11-03 (event ", 0) == 0)
      << sms_json.dump();
  // A consumer called on a Saturday.
  auto phone = FR("can-contact", id, "--channel", "phone", "--at", "2026-11-28T09:00Z");
  EXPECT_EQ(phone.code, 6) << phone.err;
  EXPECT_TRUE(has(phone.out, "non (phone-b2c-consent) : depuis le 11 août 2026, appeler un consommateur demande son "
                             "consentement préalable, et il n'y en a aucun pour prospecting\n"))
      << phone.out;
  EXPECT_TRUE(has(yes.out, "\n  source : CPCE art. L34-5 (modifié par la loi n° 2004-575 du 21 juin 2004)")) << yes.out;
  auto post = FR("can-contact", id, "--channel", "post", "--at", "2026-11-28T09:00Z");
  EXPECT_EQ(post.out, "oui (post) : le courrier est permis sauf opposition de la personne\n  source : RGPD art. 21(2)-(3) "
                      "(règlement (UE) 2016/679 du 27 avril 2016)\n");
  // The JSON answer keeps the English reason and source.
  auto j = run_json({"--lang", "fr", "can-contact", id, "--channel", "post", "--at", "2026-11-28T09:00Z"});
  EXPECT_EQ(j["reason"], "post is allowed unless the person objected");

  auto opened = FR("request", "open", "--contact", id, "--type", "erasure", "--received", "2026-11-25");
  EXPECT_EQ(opened.code, 0) << opened.err;
  EXPECT_TRUE(has(opened.err, "Demande 1 (effacement) du contact " + id + " : reçue le 2026-11-25, échéance le 2026-12-25 ("))
      << opened.err;
  auto list = FR("request", "list");
  EXPECT_TRUE(has(list.out, "1  effacement  contact " + id + "  reçue le 2026-11-25  échéance le 2026-12-25  ")) << list.out;
  auto shown = FR("request", "show", "1");
  EXPECT_TRUE(has(shown.out, "Demande 1 : effacement, de contact " + id + ", sujet ")) << shown.out;
  EXPECT_TRUE(has(shown.out, "\n  reçue le   2026-11-25\n  échéance   2026-12-25\n  statut     ")) << shown.out;
  EXPECT_EQ(run_json({"--lang", "fr", "request", "show", "1"})["type"], "erasure");
  auto closed = FR("request", "close", "1");
  EXPECT_TRUE(has(closed.out, "Demande 1 close dans les délais (2026-12-25).")) << closed.out;
  EXPECT_TRUE(has(FR("request", "list").out, "  close\n")) << FR("request", "list").out;
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
      {"check"},
      {"import", "list"},
      {"schedule", "status"},
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

  // Write commands, run in English on this vault and in French (a French user in Paris) on a second
  // vault made the same way: the same JSON once what differs between two vaults is masked (times
  // of the run, pseudonyms, hashes and signatures, the vault's own paths), and the same exit codes.
  const auto en_vault = tmp_ / "vault-en", fr_vault = tmp_ / "vault-fr";
  for (const auto& v : {en_vault, fr_vault})
    ASSERT_EQ(run_coffre({"--vault", v.string(), "--passphrase-file", pass_file().string(), "init", "--kdf-ops", "1",
                          "--kdf-mem-mib", "8", "--weak-kdf"},
                         scratch())
                  .code,
              0);
  auto in_vault = [&](const std::filesystem::path& vault, const std::vector<std::string>& env,
                      std::vector<std::string> args) {
    std::vector<std::string> full{"--vault", vault.string(), "--passphrase-file", pass_file().string()};
    full.insert(full.end(), args.begin(), args.end());
    full.push_back("--json");
    return run_coffre(full, scratch(), env);
  };
  auto mask = [&](std::string s) {
    for (const auto& dir : {fr_vault.string(), en_vault.string()})
      for (std::size_t p; (p = s.find(dir)) != std::string::npos;) s.replace(p, dir.size(), "VAULT");
    static const std::regex kTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"), kHex("[0-9a-f]{16,}"),
        kBatch(R"(\d{8}-[0-9a-f]{6})"), kSubject("\"subject\":\"[^\"]*\""),
        kSignature("\"signature\":\"[^\"]*\""), kUnix(R"(_unix":\d+)"),
        kFingerprint("\"signing_key_fingerprint\":\"[^\"]*\""), kSeconds(R"("seconds":[0-9.e-]+)");
    s = std::regex_replace(s, kTime, "TIME");
    s = std::regex_replace(s, kHex, "HEX");
    s = std::regex_replace(s, kBatch, "BATCH");
    s = std::regex_replace(s, kSubject, "\"subject\":\"SUBJECT\"");
    s = std::regex_replace(s, kSignature, "\"signature\":\"SIGNATURE\"");
    s = std::regex_replace(s, kUnix, "_unix\":UNIX");
    s = std::regex_replace(s, kFingerprint, "\"signing_key_fingerprint\":\"FINGERPRINT\"");
    s = std::regex_replace(s, kSeconds, "\"seconds\":SECONDS");
    return s;
  };
  write_file(tmp_ / "prospects.csv", "Prénom;Nom;Email;Société\nLuc;Martin;luc@exemple.fr;Garage Martin\n"
                                     "Zoé;Petit;pas-une-adresse;\n");
  // Texts built for people and for JSON at once: an importer plugin's row problem, the importer's
  // warnings, a consent file's refusals, can-contact's reasons, the shredder's note.
  write_file(tmp_ / "inegal.csv", "Nom;Email;Ville\nDupont;dupont@exemple.fr\nMartin;martin@exemple.fr;Lyon\n");
  write_file(tmp_ / "telephones.csv", "Nom;Téléphone;Type\nDurand;12;inconnu\n");
  write_file(tmp_ / "desinscrits.csv", "EMAIL;UNSUBSCRIBED_AT\npas-une-adresse;2026-11-20 09:00:00\n"
                                       "inconnu@exemple.fr;2026-11-21 09:00:00\n");
  std::filesystem::create_directories(tmp_ / "un-dossier");
  const std::vector<std::vector<std::string>> writes = {
      {"contact", "add", "--first-name", "Luc", "--last-name", "Blanc", "--temperature", "chaud", "--category", "client"},
      {"contact", "add", "--last-name", "Rouge", "--b2b", "--b2c"},  // a usage error: the same exit code
      {"contact", "edit", "1", "--temperature", "froid", "--email", "luc.blanc@exemple.fr"},
      {"contact", "edit", "9999", "--temperature", "froid"},
      {"note", "add", "1", "Devis", "envoyé"},
      {"interaction", "add", "1", "--outcome", "pas-de-réponse", "--at", "2026-11-20T10:00Z"},
      {"notice", "add", "--version", "v1", "--file", (tmp_ / "notice.txt").string()},
      {"purpose", "add", "newsletter", "--description", "La lettre du mois"},
      {"consent", "record", "1", "--channel", "courriel", "--event", "donné", "--notice", "v1", "--at",
       "2026-11-02T09:00Z"},
      {"consent", "record", "1", "--channel", "pigeon", "--event", "given"},
      {"request", "open", "--contact", "1", "--type", "access", "--received", "2026-11-25"},
      {"request", "extend", "1", "--months", "1", "--reason", "volume de documents"},
      {"request", "close", "1"},
      {"request", "close", "1"},  // already closed: a conflict, the same exit code
      {"hold", "add", "1", "--reason", "litige"},
      {"hold", "rm", "1"},
      {"retention", "policy", "set", "prospect", "--after", "2y", "--clock", "collected"},
      {"import", (tmp_ / "prospects.csv").string(), "--skip-invalid", "--basis", "legitimate-interest"},
      {"import", (tmp_ / "prospects.csv").string(), "--dry-run"},  // the invalid line stops it
      {"import", (tmp_ / "inegal.csv").string(), "--skip-invalid", "--dry-run"},
      {"import", (tmp_ / "telephones.csv").string(), "--dry-run"},
      {"consent", "import", (tmp_ / "desinscrits.csv").string(), "--dry-run"},
      {"consent", "record", "1", "--channel", "sms", "--event", "withdrawn", "--at", "2026-11-03T09:00Z"},
      {"can-contact", "1", "--channel", "sms", "--at", "2026-11-28T09:00Z"},
      {"can-contact", "1", "--channel", "phone", "--at", "2026-11-28T09:00Z"},
      {"shred", (tmp_ / "un-dossier").string()},
      {"check"},
      {"suppression", "add", "--email", "refus@exemple.fr"},
      {"note", "rm", "1", "--yes"},
      {"contact", "rm", "2", "--yes"},
      {"erase", "1", "--yes", "--reason", "request"},
      {"contact", "list"},
      {"retention", "plan", "--at", "2030-01-01"},
  };
  for (const auto& cmd : writes) {
    const auto en = in_vault(en_vault, {"LANGUAGE=en", "TZ=UTC"}, cmd);
    const auto fr = in_vault(fr_vault, {"LANGUAGE=", "LC_ALL=", "LANG=fr_FR.UTF-8", "TZ=Europe/Paris"}, cmd);
    std::string what;
    for (const auto& a : cmd) what += a + " ";
    EXPECT_EQ(en.code, fr.code) << what << "\n" << en.err << fr.err;
    EXPECT_EQ(mask(en.out), mask(fr.out)) << what;
    if (en.code == 0) {
      EXPECT_FALSE(en.out.empty()) << what;
    } else if (!en.err.empty()) {
      EXPECT_NE(en.err, fr.err) << what;  // the error itself is said in each language
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

// The plugins' messages (an importer's parse error, a shredder's note) are in French too; what they
// say in --json stays English.
TEST_F(Language, PluginMessagesAreInFrenchAndTheirJsonInEnglish) {
  const auto quote = tmp_ / "guillemet.csv";
  write_file(quote, "Nom;Email\n\"Dupont;dupont@exemple.fr\n");
  auto fr = run({"--lang", "fr", "import", quote.string()});
  EXPECT_EQ(fr.code, 4);
  EXPECT_TRUE(has(fr.err, "ligne 2, colonne 1")) << fr.err;
  EXPECT_TRUE(has(fr.err, "guillemet non fermé : le champ entre guillemets ouvert ici ne se termine jamais")) << fr.err;
  auto en = run({"--lang", "en", "import", quote.string()});
  EXPECT_TRUE(has(en.err, "unclosed quote: the quoted field opened here never ends")) << en.err;

  // A ragged row under --skip-invalid: the CSV plugin's reason is French on the terminal and in the
  // reject report, English in --json.
  const auto ragged = tmp_ / "inegal.csv";
  write_file(ragged, "Nom;Email;Ville\nDupont;dupont@exemple.fr\nMartin;martin@exemple.fr;Lyon\n");
  const auto report = tmp_ / "rejets.csv";
  auto skip = run({"--lang", "fr", "import", ragged.string(), "--skip-invalid", "--dry-run", "--report", report.string()});
  EXPECT_EQ(skip.code, 0) << skip.err;
  EXPECT_TRUE(has(skip.out, "rejetée : ligne 2, colonne 3 : 2 champs alors que l'en-tête (ligne 1) en a 3")) << skip.out;
  EXPECT_TRUE(has(read_file(report), "2 champs alors que l'en-tête (ligne 1) en a 3")) << read_file(report);
  auto j = run_json({"--lang", "fr", "import", ragged.string(), "--skip-invalid", "--dry-run"});
  ASSERT_EQ(j["rejected_rows"].size(), 1u) << j.dump();
  EXPECT_EQ(j["rejected_rows"][0]["reason"], "2 fields where the header (line 1) has 3");

  // A phone the importer drops: the warning is French on the terminal, English in --json.
  const auto phones = tmp_ / "telephones.csv";
  write_file(phones, "Nom;Téléphone\nDurand;12\n");
  auto warned = run({"--lang", "fr", "import", phones.string(), "--dry-run"});
  EXPECT_TRUE(has(warned.out, "« 12 » n'est pas un numéro de téléphone valide : trop court pour un numéro en +33 ; non "
                              "importé comme téléphone, gardé dans une note"))
      << warned.out;
  auto wj = run_json({"--lang", "fr", "import", phones.string(), "--dry-run"});
  ASSERT_EQ(wj["warnings"].size(), 1u) << wj.dump();
  EXPECT_EQ(wj["warnings"][0]["message"],
            "\"12\" is not a valid phone number: too short for a number of +33; not imported as a phone, kept in a "
            "note");

  // The shredder's note on a folder given without --recursive.
  const auto folder = tmp_ / "dossier";
  std::filesystem::create_directories(folder);
  auto shred = run_coffre({"--lang", "fr", "shred", folder.string()}, scratch());
  EXPECT_EQ(shred.code, 5);
  EXPECT_TRUE(has(shred.out, "est un dossier : --recursive détruit ce qu'il contient")) << shred.out;
  auto shred_json = run_coffre({"--lang", "fr", "--json", "shred", folder.string()}, scratch());
  EXPECT_EQ(shred_json.code, 5);
  EXPECT_EQ(nlohmann::json::parse(shred_json.out)["files"][0]["note"],
            "is a folder: use --recursive to shred what it holds");
}

// The integrity check's details: French for people, English in --json.
TEST_F(Language, CheckDetailsAreInFrenchAndEnglishInJson) {
  auto fr = run({"--lang", "fr", "check"});
  EXPECT_EQ(fr.code, 0) << fr.err;
  EXPECT_TRUE(has(fr.out, "entrées, chaîne et signatures valides\n")) << fr.out;
  EXPECT_TRUE(has(fr.out, ": aucun effacement inachevé\n")) << fr.out;
  EXPECT_TRUE(has(fr.out, "fichier de base chiffré\n")) << fr.out;
  auto j = run_json({"--lang", "fr", "check"});
  bool seen = false;
  for (const auto& item : j["checks"])
    if (item["name"] == "erasure") {
      EXPECT_EQ(item["detail"], "no unfinished erasure");
      seen = true;
    }
  EXPECT_TRUE(seen) << j.dump();
}

// A consent file's refusals: French for people, English in --json.
TEST_F(Language, ConsentImportRefusalsAreInFrenchAndEnglishInJson) {
  const auto unsub = tmp_ / "desinscrits.csv";
  write_file(unsub, "EMAIL;UNSUBSCRIBED_AT\npas-une-adresse;2026-11-20 09:00:00\n");
  auto fr = run({"--lang", "fr", "consent", "import", unsub.string(), "--dry-run"});
  EXPECT_EQ(fr.code, 0) << fr.err;
  EXPECT_TRUE(has(fr.err, unsub.string() + ":2 : refusé : pas une adresse e-mail : « pas-une-adresse »\n")) << fr.err;
  auto j = run_json({"--lang", "fr", "consent", "import", unsub.string(), "--dry-run"});
  ASSERT_EQ(j["refusals"].size(), 1u) << j.dump();
  EXPECT_EQ(j["refusals"][0]["reason"], "not an e-mail address: \"pas-une-adresse\"");
}

// Rarer errors of the core (issue 16): an unknown import batch or one already undone, a suppression
// without an address, an unknown time zone, a register key that does not exist. French words, the
// same exit code as in English, the English text unchanged.
TEST_F(Language, RarerCoreErrorsAreInFrenchWithTheSameExitCodes) {
  const auto unsub = tmp_ / "desinscrits.csv";
  write_file(unsub, "EMAIL;UNSUBSCRIBED_AT\n");
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string fr, en;
  };
  const Case cases[] = {
      {{"import", "undo", "inconnu"}, 3, "coffre: aucun lot d'import inconnu (voir coffre import list)\n",
       "coffre: no import batch inconnu (see coffre import list)\n"},
      {{"suppression", "add"}, 1, "coffre: indiquez au moins un --email ou un --phone\n",
       "coffre: give at least one --email or --phone\n"},
      {{"consent", "import", unsub.string(), "--time-zone", "Lune/Base", "--dry-run"}, 4,
       "coffre: --time-zone : fuseau horaire inconnu « Lune/Base »\n",
       "coffre: --time-zone: unknown time zone \"Lune/Base\"\n"},
      {{"register", "edit", "--set", "controller.couleur=bleu"}, 4,
       "coffre: clé de registre « controller.couleur » : ce champ du responsable n'existe pas (clés : "
       "controller.CHAMP ou processing.ID.CHAMP ; `coffre register show --json` les liste)\n",
       "coffre: register key 'controller.couleur': no such controller field (keys: controller.FIELD or "
       "processing.ID.FIELD; `coffre register show --json` lists them)\n"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> fr_args{"--lang", "fr"}, en_args{"--lang", "en"};
    fr_args.insert(fr_args.end(), c.args.begin(), c.args.end());
    en_args.insert(en_args.end(), c.args.begin(), c.args.end());
    auto fr = run(fr_args);
    auto en = run(en_args);
    EXPECT_EQ(fr.code, c.code) << c.args[0] << ": " << fr.err;
    EXPECT_EQ(en.code, c.code) << c.args[0] << ": " << en.err;
    EXPECT_EQ(fr.err, c.fr);
    EXPECT_EQ(en.err, c.en);
  }

  // A batch undone twice: a conflict (exit 4) in both languages.
  const auto csv = tmp_ / "lot.csv";
  write_file(csv, "Nom;Email\nDurand;durand@exemple.fr\n");
  auto imported = run_json({"import", csv.string()});
  const std::string batch = imported.value("batch", "");
  ASSERT_FALSE(batch.empty()) << imported.dump();
  ASSERT_EQ(run({"import", "undo", batch, "--yes"}).code, 0);
  auto fr = FR("import", "undo", batch);
  EXPECT_EQ(fr.code, 4);
  EXPECT_EQ(fr.err, "coffre: le lot d'import " + batch + " a déjà été annulé\n");
  auto en = EN("import", "undo", batch);
  EXPECT_EQ(en.code, 4);
  EXPECT_EQ(en.err, "coffre: import batch " + batch + " was already undone\n");
}

}  // namespace
}  // namespace coffre::test
