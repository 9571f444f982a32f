#include <gtest/gtest.h>

#include "model_fixture.h"

namespace coffre {
namespace {

using test::ModelTest;

TEST_F(ModelTest, OrganisationRoundTrips) {
  NewOrganisation o{"Société Générale", "552 120 222", "55212022200013", "Banque", "29 bd Haussmann, 75009 Paris"};
  auto id = orgs().add(o);
  ASSERT_TRUE(id.ok()) << id.error().message;
  reopen();
  auto got = orgs().get(*id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Société Générale");
  EXPECT_EQ(got->siren, "552120222");
  EXPECT_EQ(got->siret, "55212022200013");
  EXPECT_EQ(got->sector, "Banque");
  EXPECT_EQ(got->address, "29 bd Haussmann, 75009 Paris");
  EXPECT_EQ(got->created_at, clock_.now());
  EXPECT_EQ(*orgs().find_by_name("société générale"), std::optional<Id>(*id));
  EXPECT_EQ(*orgs().find_by_name("SOCIÉTÉ GÉNÉRALE"), std::optional<Id>(*id));
  EXPECT_FALSE(orgs().find_by_name("Crédit Agricole")->has_value());
  EXPECT_EQ(orgs().get(999).error().kind, ErrorKind::NotFound);
}

TEST_F(ModelTest, OrganisationSirenFromSiretAndChecks) {
  auto id = orgs().add({"Orange", std::nullopt, "38012986646850", std::nullopt, std::nullopt});
  ASSERT_TRUE(id.ok()) << id.error().message;  // Orange's head office
  EXPECT_EQ(orgs().get(*id)->siren, "380129866");
  auto bad_siren = orgs().add({"X", "552120223", std::nullopt, std::nullopt, std::nullopt});
  ASSERT_FALSE(bad_siren.ok());
  EXPECT_EQ(bad_siren.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(bad_siren.error().message.find("SIREN"), std::string::npos);
  EXPECT_EQ(orgs().add({"Y", "12345", std::nullopt, std::nullopt, std::nullopt}).error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(orgs().add({"Z", std::nullopt, "55212022200014", std::nullopt, std::nullopt}).error().kind,
            ErrorKind::InvalidInput);
  EXPECT_EQ(orgs().add({"W", "732829320", "55212022200013", std::nullopt, std::nullopt}).error().kind,
            ErrorKind::InvalidInput);  // SIRET of another company
  // La Poste's establishments follow their own rule (digits summing to a multiple of 5).
  EXPECT_TRUE(orgs().add({"La Poste Lyon", std::nullopt, "35600000000001", std::nullopt, std::nullopt}).ok());
  EXPECT_EQ(orgs().add({"  ", std::nullopt, std::nullopt, std::nullopt, std::nullopt}).error().kind,
            ErrorKind::InvalidInput);
}

TEST_F(ModelTest, DuplicateOrganisationNameIsAConflict) {
  ASSERT_TRUE(orgs().add({"Boulangerie Dupré", {}, {}, {}, {}}).ok());
  auto dup = orgs().add({"BOULANGERIE DUPRÉ", {}, {}, {}, {}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(orgs().list()->size(), 1u);
}

TEST_F(ModelTest, OrganisationsListSortedByName) {
  ASSERT_TRUE(orgs().add({"zeta", {}, {}, {}, {}}).ok());
  ASSERT_TRUE(orgs().add({"Alpha", {}, {}, {}, {}}).ok());
  ASSERT_TRUE(orgs().add({"beta", {}, {}, {}, {}}).ok());
  auto list = orgs().list();
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].name, "Alpha");
  EXPECT_EQ((*list)[1].name, "beta");
  EXPECT_EQ((*list)[2].name, "zeta");
}

TEST_F(ModelTest, NotesRoundTripOnContactsAndOrganisations) {
  Id c = add("Jean", "Martin");
  auto org = orgs().add({"Acme", {}, {}, {}, {}});
  ASSERT_TRUE(org.ok());
  auto n1 = notes().add_to_contact(c, "  Première note\n  sur deux lignes  ");
  ASSERT_TRUE(n1.ok()) << n1.error().message;
  clock_.advance(60);
  auto n2 = notes().add_to_contact(c, "Deuxième");
  ASSERT_TRUE(n2.ok());
  auto n3 = notes().add_to_organisation(*org, "Client historique");
  ASSERT_TRUE(n3.ok());
  reopen();
  auto list = notes().for_contact(c);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, *n1);
  EXPECT_EQ((*list)[0].body, "Première note\nsur deux lignes");
  EXPECT_EQ((*list)[0].contact_id, c);
  EXPECT_FALSE((*list)[0].org_id.has_value());
  EXPECT_EQ((*list)[1].body, "Deuxième");
  EXPECT_EQ((*list)[1].created_at, (*list)[0].created_at + 60);
  auto org_notes = notes().for_organisation(*org);
  ASSERT_EQ(org_notes->size(), 1u);
  EXPECT_EQ((*org_notes)[0].org_id, *org);
  EXPECT_EQ((*org_notes)[0].body, "Client historique");
}

TEST_F(ModelTest, NotesRefuseEmptyTextAndUnknownOwners) {
  Id c = add("Jean", "Martin");
  EXPECT_EQ(notes().add_to_contact(c, "   \n ").error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(notes().add_to_contact(c + 100, "x").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(notes().add_to_organisation(5, "x").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(notes().for_contact(c + 100).error().kind, ErrorKind::NotFound);
  EXPECT_TRUE(notes().for_contact(c)->empty());
}

}  // namespace
}  // namespace coffre
