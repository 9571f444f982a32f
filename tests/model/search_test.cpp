#include <gtest/gtest.h>

#include <algorithm>

#include "coffre/audit.h"
#include "fakes/sql_contacts.h"
#include "model_fixture.h"
#include "storage/migrations.h"
#include "vault/context.h"

namespace coffre {
namespace {

using test::ModelTest;

std::vector<Id> ids(const Result<std::vector<Contact>>& r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  std::vector<Id> out;
  if (r.ok())
    for (const auto& c : r.value()) out.push_back(c.id);
  return out;
}

std::vector<Id> ids(const std::vector<Contact>& v) {
  std::vector<Id> out;
  for (const auto& c : v) out.push_back(c.id);
  return out;
}

std::vector<Id> sorted(std::vector<Id> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(ModelTest, SearchFoldsAccentsAndCase) {
  Id h = add("Hélène", "Dupré", {"h.dupre@boulangerie.fr"}, {}, "Boulangerie Dupré");
  add("Jean", "Martin");
  EXPECT_EQ(ids(contacts().search("helene")), std::vector<Id>{h});
  EXPECT_EQ(ids(contacts().search("HELENE")), std::vector<Id>{h});
  EXPECT_EQ(ids(contacts().search("Hélène")), std::vector<Id>{h});
  EXPECT_EQ(ids(contacts().search("dupre")), std::vector<Id>{h});
}

TEST_F(ModelTest, SearchWordsArePrefixesAndMustAllMatch) {
  Id h = add("Hélène", "Dupré");
  Id j = add("Jean", "Dupont");
  auto both = ids(contacts().search("dup"));
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, (std::vector<Id>{h, j}));
  EXPECT_EQ(ids(contacts().search("dup hel")), std::vector<Id>{h});
  EXPECT_EQ(ids(contacts().search("  jean   dupo ")), std::vector<Id>{j});
  EXPECT_TRUE(ids(contacts().search("jean hel")).empty());
}

TEST_F(ModelTest, SearchCoversCompanyRoleEmailsAndNotes) {
  NewContact c;
  c.first_name = "Marc";
  c.last_name = "Moreau";
  c.role = "Directeur des achats";
  c.emails = {{"m.moreau@transports-legrand.fr", std::nullopt}};
  c.org_name = "Transports Legrand";
  auto id = contacts().add(c);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(ids(contacts().search("legrand")), std::vector<Id>{*id});
  EXPECT_EQ(ids(contacts().search("achats")), std::vector<Id>{*id});
  EXPECT_EQ(ids(contacts().search("m.moreau")), std::vector<Id>{*id});
  EXPECT_TRUE(ids(contacts().search("entrepôt")).empty());
  ASSERT_TRUE(notes().add_to_contact(*id, "Cherche un entrepôt près de Lyon").ok());
  EXPECT_EQ(ids(contacts().search("entrepot lyon")), std::vector<Id>{*id});
  // A note on the organisation makes everyone who works there findable by it.
  auto org = orgs().find_by_name("transports legrand");
  ASSERT_TRUE(org.ok() && org->has_value());
  ASSERT_TRUE(notes().add_to_organisation(**org, "Flotte de quarante camions frigorifiques").ok());
  EXPECT_EQ(ids(contacts().search("frigorifique")), std::vector<Id>{*id});
  // A contact added to the organisation later inherits its notes in the index.
  Id later = add("Lucie", "Leroy", {}, {}, "TRANSPORTS LEGRAND");
  auto found = ids(contacts().search("camions"));
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<Id>{*id, later}));
}

TEST_F(ModelTest, SearchFollowsEdits) {
  Id id = add("Hélène", "Dupré");
  ContactPatch p;
  p.last_name = "Garnier";
  ASSERT_TRUE(contacts().update(id, p).ok());
  EXPECT_TRUE(ids(contacts().search("dupre")).empty());
  EXPECT_EQ(ids(contacts().search("garnier")), std::vector<Id>{id});
  EXPECT_EQ(ids(contacts().search("helene")), std::vector<Id>{id});
}

TEST_F(ModelTest, SearchSyntaxCannotBeInjected) {
  Id id = add("Jean", "Martin", {"jean@exemple.fr"});
  for (const char* text : {"\"", "\"jean", "jean\"", "*", "jean*", "-martin", "martin -jean", "NOT jean", "jean OR paul",
                           "jean AND", "NEAR", "jean NEAR/2 martin", "(jean", "jean)", "^jean", "jean:martin",
                           "body:jean", "'jean'", "\\", "%", "jean\"* OR \"paul", "{jean}"}) {
    auto r = contacts().search(text);
    ASSERT_TRUE(r.ok()) << text << ": " << r.error().message;
  }
  // Operators are words, not syntax: "jean OR paul" needs a "paul" too.
  EXPECT_TRUE(ids(contacts().search("jean OR paul")).empty());
  EXPECT_EQ(ids(contacts().search("-martin")), std::vector<Id>{id});
  EXPECT_EQ(ids(contacts().search("\"jean\"")), std::vector<Id>{id});
  EXPECT_TRUE(ids(contacts().search("")).empty());
  EXPECT_TRUE(ids(contacts().search("  \"*\" ")).empty());
}

TEST_F(ModelTest, SearchHonoursTheLimit) {
  for (int i = 0; i < 20; ++i) add("Claire", "Nom" + std::to_string(i));
  EXPECT_EQ(contacts().search("claire", 5)->size(), 5u);
  EXPECT_EQ(contacts().search("claire")->size(), 20u);
}

// ---- The split index (migration 4): contact rows, organisation rows, email prefixes ------------

TEST_F(ModelTest, SearchMatchesTheBeginningOfAnEmailButNotItsMiddle) {
  // Email only: nothing in a name can match, so every hit comes from contact_emails.
  NewContact only_email;
  only_email.emails = {{"Jean.Dupont@X.fr", std::nullopt}};
  auto jean = contacts().add(only_email);
  ASSERT_TRUE(jean.ok()) << jean.error().message;
  Id claire = add("Claire", "Roux", {"claire@boulangerie-vial.fr"});
  EXPECT_EQ(ids(contacts().search("jean.dup")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("JEAN.DUP")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("jean.dupont@x.fr")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("jean")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("claire@boul")), std::vector<Id>{claire});
  // The middle of an email (after a dot, the domain) is not a beginning.
  for (const char* middle : {"dupont", "x.fr", "fr", "boulangerie", "vial", "boulangerie-vial.fr", "jean.dupond"})
    EXPECT_TRUE(ids(contacts().search(middle)).empty()) << middle;
  // ...unless the word is also in a name or an organisation.
  Id louis = add("Louis", "Vial", {"louis@autre.fr"});
  Id sophie = add("Sophie", "Blanc", {"sophie@boulangerie-vial.fr"}, {}, "Boulangerie Vial");
  EXPECT_EQ(sorted(ids(contacts().search("vial"))), sorted({louis, sophie}));
  EXPECT_EQ(ids(contacts().search("boulangerie")), std::vector<Id>{sophie});
  // An email prefix is an AND term like any other.
  EXPECT_EQ(ids(contacts().search("jean.dup claire")), std::vector<Id>{});
  EXPECT_EQ(ids(contacts().search("sophie@boul blanc")), std::vector<Id>{sophie});
  EXPECT_TRUE(ids(contacts().search("sophie@boul roux")).empty());
}

TEST_F(ModelTest, AnEmailsBeginningIsMatchedWhateverItsCaseButWithItsAccents) {
  NewContact only_email;
  only_email.emails = {{"Élodie.Martin@Exemple.fr", std::nullopt}};
  auto id = contacts().add(only_email);
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(ids(contacts().search("élodie.m")), std::vector<Id>{*id});
  EXPECT_EQ(ids(contacts().search("ÉLODIE.M")), std::vector<Id>{*id});  // Unicode case, as stored
  EXPECT_EQ(ids(contacts().search("Élodie.Martin@EXEMPLE.FR")), std::vector<Id>{*id});
  EXPECT_TRUE(ids(contacts().search("elodie.m")).empty());  // documented: accents in emails count
}

TEST_F(ModelTest, SearchFollowsEmailEdits) {
  Id id = add("Paul", "Martin", {"pm.ventes@ancien.fr"});
  EXPECT_EQ(ids(contacts().search("pm.vent")), std::vector<Id>{id});
  ContactPatch p;
  p.emails = std::vector<Labelled>{{"direction@nouveau.fr", std::nullopt}};
  ASSERT_TRUE(contacts().update(id, p).ok());
  EXPECT_TRUE(ids(contacts().search("pm.vent")).empty());
  EXPECT_EQ(ids(contacts().search("direc")), std::vector<Id>{id});
  EXPECT_EQ(ids(contacts().search("paul")), std::vector<Id>{id});
}

TEST_F(ModelTest, SearchWordsMayMatchDifferentSourcesButAllMustMatch) {
  NewContact c;
  c.first_name = "Marc";
  c.last_name = "Moreau";
  c.emails = {{"m.moreau@transports-legrand.fr", std::nullopt}};
  c.org_name = "Transports Legrand";
  auto marc = contacts().add(c);
  ASSERT_TRUE(marc.ok()) << marc.error().message;
  Id luc = add("Luc", "Moreau", {}, {}, "Transports Legrand");
  Id petit = add("Marc", "Petit", {}, {}, "Boulangerie Vial");
  // One word from the organisation, one from the name, in either order.
  EXPECT_EQ(ids(contacts().search("legrand marc")), std::vector<Id>{*marc});
  EXPECT_EQ(ids(contacts().search("marc legrand")), std::vector<Id>{*marc});
  EXPECT_EQ(ids(contacts().search("vial marc")), std::vector<Id>{petit});
  EXPECT_EQ(sorted(ids(contacts().search("transports moreau"))), sorted({*marc, luc}));
  // Organisation and email; name and email.
  EXPECT_EQ(ids(contacts().search("legrand m.moreau")), std::vector<Id>{*marc});
  EXPECT_EQ(ids(contacts().search("marc m.mor")), std::vector<Id>{*marc});
  // Every word must match somewhere: a name from one contact and an organisation of another is
  // nobody.
  EXPECT_TRUE(ids(contacts().search("legrand petit")).empty());
  EXPECT_TRUE(ids(contacts().search("luc vial")).empty());
  EXPECT_TRUE(ids(contacts().search("marc legrand inconnu")).empty());
  // Several words found by organisations must all be found by the same one.
  EXPECT_EQ(sorted(ids(contacts().search("transports legrand"))), sorted({*marc, luc}));
  EXPECT_TRUE(ids(contacts().search("legrand vial")).empty());
  EXPECT_TRUE(ids(contacts().search("vial legrand")).empty());
  EXPECT_TRUE(ids(contacts().search("legrand transports boulangerie")).empty());
}

TEST_F(ModelTest, SearchFindsAnOrganisationsSector) {
  NewOrganisation o;
  o.name = "Vial SA";
  o.sector = "Boulangerie industrielle";
  auto org = orgs().add(o);
  ASSERT_TRUE(org.ok()) << org.error().message;
  NewContact by_id;
  by_id.first_name = "Anne";
  by_id.last_name = "Durand";
  by_id.org_id = *org;
  auto anne = contacts().add(by_id);
  ASSERT_TRUE(anne.ok()) << anne.error().message;
  Id bob = add("Bob", "Durand", {}, {}, "vial sa");  // found by name: same organisation
  add("Carl", "Durand", {}, {}, "Autre SARL");
  add("Dina", "Industrie");
  EXPECT_EQ(sorted(ids(contacts().search("industrielle"))), sorted({*anne, bob}));
  EXPECT_EQ(sorted(ids(contacts().search("boulangerie durand"))), sorted({*anne, bob}));
  EXPECT_EQ(ids(contacts().search("anne boulang")), std::vector<Id>{*anne});
}

TEST_F(ModelTest, AnOrganisationNoteFindsAllItsContactsIncludingLaterOnes) {
  Id early = add("Élise", "Roy", {}, {}, "Garage Central");
  Id elsewhere = add("Fabien", "Roy", {}, {}, "Garage du Nord");
  auto org = orgs().find_by_name("garage central");
  ASSERT_TRUE(org.ok() && org->has_value());
  EXPECT_TRUE(ids(contacts().search("carrosserie")).empty());
  ASSERT_TRUE(notes().add_to_organisation(**org, "Spécialiste carrosserie poids lourds").ok());
  EXPECT_EQ(ids(contacts().search("carrosserie")), std::vector<Id>{early});
  EXPECT_EQ(ids(contacts().search("poids roy")), std::vector<Id>{early});
  // Contacts who join later, by a batch, by id or by name, are found by the note with no
  // reindexing of their own; the other garage's people are not.
  std::vector<NewContact> batch(2);
  batch[0].first_name = "Gaël";
  batch[0].org_id = **org;
  batch[1].first_name = "Hugo";
  batch[1].org_name = "GARAGE CENTRAL";
  auto later = contacts().add_batch(batch, NullProgress::instance());
  ASSERT_TRUE(later.ok()) << later.error().message;
  Id single = add("Inès", "Roy", {}, {}, "Garage Central");
  EXPECT_EQ(sorted(ids(contacts().search("carrosserie"))), sorted({early, (*later)[0], (*later)[1], single}));
  EXPECT_EQ(sorted(ids(contacts().search("lourds roy"))), sorted({early, single}));
  // A second note adds to the first; the other organisation stays out.
  ASSERT_TRUE(notes().add_to_organisation(**org, "Ouvert le samedi").ok());
  EXPECT_EQ(ids(contacts().search("samedi")).size(), 4u);
  EXPECT_EQ(ids(contacts().search("carrosserie")).size(), 4u);
  for (const char* text : {"carrosserie", "samedi", "poids"})
    for (Id id : ids(contacts().search(text))) EXPECT_NE(id, elsewhere) << text;
  // A contact moved to the other garage leaves the note behind.
  ContactPatch p;
  p.org_name = "Garage du Nord";
  ASSERT_TRUE(contacts().update(single, p).ok());
  EXPECT_EQ(ids(contacts().search("lourds roy")), std::vector<Id>{early});
}

TEST_F(ModelTest, BatchNotesAreWrittenAndSearchable) {
  const Time t = clock_.now();
  std::vector<NewContact> batch(3);
  batch[0].first_name = "Julie";
  batch[0].notes = {"Préfère être appelée le matin", "  Intéressée par   l'offre fibre  "};
  batch[1].first_name = "Karim";
  batch[2].first_name = "Léa";
  batch[2].notes = {"Cliente depuis 2019"};
  auto before = audit_entries(vault(), 1000);
  auto r = contacts().add_batch(batch, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Id julie = (*r)[0], karim = (*r)[1], lea = (*r)[2];

  auto julie_notes = notes().for_contact(julie);
  ASSERT_TRUE(julie_notes.ok()) << julie_notes.error().message;
  ASSERT_EQ(julie_notes->size(), 2u);
  EXPECT_EQ((*julie_notes)[0].body, "Préfère être appelée le matin");
  EXPECT_EQ((*julie_notes)[1].body, "Intéressée par l'offre fibre");  // cleaned as NoteStore cleans
  for (const auto& n : *julie_notes) {
    EXPECT_EQ(n.contact_id, std::optional<Id>(julie));
    EXPECT_FALSE(n.org_id.has_value());
    EXPECT_EQ(n.created_at, t);
  }
  EXPECT_TRUE(notes().for_contact(karim)->empty());
  auto lea_notes = notes().for_contact(lea);
  ASSERT_EQ(lea_notes->size(), 1u);
  EXPECT_EQ((*lea_notes)[0].body, "Cliente depuis 2019");

  EXPECT_EQ(ids(contacts().search("matin")), std::vector<Id>{julie});
  EXPECT_EQ(ids(contacts().search("interessee fibre")), std::vector<Id>{julie});
  EXPECT_EQ(ids(contacts().search("julie fibre")), std::vector<Id>{julie});
  EXPECT_EQ(ids(contacts().search("2019")), std::vector<Id>{lea});
  EXPECT_TRUE(ids(contacts().search("karim matin")).empty());
  // One audit entry for the batch, counting the notes (and naming nobody).
  auto after = audit_entries(vault(), 1000);
  ASSERT_EQ(after->size(), before->size() + 1);
  EXPECT_EQ(after->front().action, "contact.add_batch");
  EXPECT_EQ(after->front().details, "contacts=3 organisations_created=0 notes=3");

  // A note added afterwards keeps the batch's notes in the contact's row.
  ASSERT_TRUE(notes().add_to_contact(julie, "Rappeler en janvier").ok());
  EXPECT_EQ(ids(contacts().search("janvier matin")), std::vector<Id>{julie});
  EXPECT_EQ(notes().for_contact(julie)->size(), 3u);
}

// An old (version 3) vault: one search row per contact holding names, role, organisation and
// emails, and no org_search_index. It is made from a current vault through the internal database
// (the tests link the core's internals): drop what migration 4 created, forget that it ran, and
// write the old-style row. Reopening runs migration 4.
TEST_F(ModelTest, Migration4RebuildsTheSearchIndexOfAVersion3Vault) {
  NewOrganisation o;
  o.name = "Transports Legrand";
  o.sector = "Logistique";
  auto org = orgs().add(o);
  ASSERT_TRUE(org.ok()) << org.error().message;
  NewContact c;
  c.first_name = "Jean";
  c.last_name = "Dupont";
  c.role = "Acheteur";
  c.emails = {{"jean.dupont@zorglubcorp.fr", std::nullopt}};
  c.org_id = *org;
  auto jean = contacts().add(c);
  ASSERT_TRUE(jean.ok()) << jean.error().message;
  ASSERT_TRUE(notes().add_to_contact(*jean, "Aime les croissants").ok());
  ASSERT_TRUE(notes().add_to_organisation(*org, "Flotte frigorifique").ok());
  Id other = add("Marie", "Curie");

  auto& db = vault().context().db;
  ASSERT_EQ(*storage::current_schema_version(db), storage::latest_schema_version());
  // The three that build the search index: 4, 6 and 11 (the terms).
  test::sql_ok(db.exec("DROP TABLE search_terms; DROP TABLE org_search_terms"));
  test::sql_ok(db.exec("DELETE FROM schema_migrations WHERE version IN (4, 6, 11)"));
  // Version 3's search table: one column.
  test::sql_ok(db.exec("CREATE VIRTUAL TABLE search_index USING fts4(body, "
                       "tokenize=unicode61 \"remove_diacritics=1\")"));
  {
    auto old_row = db.prepare("INSERT INTO search_index(docid, body) VALUES(?, ?)");
    ASSERT_TRUE(old_row.ok());
    test::sql_ok(old_row->bind(1, *jean)
                     .bind(2, "Jean Dupont\nAcheteur\nTransports Legrand Logistique\nFlotte frigorifique\n"
                              "jean.dupont@zorglubcorp.fr\nAime les croissants")
                     .run());
  }  // finalised before the vault closes
  ASSERT_EQ(test::sql_count(vault(), "SELECT count(*) FROM schema_migrations WHERE version = 4"), 0);
    // Sanity: the old row does hold the domain.
  ASSERT_EQ(test::sql_count(vault(), "SELECT count(*) FROM search_index WHERE search_index MATCH 'zorglubcorp'"), 1);

  reopen();
  auto& db4 = vault().context().db;
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM schema_migrations WHERE version = 4"), 1);
  EXPECT_EQ(*storage::current_schema_version(db4), storage::latest_schema_version());
  // Migration 11 then turned the rows into terms and dropped the FTS4 tables.
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM sqlite_master WHERE name LIKE '%search_index%'"), 0);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(DISTINCT org_id) FROM org_search_terms"), 1);
  EXPECT_EQ(test::sql_count(vault(), "SELECT org_id FROM org_search_terms WHERE term = 'legrand'"), *org);
  EXPECT_EQ(test::sql_count(vault(), "SELECT org_id FROM org_search_terms WHERE term = 'logistique'"), *org);
  EXPECT_EQ(test::sql_count(vault(), "SELECT org_id FROM org_search_terms WHERE term = 'frigorifique'"), *org);
  // Every contact has its terms again (Marie had lost hers), without the organisation's text.
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(DISTINCT contact_id) FROM search_terms"), 2);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM search_terms WHERE term = 'legrand'"), 0);

  EXPECT_EQ(ids(contacts().search("dupont")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("jean acheteur")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("croissants")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("legrand")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("logistique jean")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("frigorifique")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("jean.dupont@zorg")), std::vector<Id>{*jean});
  EXPECT_EQ(ids(contacts().search("curie")), std::vector<Id>{other});
  // The domain was only in the old row: gone from the index, not just from the results.
  EXPECT_TRUE(ids(contacts().search("zorglubcorp")).empty());
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM search_terms WHERE term LIKE '%zorglubcorp%'"), 0);

  // The migrated vault keeps working: new organisations and notes are indexed.
  ASSERT_TRUE(notes().add_to_organisation(*org, "Livraisons de nuit").ok());
  EXPECT_EQ(ids(contacts().search("nuit")), std::vector<Id>{*jean});
  Id later = add("Paul", "Neuf", {}, {}, "Nouvelle Société");
  EXPECT_EQ(ids(contacts().search("nouvelle societe")), std::vector<Id>{later});
  // Opening again does not run it twice.
  reopen();
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM schema_migrations WHERE version = 4"), 1);
  EXPECT_EQ(ids(contacts().search("nuit")), std::vector<Id>{*jean});
}

}  // namespace
}  // namespace coffre

namespace coffre {
namespace {

using test::ModelTest;

// ---- Ranking, totals, phone numbers, summaries (issue 9, item 9; migration 6) -----------------

TEST_F(ModelTest, SearchRanksOwnNamesThenRoleAndNotesThenCompany) {
  // "martin" in a company name, in a note, in a role and in people's names.
  Id by_org = add("Anne", "Abadie", {}, {}, "Martin Frères");
  Id by_note = add("Bruno", "Bernard");
  ASSERT_TRUE(notes().add_to_contact(by_note, "Voisin de M. Martin").ok());
  NewContact r;
  r.first_name = "Chloé";
  r.last_name = "Caron";
  r.role = "Assistante de Martine";
  auto by_role = contacts().add(r);
  ASSERT_TRUE(by_role.ok());
  Id zoe = add("Zoé", "Martin");
  Id adam = add("Adam", "Martin");
  Id martine = add("Martine", "Dubois");
  auto page = contacts().search_page("martin");
  ASSERT_TRUE(page.ok()) << page.error().message;
  // Own names first (by name: Dubois, Martin Adam, Martin Zoé), then role and notes (by name),
  // then the company.
  EXPECT_EQ(ids(page->contacts), (std::vector<Id>{martine, adam, zoe, by_note, *by_role, by_org}));
  EXPECT_EQ(page->total, 6);
  EXPECT_FALSE(page->truncated);
  EXPECT_FALSE(page->total_estimated);
  EXPECT_TRUE(page->sorted_by_name);
  // Two words: "hélène martin" shows the Martins called Hélène before Hélène of Martin Frères.
  Id helene_org = add("Hélène", "Abadie", {}, {}, "Martin Frères");
  Id helene = add("Hélène", "Martin");
  EXPECT_EQ(ids(contacts().search("hélène martin")), (std::vector<Id>{helene, helene_org}));
}

TEST_F(ModelTest, ATruncatedSearchSaysHowManyMore) {
  for (int i = 0; i < 30; ++i) add("Claire", "Nom" + std::to_string(i));
  auto page = contacts().search_page("claire", 10);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->contacts.size(), 10u);
  EXPECT_EQ(page->total, 30);
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(page->contacts.front().last_name, "Nom0");
  auto all = contacts().search_page("claire", -1);
  EXPECT_EQ(all->contacts.size(), 30u);
  EXPECT_FALSE(all->truncated);
}

TEST_F(ModelTest, APhoneNumberIsFoundInAnyWrittenFormAndByItsEnd) {
  Id p = add("Paul", "Durand", {}, {"06 12 34 56 78"});
  Id q = add("Quentin", "Roy", {}, {"+33 4 72 00 00 00"});
  for (const char* text : {"0612345678", "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "+33612345678",
                           "0033 6 12 34 56 78", "345678", "12 34 56 78", "612345678"})
    EXPECT_EQ(ids(contacts().search(text)), std::vector<Id>{p}) << text;
  EXPECT_EQ(ids(contacts().search("04 72 00 00 00")), std::vector<Id>{q});
  EXPECT_TRUE(ids(contacts().search("45678")).empty());       // five digits: a word, not a number's end
  EXPECT_TRUE(ids(contacts().search("0612345679")).empty());
  EXPECT_EQ(ids(contacts().search("durand 345678")), std::vector<Id>{p});
  // An edit moves the number in the index.
  ContactPatch patch;
  patch.phones = std::vector<Labelled>{{"07 11 22 33 44", std::nullopt}};
  ASSERT_TRUE(contacts().update(p, patch).ok());
  EXPECT_TRUE(ids(contacts().search("0612345678")).empty());
  EXPECT_EQ(ids(contacts().search("0711223344")), std::vector<Id>{p});
}

TEST_F(ModelTest, AnInteractionSummaryIsSearchableLikeANote) {
  Id p = add("Paul", "Durand");
  NewInteraction i;
  i.contact_id = p;
  i.summary = "Intéressé par les palettes consignées";
  ASSERT_TRUE(InteractionStore(vault()).add(i).ok());
  EXPECT_EQ(ids(contacts().search("palettes consignees")), std::vector<Id>{p});
  EXPECT_EQ(ids(contacts().search("durand palette")), std::vector<Id>{p});
}

// A version 4 vault: the contact's search row in one column, without phones or summaries.
TEST_F(ModelTest, Migration6RebuildsTheSearchRowInColumns) {
  Id p = add("Paul", "Durand", {}, {"06 12 34 56 78"});
  NewInteraction i;
  i.contact_id = p;
  i.summary = "Rappeler pour les palettes";
  ASSERT_TRUE(InteractionStore(vault()).add(i).ok());
  ASSERT_TRUE(notes().add_to_contact(p, "Aime les croissants").ok());
  auto& db = vault().context().db;
  test::sql_ok(db.exec("DELETE FROM schema_migrations WHERE version IN (6, 11)"));
  test::sql_ok(db.exec("DROP TABLE search_terms; DROP TABLE org_search_terms"));
  test::sql_ok(db.exec("CREATE VIRTUAL TABLE search_index USING fts4(body, matchinfo=fts3, "
                       "tokenize=unicode61 \"remove_diacritics=1\"); CREATE VIRTUAL TABLE org_search_index USING "
                       "fts4(body, matchinfo=fts3, tokenize=unicode61 \"remove_diacritics=1\")"));
  test::sql_ok(db.exec("INSERT INTO search_index(docid, body) SELECT id, first_name || ' ' || last_name FROM contacts"));
  reopen();
  EXPECT_EQ(*storage::current_schema_version(vault().context().db), storage::latest_schema_version());
  EXPECT_EQ(ids(contacts().search("durand")), std::vector<Id>{p});
  EXPECT_EQ(ids(contacts().search("croissants")), std::vector<Id>{p});
  EXPECT_EQ(ids(contacts().search("palettes")), std::vector<Id>{p});
  EXPECT_EQ(ids(contacts().search("06 12 34 56 78")), std::vector<Id>{p});
  EXPECT_EQ(ids(contacts().search("345678")), std::vector<Id>{p});
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM search_terms WHERE col = 0 AND term = 'durand'"), 1);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM search_terms WHERE col = 0 AND term = 'croissants'"), 0);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM search_terms WHERE col = 1 AND term = 'croissants'"), 1);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM search_terms WHERE col = 2 AND term = 'p87654321633'"), 1);
}

}  // namespace
}  // namespace coffre
