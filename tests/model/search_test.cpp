#include <gtest/gtest.h>

#include <algorithm>

#include "model_fixture.h"

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

}  // namespace
}  // namespace coffre
