// Retention (issue 13): the clock, the built-in CNIL periods, policies, legal holds, the plan and
// the run, driven through the application layer with the injected clock, each rule one day before
// and one day after its date.
#include <gtest/gtest.h>

#include "coffre/app/erase.h"
#include "coffre/app/import.h"
#include "coffre/app/retention.h"
#include "coffre/app/session.h"
#include "coffre/audit.h"
#include "coffre/certificate.h"
#include "coffre/stores.h"
#include "fakes/test_support.h"
#include "fakes/session_fixture.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;
constexpr Time kDay = 86400;

class Retention : public test::SessionTest {
 protected:
  Id add(const std::string& name, Category category, std::optional<Time> collected = std::nullopt,
         ContactKind kind = ContactKind::B2B) {
    NewContact c;
    c.last_name = name;
    c.emails = {{name + "@exemple.fr", std::nullopt}};
    c.category = category;
    c.kind = kind;
    c.collected_at = collected;
    auto id = ContactStore(vault()).add(c);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
  void interaction(Id id, Direction d, Time at) {
    NewInteraction i;
    i.contact_id = id;
    i.direction = d;
    i.occurred_at = at;
    ASSERT_TRUE(InteractionStore(vault()).add(i).ok());
  }
  std::vector<Id> ids(const std::vector<RetentionEntry>& list) {
    std::vector<Id> out;
    for (const auto& e : list) out.push_back(e.id);
    return out;
  }
  RetentionPlan plan(Time at, Time within = 0) {
    auto p = plan_retention(vault(), at, within);
    EXPECT_TRUE(p.ok()) << p.error().message;
    return p.ok() ? *p : RetentionPlan{};
  }
};

TEST_F(Retention, AddMonthsIsCalendarArithmetic) {
  Time t = 0;
  ASSERT_TRUE(parse_utc("2023-02-28", t));
  Time want = 0;
  ASSERT_TRUE(parse_utc("2026-02-28", want));
  EXPECT_EQ(add_months(t, 36), want);
  ASSERT_TRUE(parse_utc("2024-02-29T10:00:00Z", t));  // leap day: the month's last day 3 years on
  ASSERT_TRUE(parse_utc("2027-02-28T10:00:00Z", want));
  EXPECT_EQ(add_months(t, 36), want);
  ASSERT_TRUE(parse_utc("2026-01-31", t));
  ASSERT_TRUE(parse_utc("2026-02-28", want));
  EXPECT_EQ(add_months(t, 1), want);
}

// CNIL: a prospect 3 years after collection or their last contact.
TEST_F(Retention, AProspectIsDueThreeYearsAfterCollectionNotADayBefore) {
  Time collected = 0;
  ASSERT_TRUE(parse_utc("2023-06-15", collected));
  const Id id = add("prospect", Category::Prospect, collected);
  const Time due = add_months(collected, 36);
  EXPECT_TRUE(plan(due - kDay).due.empty());
  auto p = plan(due + kDay);
  ASSERT_EQ(ids(p.due), std::vector<Id>{id});
  EXPECT_EQ(p.due[0].rule, "default:prospect");
  EXPECT_EQ(p.due[0].clock_start, collected);
  EXPECT_EQ(p.due[0].clock_moved_by, "collected");
  EXPECT_EQ(p.due[0].due_at, due);
  // Within 60 days of the date, the prospect is listed as upcoming (for a re-permission campaign).
  EXPECT_EQ(ids(plan(due - 30 * kDay, 60 * kDay).upcoming), std::vector<Id>{id});
}

TEST_F(Retention, AnInboundContactMovesTheClockAndAnOutboundOneDoesNot) {
  Time collected = 0;
  ASSERT_TRUE(parse_utc("2023-01-10", collected));
  const Id quiet = add("quiet", Category::Prospect, collected);
  const Id answered = add("answered", Category::Prospect, collected);
  Time called = 0, replied = 0;
  ASSERT_TRUE(parse_utc("2024-05-01", called));
  ASSERT_TRUE(parse_utc("2024-09-01", replied));
  interaction(quiet, Direction::Outbound, called);     // our call: not their contact
  interaction(answered, Direction::Inbound, replied);  // their reply
  const Time first_due = add_months(collected, 36);
  auto p = plan(first_due + kDay);
  EXPECT_EQ(ids(p.due), std::vector<Id>{quiet});
  const Time moved_due = add_months(replied, 36);
  p = plan(moved_due - kDay);
  EXPECT_EQ(ids(p.due), std::vector<Id>{quiet});
  p = plan(moved_due + kDay);
  ASSERT_EQ(p.due.size(), 2u);
  EXPECT_EQ(p.due[1].id, answered);
  EXPECT_EQ(p.due[1].clock_moved_by, "inbound");
  EXPECT_EQ(p.due[1].clock_start, replied);
}

TEST_F(Retention, ClientsAfterTheRelationPartnersNeverByDefault) {
  Time collected = 0;
  ASSERT_TRUE(parse_utc("2022-03-01", collected));
  const Id client = add("client", Category::Client, collected);
  add("partner", Category::Partner, collected);
  add("supplier", Category::Supplier, collected);
  auto p = plan(add_months(collected, 36) + kDay);
  ASSERT_EQ(ids(p.due), std::vector<Id>{client});
  EXPECT_EQ(p.due[0].rule, "default:client");
  // Ten years on, still only the client.
  EXPECT_EQ(plan(add_months(collected, 120)).due.size(), 1u);
}

TEST_F(Retention, APolicyOverridesTheDefaultPerKindAndIsAudited) {
  Time collected = 0;
  ASSERT_TRUE(parse_utc("2024-01-01", collected));
  const Id b2b = add("b2b", Category::Prospect, collected, ContactKind::B2B);
  const Id b2c = add("b2c", Category::Prospect, collected, ContactKind::B2C);
  app::PolicyRequest r;
  r.category = "prospect";
  r.kind = ContactKind::B2C;
  r.after = "1y";
  auto v = app::set_policy(*session_, r);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(*v, 1);
  auto p = plan(add_months(collected, 12) + kDay);
  ASSERT_EQ(ids(p.due), std::vector<Id>{b2c});
  EXPECT_EQ(p.due[0].rule, "policy:prospect:b2c:v1");
  EXPECT_EQ(p.policy_version, 1);
  EXPECT_EQ(ids(plan(add_months(collected, 36) + kDay).due), (std::vector<Id>{b2c, b2b}));  // soonest due first
  r.after = "never";
  r.kind.reset();
  ASSERT_TRUE(app::set_policy(*session_, r).ok());
  // The B2C override still applies to B2C; B2B now follows "prospect: never".
  EXPECT_EQ(ids(plan(add_months(collected, 120)).due), std::vector<Id>{b2c});
  auto entries = audit_entries(vault(), 100);
  ASSERT_TRUE(entries.ok());
  int policy_entries = 0;
  for (const auto& e : *entries) policy_entries += e.action == "retention.policy";
  EXPECT_EQ(policy_entries, 2);
  r.after = "3 years";
  EXPECT_EQ(app::set_policy(*session_, r).status().kind(), ErrorKind::Usage);
}

TEST_F(Retention, AHeldPersonIsNeverErasedAndAnExpiredHoldNoLongerHolds) {
  Time collected = 0;
  ASSERT_TRUE(parse_utc("2020-01-01", collected));
  const Id held = add("held", Category::Prospect, collected);
  const Id free = add("free", Category::Prospect, collected);
  Time until = 0;
  ASSERT_TRUE(parse_utc("2027-06-01", until));
  ASSERT_TRUE(app::place_hold(*session_, held, "litige en cours", until).ok());
  auto p = plan(clock_.now());
  EXPECT_EQ(ids(p.due), std::vector<Id>{free});
  ASSERT_EQ(ids(p.held), std::vector<Id>{held});
  EXPECT_EQ(p.held[0].hold_reason, "litige en cours");
  // Another erasure refuses too, unless overridden with a reason.
  auto refused = app::erase_people(*session_, {held, free}, "manual", NullProgress::instance());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Conflict);
  EXPECT_NE(refused.error().message.find("litige"), std::string::npos);
  EXPECT_EQ(*ContactStore(vault()).count(), 2) << "nobody may be erased when one of them is held";
  // The hold expires: the person is due.
  EXPECT_EQ(ids(plan(until + kDay).due), (std::vector<Id>{held, free}));
  app::EraseOptions o;
  o.override_hold = "litige clos";
  ASSERT_TRUE(app::erase_people(*session_, {held}, "manual", NullProgress::instance(), o).ok());
}

// The hold is checked by the erasure itself, so no path goes around it: undoing the import that
// added a held person refuses too.
TEST_F(Retention, AHoldAlsoStopsAnImportUndo) {
  test::write_file(tmp_ / "p.csv", "Nom;Email\nGarde;garde@exemple.fr\n");
  app::ImportFileRequest req;
  req.file = tmp_ / "p.csv";
  auto imported = app::import_file(*session_, req, NullProgress::instance());
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  const Id id = ContactStore(vault()).find_by_email("garde@exemple.fr")->front();
  ASSERT_TRUE(app::place_hold(*session_, id, "litige", std::nullopt).ok());
  auto undo = app::undo_import(*session_, imported->summary.batch, NullProgress::instance());
  ASSERT_FALSE(undo.ok());
  EXPECT_EQ(undo.error().kind, ErrorKind::Conflict);
  EXPECT_TRUE(ContactStore(vault()).get(id).ok());
}

TEST_F(Retention, TheRunErasesWhoIsDueWithCertificatesASignedSummaryAndTombstones) {
  Time collected = 0;
  ASSERT_TRUE(parse_utc("2022-01-01", collected));
  clock_.set(add_months(collected, 36) + kDay);
  const Id old1 = add("ancien1", Category::Prospect, collected);
  const Id old2 = add("ancien2", Category::Suspect, collected);
  const Id held = add("garde", Category::Prospect, collected);
  const Id fresh = add("recent", Category::Prospect, clock_.now() - 30 * kDay);
  ASSERT_TRUE(app::place_hold(*session_, held, "contrôle fiscal", std::nullopt).ok());

  app::RetentionRunOptions dry;
  dry.dry_run = true;
  auto d = app::retention_run(*session_, dry, NullProgress::instance());
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(ids(d->plan.due), (std::vector<Id>{old1, old2}));
  EXPECT_EQ(d->erased, 0);
  EXPECT_EQ(*ContactStore(vault()).count(), 4);

  app::RetentionRunOptions run;
  run.summary = tmp_ / "summary.json";
  auto r = app::retention_run(*session_, run, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->erased, 2);
  EXPECT_EQ(r->held, 1);
  EXPECT_EQ(r->failed, 0);
  ASSERT_EQ(r->proofs.size(), 2u);
  EXPECT_EQ(r->proofs[0].reason, ErasureReason::Retention);
  EXPECT_EQ(*ContactStore(vault()).count(), 2);
  EXPECT_TRUE(ContactStore(vault()).get(fresh).ok());
  EXPECT_TRUE(ContactStore(vault()).get(held).ok());
  // The summary is signed by the vault, holds counts and no one's data, and is private.
  const std::string summary = test::read_file(tmp_ / "summary.json");
  EXPECT_NE(summary.find("coffre-retention-run/1"), std::string::npos);
  EXPECT_NE(summary.find("\"erased\": 2"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("ancien"), std::string::npos);
  EXPECT_TRUE(verify_certificate(vault(), "coffre-retention-run/1", summary).ok());
  EXPECT_EQ(fs::status(tmp_ / "summary.json").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  // Tombstones: the e-mail of an erased person is known as erased for retention, and when.
  auto when = retention_tombstone(vault(), {"ancien1@exemple.fr"}, {});
  ASSERT_TRUE(when.ok());
  ASSERT_TRUE(when->has_value());
  EXPECT_EQ(**when, clock_.now());
  auto none = retention_tombstone(vault(), {"recent@exemple.fr"}, {});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  // A file collected before the erasure does not bring them back; a newer collection does.
  test::write_file(tmp_ / "old.csv", "Nom;Email\nancien1;ancien1@exemple.fr\n");
  app::ImportFileRequest old_file;
  old_file.file = tmp_ / "old.csv";
  old_file.collected = "2021-06-01";
  auto imported = app::import_file(*session_, old_file, NullProgress::instance());
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->summary.expired, 1);
  EXPECT_EQ(imported->summary.added, 0);
  test::write_file(tmp_ / "new.csv", "Nom;Email\nancien1;ancien1@exemple.fr\n");
  app::ImportFileRequest new_file;
  new_file.file = tmp_ / "new.csv";
  clock_.advance(2 * kDay);
  new_file.collected = format_utc(clock_.now() - kDay).substr(0, 10);
  imported = app::import_file(*session_, new_file, NullProgress::instance());
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->summary.expired, 0);
  EXPECT_EQ(imported->summary.added, 1);
  ASSERT_TRUE(erase_contact(vault(), ContactStore(vault()).find_by_email("ancien1@exemple.fr")->front(),
                            ErasureReason::Manual).ok());
  // A second run finds no one; a summary file is never overwritten.
  auto again = app::retention_run(*session_, run, NullProgress::instance());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Conflict);
  run.summary = tmp_ / "summary2.json";
  again = app::retention_run(*session_, run, NullProgress::instance());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->erased, 0);
}

TEST_F(Retention, APolicyChangeBetweenPlanAndRunIsWhatTheRunFollows) {
  Time collected = 0;
  ASSERT_TRUE(parse_utc("2022-01-01", collected));
  clock_.set(add_months(collected, 36) + kDay);
  add("prospect", Category::Prospect, collected);
  EXPECT_EQ(plan(clock_.now()).due.size(), 1u);
  app::PolicyRequest r;
  r.category = "prospect";
  r.after = "5y";
  ASSERT_TRUE(app::set_policy(*session_, r).ok());
  app::RetentionRunOptions run;
  run.summary = tmp_ / "s.json";
  auto out = app::retention_run(*session_, run, NullProgress::instance());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->erased, 0);
  EXPECT_EQ(out->plan.policy_version, 1);
  EXPECT_EQ(*ContactStore(vault()).count(), 1);
}

}  // namespace
}  // namespace coffre
