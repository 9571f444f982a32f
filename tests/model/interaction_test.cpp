#include <gtest/gtest.h>

#include "model_fixture.h"

namespace coffre {
namespace {

using test::ModelTest;
constexpr Time kDay = 24 * 3600;

TEST_F(ModelTest, InteractionRoundTrips) {
  Id c = add("Jean", "Martin");
  NewInteraction in;
  in.contact_id = c;
  in.kind = InteractionKind::Meeting;
  in.direction = Direction::Outbound;
  in.occurred_at = clock_.now() - 3 * kDay;
  in.outcome = Outcome::Project;
  in.follow_up_at = clock_.now() + 7 * kDay;
  in.summary = "Démonstration sur site";
  auto id = interactions().add(in);
  ASSERT_TRUE(id.ok()) << id.error().message;
  reopen();
  auto list = interactions().for_contact(c);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  const auto& i = list->front();
  EXPECT_EQ(i.id, *id);
  EXPECT_EQ(i.contact_id, c);
  EXPECT_EQ(i.kind, InteractionKind::Meeting);
  EXPECT_EQ(i.direction, Direction::Outbound);
  EXPECT_EQ(i.occurred_at, clock_.now() - 3 * kDay);
  EXPECT_EQ(i.outcome, Outcome::Project);
  EXPECT_EQ(i.follow_up_at, clock_.now() + 7 * kDay);
  EXPECT_EQ(i.summary, "Démonstration sur site");
  EXPECT_EQ(i.created_at, clock_.now());
}

TEST_F(ModelTest, OccurredAtDefaultsToNowAndListIsChronological) {
  Id c = add("Jean", "Martin");
  NewInteraction a;
  a.contact_id = c;
  ASSERT_TRUE(interactions().add(a).ok());
  NewInteraction b = a;
  b.occurred_at = clock_.now() - kDay;
  ASSERT_TRUE(interactions().add(b).ok());
  auto list = interactions().for_contact(c);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].occurred_at, clock_.now() - kDay);
  EXPECT_EQ((*list)[1].occurred_at, clock_.now());
  EXPECT_FALSE((*list)[1].outcome.has_value());
}

TEST_F(ModelTest, InboundInteractionMovesLastInboundForwardOnly) {
  Id c = add("Jean", "Martin");
  NewInteraction out;
  out.contact_id = c;
  out.direction = Direction::Outbound;
  ASSERT_TRUE(interactions().add(out).ok());
  EXPECT_FALSE(contacts().get(c)->last_inbound_at.has_value()) << "outbound does not count";

  NewInteraction in;
  in.contact_id = c;
  in.direction = Direction::Inbound;
  in.occurred_at = clock_.now() - 10 * kDay;
  ASSERT_TRUE(interactions().add(in).ok());
  EXPECT_EQ(contacts().get(c)->last_inbound_at, clock_.now() - 10 * kDay);

  in.occurred_at = clock_.now() - 2 * kDay;
  ASSERT_TRUE(interactions().add(in).ok());
  EXPECT_EQ(contacts().get(c)->last_inbound_at, clock_.now() - 2 * kDay);

  in.occurred_at = clock_.now() - 30 * kDay;  // an old call logged late
  ASSERT_TRUE(interactions().add(in).ok());
  EXPECT_EQ(contacts().get(c)->last_inbound_at, clock_.now() - 2 * kDay);
}

TEST_F(ModelTest, InteractionsInTheFutureAndForUnknownContactsAreRefused) {
  Id c = add("Jean", "Martin");
  NewInteraction in;
  in.contact_id = c;
  in.direction = Direction::Inbound;
  in.occurred_at = clock_.now() + 30 * kDay;
  EXPECT_EQ(interactions().add(in).error().kind, ErrorKind::InvalidInput);
  EXPECT_FALSE(contacts().get(c)->last_inbound_at.has_value());
  in.occurred_at.reset();
  in.contact_id = c + 1;
  EXPECT_EQ(interactions().add(in).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(interactions().for_contact(c + 1).error().kind, ErrorKind::NotFound);
}

TEST_F(ModelTest, DueFollowUpsAreTheLatestInteractionsAskingForOne) {
  Id a = add("Anne", "Abel"), b = add("Bruno", "Blanc"), d = add("Denise", "Durand");
  auto log = [&](Id who, Time at, std::optional<Time> follow) {
    NewInteraction i;
    i.contact_id = who;
    i.occurred_at = at;
    i.follow_up_at = follow;
    auto r = interactions().add(i);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : 0;
  };
  const Time now = clock_.now();
  Id a1 = log(a, now - 5 * kDay, now - kDay);          // due yesterday
  log(b, now - 5 * kDay, now - 2 * kDay);               // superseded by the next one
  Id b2 = log(b, now - kDay, now + 3 * kDay);           // due in 3 days
  log(d, now - 5 * kDay, now - 3 * kDay);
  log(d, now - kDay, std::nullopt);                     // the call that was the follow-up
  auto due = interactions().due_follow_ups(now);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().id, a1);
  due = interactions().due_follow_ups(now + 7 * kDay);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, a1);
  EXPECT_EQ((*due)[1].id, b2);
}

}  // namespace
}  // namespace coffre
