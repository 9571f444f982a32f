#include <gtest/gtest.h>

#include "coffre/model.h"

namespace coffre {
namespace {

TEST(Enums, EveryValueRoundTripsThroughItsStableSpelling) {
  for (auto v : {ContactKind::B2B, ContactKind::B2C}) EXPECT_EQ(parse_contact_kind(to_string(v)), v);
  for (auto v : {Category::Suspect, Category::Prospect, Category::Client, Category::Partner, Category::Supplier})
    EXPECT_EQ(parse_category(to_string(v)), v);
  for (auto v : {Temperature::Won, Temperature::Hot, Temperature::Warm, Temperature::Cold, Temperature::Stopped,
                 Temperature::Lost})
    EXPECT_EQ(parse_temperature(to_string(v)), v);
  for (auto v : {InteractionKind::Call, InteractionKind::Email, InteractionKind::Meeting, InteractionKind::Letter})
    EXPECT_EQ(parse_interaction_kind(to_string(v)), v);
  for (auto v : {Direction::Inbound, Direction::Outbound}) EXPECT_EQ(parse_direction(to_string(v)), v);
  for (auto v : {Outcome::CallBack, Outcome::NoAnswer, Outcome::Busy, Outcome::Refused, Outcome::RefusedToTalk,
                 Outcome::Meeting, Outcome::Lead, Outcome::Project, Outcome::MailSent, Outcome::OutOfTarget,
                 Outcome::WrongNumber})
    EXPECT_EQ(parse_outcome(to_string(v)), v);
}

TEST(Enums, StableSpellingsAreTheDocumentedOnes) {
  EXPECT_EQ(to_string(ContactKind::B2C), "b2c");
  EXPECT_EQ(to_string(Outcome::CallBack), "call-back");
  EXPECT_EQ(to_string(Outcome::NoAnswer), "no-answer");
  EXPECT_EQ(to_string(Outcome::RefusedToTalk), "refused-to-talk");
  EXPECT_EQ(to_string(Outcome::MailSent), "mail-sent");
  EXPECT_EQ(to_string(Outcome::OutOfTarget), "out-of-target");
  EXPECT_EQ(to_string(Outcome::WrongNumber), "wrong-number");
  EXPECT_EQ(all_outcomes().size(), 11u);
  EXPECT_EQ(all_categories(), (std::vector<std::string_view>{"suspect", "prospect", "client", "partner", "supplier"}));
  EXPECT_EQ(all_temperatures(), (std::vector<std::string_view>{"won", "hot", "warm", "cold", "stopped", "lost"}));
}

TEST(Enums, ParsersAcceptUnderscoresSpacesAndAnyCase) {
  EXPECT_EQ(parse_outcome("NO_ANSWER"), Outcome::NoAnswer);
  EXPECT_EQ(parse_outcome("no answer"), Outcome::NoAnswer);
  EXPECT_EQ(parse_outcome("  Call-Back "), Outcome::CallBack);
  EXPECT_EQ(parse_outcome("Refused To Talk"), Outcome::RefusedToTalk);
  EXPECT_EQ(parse_contact_kind("B2C"), ContactKind::B2C);
  EXPECT_EQ(parse_category("PROSPECT"), Category::Prospect);
}

TEST(Enums, ParsersAcceptTheFrenchWordsOfSalespeople) {
  EXPECT_EQ(parse_outcome("rappeler"), Outcome::CallBack);
  EXPECT_EQ(parse_outcome("Pas de réponse"), Outcome::NoAnswer);
  EXPECT_EQ(parse_outcome("absent"), Outcome::NoAnswer);
  EXPECT_EQ(parse_outcome("occupé"), Outcome::Busy);
  EXPECT_EQ(parse_outcome("OCCUPÉ"), Outcome::Busy);
  EXPECT_EQ(parse_outcome("refus"), Outcome::Refused);
  EXPECT_EQ(parse_outcome("RDV"), Outcome::Meeting);
  EXPECT_EQ(parse_outcome("rendez-vous"), Outcome::Meeting);
  EXPECT_EQ(parse_outcome("hors cible"), Outcome::OutOfTarget);
  EXPECT_EQ(parse_outcome("faux numéro"), Outcome::WrongNumber);
  EXPECT_EQ(parse_temperature("chaud"), Temperature::Hot);
  EXPECT_EQ(parse_temperature("tiède"), Temperature::Warm);
  EXPECT_EQ(parse_temperature("Froid"), Temperature::Cold);
  EXPECT_EQ(parse_temperature("gagné"), Temperature::Won);
  EXPECT_EQ(parse_temperature("perdu"), Temperature::Lost);
  EXPECT_EQ(parse_category("client"), Category::Client);
  EXPECT_EQ(parse_category("fournisseur"), Category::Supplier);
  EXPECT_EQ(parse_category("partenaire"), Category::Partner);
  EXPECT_EQ(parse_interaction_kind("appel"), InteractionKind::Call);
  EXPECT_EQ(parse_interaction_kind("courriel"), InteractionKind::Email);
  EXPECT_EQ(parse_interaction_kind("rdv"), InteractionKind::Meeting);
  EXPECT_EQ(parse_interaction_kind("courrier"), InteractionKind::Letter);
  EXPECT_EQ(parse_direction("entrant"), Direction::Inbound);
  EXPECT_EQ(parse_contact_kind("particulier"), ContactKind::B2C);
}

TEST(Enums, UnknownWordsAreRefused) {
  EXPECT_FALSE(parse_outcome("maybe").has_value());
  EXPECT_FALSE(parse_outcome("").has_value());
  EXPECT_FALSE(parse_category("vip").has_value());
  EXPECT_FALSE(parse_temperature("lukewarm").has_value());
  EXPECT_FALSE(parse_contact_kind("b2x").has_value());
  EXPECT_FALSE(parse_direction("sideways").has_value());
}

}  // namespace
}  // namespace coffre
