#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <set>
#include <string_view>

#include "coffre/audit.h"
#include "coffre/erasure.h"
#include "coffre/suppression.h"
#include "fakes/sql_contacts.h"
#include "vault/context.h"
#include "model_fixture.h"

namespace coffre {
namespace {

using test::ModelTest;

class CountingProgress final : public Progress {
 public:
  void start(std::string_view, std::uint64_t total) override { total_ = total; }
  void advance(std::uint64_t done) override { calls_.push_back(done); }
  void finish() override { finished_ = true; }
  std::uint64_t total_ = 0;
  std::vector<std::uint64_t> calls_;
  bool finished_ = false;
};

NewContact full_contact() {
  NewContact c;
  c.first_name = "  Hélène ";
  c.last_name = "Dupré";
  c.role = "Gérante";
  c.address = "12 rue de la Paix, 75002 Paris";
  c.kind = ContactKind::B2C;
  c.category = Category::Client;
  c.temperature = Temperature::Warm;
  c.source = "Salon de l'agriculture 2026";
  c.collected_at = 1760000000;
  c.emails = {{"Helene.Dupre@Exemple.FR", "work"}, {"helene@perso.fr", std::nullopt}};
  c.phones = {{"06 12 34 56 78", "mobile"}};
  c.org_name = "Boulangerie Dupré";
  return c;
}

TEST_F(ModelTest, ContactRoundTripsWithEveryField) {
  auto id = contacts().add(full_contact());
  ASSERT_TRUE(id.ok()) << id.error().message;
  reopen();
  auto c = contacts().get(*id);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->id, *id);
  EXPECT_EQ(c->first_name, "Hélène");
  EXPECT_EQ(c->last_name, "Dupré");
  EXPECT_EQ(c->role, "Gérante");
  EXPECT_EQ(c->address, "12 rue de la Paix, 75002 Paris");
  EXPECT_EQ(c->kind, ContactKind::B2C);
  EXPECT_EQ(c->category, Category::Client);
  EXPECT_EQ(c->temperature, Temperature::Warm);
  EXPECT_EQ(c->source, "Salon de l'agriculture 2026");
  EXPECT_EQ(c->collected_at, 1760000000);
  ASSERT_EQ(c->emails.size(), 2u);
  EXPECT_EQ(c->emails[0].value, "helene.dupre@exemple.fr");
  EXPECT_EQ(c->emails[0].label, "work");
  EXPECT_EQ(c->emails[1].value, "helene@perso.fr");
  EXPECT_FALSE(c->emails[1].label.has_value());
  ASSERT_EQ(c->phones.size(), 1u);
  EXPECT_EQ(c->phones[0].value, "+33612345678");
  EXPECT_EQ(c->phones[0].label, "mobile");
  ASSERT_TRUE(c->org_id.has_value());
  EXPECT_EQ(c->org_name, "Boulangerie Dupré");
  EXPECT_EQ(c->created_at, clock_.now());
  EXPECT_EQ(c->updated_at, clock_.now());
  EXPECT_FALSE(c->last_inbound_at.has_value());
  ASSERT_EQ(c->pseudonym.size(), 17u);
  EXPECT_EQ(c->pseudonym[0], 'S');
}

TEST_F(ModelTest, MinimalContactGetsDefaults) {
  Id id = add("Jean", "Martin");
  auto c = contacts().get(id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->kind, ContactKind::B2B);
  EXPECT_EQ(c->category, Category::Prospect);
  EXPECT_FALSE(c->temperature.has_value());
  EXPECT_FALSE(c->org_id.has_value());
  EXPECT_TRUE(c->emails.empty());
}

TEST_F(ModelTest, PseudonymsAreDistinct) {
  Id a = add("A", "A"), b = add("B", "B");
  EXPECT_NE(contacts().get(a)->pseudonym, contacts().get(b)->pseudonym);
}

// Pseudonyms are "S" + 8 random hex digits drawn once per writer + a counter (8 hex digits) that
// starts at a random value: a batch shares the prefix and gets unique, increasing pseudonyms, and
// nothing in them tells when the contact was created (issue 17, item 4).
std::string time_prefix(std::int64_t seconds) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "S%08x", static_cast<unsigned>(seconds));
  return buf;
}

bool lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

TEST_F(ModelTest, BatchPseudonymsShareARandomPrefixAndIncreaseWithIds) {
  std::vector<NewContact> batch(3000);
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].last_name = "Nom" + std::to_string(i);
  const std::int64_t t = clock_.now();
  auto ids = contacts().add_batch(batch, NullProgress::instance());
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  ASSERT_EQ(ids->size(), batch.size());
  ASSERT_EQ(time_prefix(t), "S69248100");  // 1764000000 = 0x69248100: the FakeClock's start
  const std::string prefix = contacts().get(ids->front())->pseudonym.substr(0, 9);
  EXPECT_NE(prefix, time_prefix(t)) << "the pseudonym tells the creation time";
  std::set<std::string> seen;
  std::string previous;
  Id previous_id = 0;
  for (Id id : *ids) {
    auto c = contacts().get(id);
    ASSERT_TRUE(c.ok()) << c.error().message;
    const std::string& p = c->pseudonym;
    ASSERT_EQ(p.size(), 17u) << p;
    ASSERT_EQ(p.substr(0, 9), prefix) << p;
    ASSERT_TRUE(lower_hex(p.substr(1))) << p;
    ASSERT_TRUE(seen.insert(p).second) << "duplicate " << p;
    ASSERT_GT(id, previous_id);
    ASSERT_GT(p, previous) << "pseudonyms must follow ids";  // fixed width: string order = numeric order
    previous = p;
    previous_id = id;
  }

  // Another writer in the same second draws its own prefix and counter start: no collision.
  std::vector<NewContact> second_batch(500);
  for (std::size_t i = 0; i < second_batch.size(); ++i) second_batch[i].first_name = "Autre" + std::to_string(i);
  auto more = contacts().add_batch(second_batch, NullProgress::instance());
  ASSERT_TRUE(more.ok()) << more.error().message;
  const std::string second_prefix = contacts().get(more->front())->pseudonym.substr(0, 9);
  EXPECT_NE(second_prefix, prefix);
  for (Id id : *more) {
    const std::string p = contacts().get(id)->pseudonym;
    EXPECT_EQ(p.substr(0, 9), second_prefix) << p;
    EXPECT_TRUE(seen.insert(p).second) << "duplicate " << p;
  }

  // A contact created later does not carry the later second either.
  clock_.advance(3600);
  const Id later = add("Tardif", "Martin");
  const std::string p = contacts().get(later)->pseudonym;
  EXPECT_EQ(p.size(), 17u);
  EXPECT_NE(p.substr(0, 9), time_prefix(t + 3600)) << p;
  EXPECT_TRUE(lower_hex(p.substr(1))) << p;
  EXPECT_EQ(*contacts().count(), 3501);
}

// A pseudonym already taken (another writer of the same second whose counter range overlapped)
// makes the writer draw a new counter start and try again, instead of failing the batch. The
// collision is made by taking, from inside the batch's own transaction (at its first progress
// report), the pseudonym that the next contact would get.
class PseudonymSquatter final : public Progress {
 public:
  explicit PseudonymSquatter(Vault& vault) : vault_(vault) {}
  void start(std::string_view, std::uint64_t) override {}
  void advance(std::uint64_t done) override {
    if (done != 1000 || !squatted_.empty()) return;
    auto& db = vault_.context().db;
    auto last = db.prepare("SELECT max(pseudonym) FROM contacts");
    ASSERT_TRUE(last.ok());
    ASSERT_TRUE(*last->step());
    const std::string p = last->column_text(0);
    ASSERT_EQ(p.size(), 17u);
    char next[18];
    std::snprintf(next, sizeof next, "%s%08lx", p.substr(0, 9).c_str(), std::stoul(p.substr(9), nullptr, 16) + 1);
    squatted_ = next;
    auto ins = db.prepare("INSERT INTO contacts(pseudonym, first_name, last_name, created_at, updated_at) "
                          "VALUES(?, 'Squat', 'Ter', 0, 0)");
    ASSERT_TRUE(ins.ok());
    ASSERT_TRUE(ins->bind(1, squatted_).run().ok());
    squatter_id_ = db.last_insert_id();
  }
  void finish() override {}
  std::string squatted_;
  Id squatter_id_ = 0;

 private:
  Vault& vault_;
};

TEST_F(ModelTest, ATakenPseudonymIsRedrawnNotFatal) {
  std::vector<NewContact> batch(2000);
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].last_name = "Nom" + std::to_string(i);
  PseudonymSquatter squatter(vault());
  auto ids = contacts().add_batch(batch, squatter);
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  ASSERT_FALSE(squatter.squatted_.empty()) << "the progress report at 1000 never came";
  ASSERT_EQ(ids->size(), batch.size());
  EXPECT_EQ(*contacts().count(), 2001);
  EXPECT_EQ(contacts().get(squatter.squatter_id_)->pseudonym, squatter.squatted_);
  // Before the collision, one prefix; the redraw draws a new prefix and counter start.
  const std::string prefix = contacts().get(ids->front())->pseudonym.substr(0, 9);
  std::set<std::string> seen{squatter.squatted_};
  std::vector<std::string> pseudonyms;
  for (Id id : *ids) {
    const std::string p = contacts().get(id)->pseudonym;
    ASSERT_EQ(p.size(), 17u);
    if (pseudonyms.size() < 1000) {
      EXPECT_EQ(p.substr(0, 9), prefix) << p;
    }
    EXPECT_TRUE(seen.insert(p).second) << "duplicate " << p;
    pseudonyms.push_back(p);
  }
  // Each run (before and after the redraw) still counts up; across the redraw the order of
  // pseudonyms and ids may differ, since the new start is random.
  for (std::size_t i = 1; i < pseudonyms.size(); ++i)
    if (i != 1000) {
      EXPECT_GT(pseudonyms[i], pseudonyms[i - 1]) << i;
    }
}

TEST_F(ModelTest, PseudonymsTellNeitherTheVaultClockNorTheWallClock) {
  clock_.set(0x7fffff00);  // 2038-01-19: far from the machine's time
  Id a = add("Jean", "Martin");
  EXPECT_NE(contacts().get(a)->pseudonym.substr(0, 9), "S7fffff00");
  clock_.set(0x12345678);
  std::vector<NewContact> batch(2);
  batch[0].first_name = "A";
  batch[1].first_name = "B";
  auto ids = contacts().add_batch(batch, NullProgress::instance());
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  for (Id id : *ids) EXPECT_NE(contacts().get(id)->pseudonym.substr(0, 9), "S12345678");
  const auto wall = static_cast<std::int64_t>(std::time(nullptr));
  for (Id id : *ids) EXPECT_NE(contacts().get(id)->pseudonym.substr(0, 7), time_prefix(wall).substr(0, 7));
}

TEST_F(ModelTest, DecomposedNamesAreStoredComposed) {
  Id id = add("He\xCC\x81le\xCC\x80ne", "Martin");  // "Hélène" with combining accents (macOS)
  EXPECT_EQ(contacts().get(id)->first_name, "Hélène");
}

TEST_F(ModelTest, InvalidInputNamesTheFieldAndWritesNothing) {
  NewContact c;
  c.first_name = "Jean";
  c.emails = {{"jean-at-exemple.fr", std::nullopt}};
  auto r = contacts().add(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(r.error().message.find("email"), std::string::npos);
  c.emails.clear();
  c.phones = {{"12", std::nullopt}};
  r = contacts().add(c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("phone"), std::string::npos);
  EXPECT_FALSE(contacts().add(NewContact{}).ok());  // nothing to identify anyone
  EXPECT_EQ(*contacts().count(), 0);
}

TEST_F(ModelTest, UnknownIdsAreNotFound) {
  auto r = contacts().get(42);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(r.error().message, "no contact with id 42");
  EXPECT_EQ(contacts().update(42, ContactPatch{}).kind(), ErrorKind::NotFound);
  EXPECT_EQ(erase_contact(vault(), 42, ErasureReason::Manual).error().kind, ErrorKind::NotFound);
  NewContact c;
  c.first_name = "X";
  c.org_id = 77;
  EXPECT_EQ(contacts().add(c).error().kind, ErrorKind::NotFound);
}

TEST_F(ModelTest, UpdateChangesOnlyWhatThePatchSets) {
  auto id = contacts().add(full_contact());
  ASSERT_TRUE(id.ok());
  clock_.advance(3600);
  ContactPatch p;
  p.last_name = "Durand";
  p.temperature = Temperature::Hot;
  p.role = "";  // clears
  p.phones = std::vector<Labelled>{{"+33 1 23 45 67 89", "bureau"}};
  p.org_name = "SOCIÉTÉ GÉNÉRALE";
  ASSERT_TRUE(contacts().update(*id, p).ok());
  auto c = contacts().get(*id);
  EXPECT_EQ(c->first_name, "Hélène");
  EXPECT_EQ(c->last_name, "Durand");
  EXPECT_EQ(c->temperature, Temperature::Hot);
  EXPECT_FALSE(c->role.has_value());
  EXPECT_EQ(c->emails.size(), 2u);  // untouched
  ASSERT_EQ(c->phones.size(), 1u);
  EXPECT_EQ(c->phones[0].value, "+33123456789");
  EXPECT_EQ(c->org_name, "SOCIÉTÉ GÉNÉRALE");
  EXPECT_EQ(c->updated_at, c->created_at + 3600);
  ContactPatch bad;
  bad.emails = std::vector<Labelled>{{"nope", std::nullopt}};
  EXPECT_EQ(contacts().update(*id, bad).kind(), ErrorKind::InvalidInput);
  EXPECT_EQ(contacts().get(*id)->emails.size(), 2u);  // rolled back
  ContactPatch clear_org;
  clear_org.org_name = "";
  ASSERT_TRUE(contacts().update(*id, clear_org).ok());
  EXPECT_FALSE(contacts().get(*id)->org_id.has_value());
}

TEST_F(ModelTest, OrganisationFoundByNameWhateverTheCaseAndSpacing) {
  Id a = add("A", "A", {}, {}, "Société Générale");
  Id b = add("B", "B", {}, {}, "SOCIÉTÉ GÉNÉRALE");
  Id c = add("C", "C", {}, {}, "  société   générale ");
  Id d = add("D", "D", {}, {}, "Acme");
  Id e = add("E", "E", {}, {}, "ACME");
  EXPECT_EQ(contacts().get(a)->org_id, contacts().get(b)->org_id);
  EXPECT_EQ(contacts().get(a)->org_id, contacts().get(c)->org_id);
  EXPECT_EQ(contacts().get(d)->org_id, contacts().get(e)->org_id);
  EXPECT_NE(contacts().get(a)->org_id, contacts().get(d)->org_id);
  EXPECT_EQ(orgs().list()->size(), 2u);
}

TEST_F(ModelTest, ListFiltersAndPages) {
  NewContact c;
  c.first_name = "Zoé";
  c.last_name = "Zola";
  c.category = Category::Client;
  c.temperature = Temperature::Hot;
  c.org_name = "Acme";
  ASSERT_TRUE(contacts().add(c).ok());
  add("Anne", "Abel");
  add("Marc", "Moreau", {}, {}, "Acme");
  auto all = contacts().list();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].last_name, "Abel");  // sorted by name
  EXPECT_EQ((*all)[2].last_name, "Zola");
  ContactFilter f;
  f.category = Category::Client;
  EXPECT_EQ(contacts().list(f)->size(), 1u);
  f = {};
  f.temperature = Temperature::Hot;
  EXPECT_EQ(contacts().list(f)->front().first_name, "Zoé");
  f = {};
  f.org_id = *orgs().find_by_name("acme").value();
  EXPECT_EQ(contacts().list(f)->size(), 2u);
  f = {};
  f.limit = 1;
  f.offset = 1;
  auto page = contacts().list(f);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().last_name, "Moreau");
  EXPECT_EQ(*contacts().count(), 3);
}

TEST_F(ModelTest, FindByEmailAndPhone) {
  Id a = add("A", "A", {"Jean@Exemple.fr"}, {"06 12 34 56 78"});
  add("B", "B", {"other@exemple.fr"});
  EXPECT_EQ(*contacts().find_by_email("jean@exemple.fr"), std::vector<Id>{a});
  EXPECT_EQ(*contacts().find_by_email(" JEAN@exemple.fr"), std::vector<Id>{a});
  EXPECT_EQ(*contacts().find_by_phone("+33612345678"), std::vector<Id>{a});
  EXPECT_EQ(*contacts().find_by_phone("06.12.34.56.78"), std::vector<Id>{a});
  EXPECT_TRUE(contacts().find_by_email("nobody@exemple.fr")->empty());
}

TEST_F(ModelTest, BatchInsertsEverythingWithOneAuditEntry) {
  std::vector<NewContact> batch;
  for (int i = 0; i < 2500; ++i) {
    NewContact c;
    c.first_name = "Prénom" + std::to_string(i);
    c.last_name = "Nom" + std::to_string(i);
    c.emails = {{"p" + std::to_string(i) + "@exemple.fr", std::nullopt}};
    c.phones = {{"06 12 34 " + std::to_string(10 + i % 90) + " " + std::to_string(10 + i / 90 % 90), std::nullopt}};
    c.org_name = "Entreprise " + std::to_string(i % 7);
    batch.push_back(c);
  }
  auto before = audit_entries(vault(), 1000);
  CountingProgress progress;
  auto ids = contacts().add_batch(batch, progress);
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  ASSERT_EQ(ids->size(), 2500u);
  EXPECT_EQ(*contacts().count(), 2500);
  EXPECT_EQ(orgs().list()->size(), 7u);
  auto c = contacts().get((*ids)[1234]);
  EXPECT_EQ(c->first_name, "Prénom1234");
  EXPECT_EQ(c->emails[0].value, "p1234@exemple.fr");
  EXPECT_EQ(c->org_name, "Entreprise 2");
  EXPECT_EQ(progress.total_, 2500u);
  EXPECT_EQ(progress.calls_, (std::vector<std::uint64_t>{1000, 2000, 2500}));
  EXPECT_TRUE(progress.finished_);
  auto after = audit_entries(vault(), 1000);
  ASSERT_EQ(after->size(), before->size() + 1);
  EXPECT_EQ(after->front().action, "contact.add_batch");
  EXPECT_EQ(after->front().details, "contacts=2500 organisations_created=7");
  EXPECT_EQ(contacts().search("prénom1234")->size(), 1u);
}

TEST_F(ModelTest, BatchWithOneBadRowWritesNothingAndNamesTheRow) {
  std::vector<NewContact> batch(3);
  batch[0].first_name = "A";
  batch[1].first_name = "B";
  batch[1].emails = {{"broken", std::nullopt}};
  batch[2].first_name = "C";
  auto r = contacts().add_batch(batch, NullProgress::instance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(r.error().message.find("contact 2 of the batch"), std::string::npos) << r.error().message;
  EXPECT_EQ(*contacts().count(), 0);
}

TEST_F(ModelTest, BatchWithAnEmptyNoteFailsWholeAndNamesContactAndNote) {
  auto audit_before = audit_entries(vault(), 1000);
  ASSERT_TRUE(audit_before.ok());
  std::vector<NewContact> batch(3);
  batch[0].first_name = "Alice";
  batch[0].notes = {"Une note valable"};
  batch[0].org_name = "Organisation Neuve";
  batch[1].first_name = "Bruno";
  batch[1].notes = {""};
  batch[2].first_name = "Chloé";
  auto r = contacts().add_batch(batch, NullProgress::instance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(r.error().message.rfind("contact 2 of the batch: note 1: ", 0), 0u) << r.error().message;
  EXPECT_NE(r.error().message.find("empty"), std::string::npos) << r.error().message;
  // Nothing of the batch is written: not the valid contact before, its note, its organisation,
  // its search row, nor an audit entry.
  EXPECT_EQ(*contacts().count(), 0);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM notes"), 0);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM organisations"), 0);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM search_terms"), 0);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM org_search_terms"), 0);
  EXPECT_TRUE(contacts().search("valable")->empty());
  EXPECT_EQ(audit_entries(vault(), 1000)->size(), audit_before->size());

  // A blank note (only spaces and newlines) is empty too, and the message counts notes from 1.
  batch[1].notes = {"Première note", " \n  \n "};
  r = contacts().add_batch(batch, NullProgress::instance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(r.error().message.rfind("contact 2 of the batch: note 2: ", 0), 0u) << r.error().message;
  EXPECT_EQ(*contacts().count(), 0);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM notes"), 0);

  // Over 1 MiB is refused the same way.
  batch[1].notes = {std::string((1 << 20) + 1, 'x')};
  r = contacts().add_batch(batch, NullProgress::instance());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(r.error().message.rfind("contact 2 of the batch: note 1: ", 0), 0u) << r.error().message;
  EXPECT_EQ(*contacts().count(), 0);

  // The single add refuses an empty note too, and writes nothing.
  NewContact single;
  single.first_name = "Denis";
  single.notes = {"\t"};
  auto one = contacts().add(single);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(one.error().message.find("note 1"), std::string::npos) << one.error().message;
  EXPECT_EQ(*contacts().count(), 0);

  // With the bad note fixed the same batch goes in.
  batch[1].notes = {"Rappeler jeudi"};
  r = contacts().add_batch(batch, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*contacts().count(), 3);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM notes"), 2);
}

TEST_F(ModelTest, RemoveErasesTheContactAndItsRows) {
  Id id = add("Hélène", "Dupré", {"helene@exemple.fr"});
  ASSERT_TRUE(notes().add_to_contact(id, "note secrète").ok());
  NewInteraction i;
  i.contact_id = id;
  ASSERT_TRUE(interactions().add(i).ok());
  ASSERT_TRUE(erase_contact(vault(), id, ErasureReason::Manual).ok());
  EXPECT_EQ(contacts().get(id).error().kind, ErrorKind::NotFound);
  EXPECT_TRUE(contacts().search("helene")->empty());
  EXPECT_TRUE(contacts().find_by_email("helene@exemple.fr")->empty());
  EXPECT_EQ(*contacts().count(), 0);
}

TEST_F(ModelTest, SuppressedPeopleAreNotAddedAgain) {
  ASSERT_TRUE(suppress(vault(), {"objected@exemple.fr"}, {}).ok());
  NewContact c;
  c.first_name = "Paul";
  c.emails = {{"Objected@Exemple.fr", std::nullopt}};
  auto r = contacts().add(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Conflict);
  std::vector<NewContact> batch{c};
  EXPECT_FALSE(contacts().add_batch(batch, NullProgress::instance()).ok());
  EXPECT_EQ(*contacts().count(), 0);
}

TEST_F(ModelTest, AuditEntriesNameThePseudonymAndCarryNoPersonalData) {
  auto id = contacts().add(full_contact());
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(notes().add_to_contact(*id, "Aime le pain au levain").ok());
  ContactPatch p;
  p.last_name = "Durand";
  ASSERT_TRUE(contacts().update(*id, p).ok());
  const std::string pseudonym = contacts().get(*id)->pseudonym;
  auto entries = audit_entries(vault(), 100);
  ASSERT_TRUE(entries.ok());
  int about = 0;
  for (const auto& e : *entries) {
    if (e.subject == pseudonym) ++about;
    for (const char* personal : {"Hélène", "Dupré", "Durand", "helene", "+336", "levain", "Boulangerie"}) {
      EXPECT_EQ(e.details.find(personal), std::string::npos) << e.action << ": " << e.details;
      EXPECT_EQ(e.action.find(personal), std::string::npos);
    }
  }
  EXPECT_EQ(about, 3);  // contact.add, note.add, contact.update
  EXPECT_TRUE(verify_audit(vault())->ok);
}

}  // namespace
}  // namespace coffre
