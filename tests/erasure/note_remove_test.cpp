// A note that should never have been written ("en arrêt maladie", a pregnancy, a union) is removed
// for good: after NoteStore::remove, no decrypted page of the database or its WAL holds its text,
// the search index has no segment with its words, the owner keeps its other notes and search row,
// and the audit log records the removal without the text.
#include <gtest/gtest.h>

#include "coffre/audit.h"
#include "coffre/stores.h"
#include "fakes/sql_contacts.h"
#include "fakes/sqlcipher_pages.h"
#include "fakes/vault_fixture.h"

namespace coffre {
namespace {

class NoteRemove : public test::VaultTest {
 protected:
  std::string pages() {
    auto& ctx = vault_->context();
    return test::decrypt_all_pages(crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::Database), ctx.db_path());
  }
  std::int64_t count(const std::string& sql) { return test::sql_count(*vault_, sql); }
};

TEST_F(NoteRemove, TheTextLeavesEveryPageAndTheIndex) {
  NewContact c;
  c.first_name = "Claire";
  c.last_name = "Roux";
  c.org_name = "Transports Legrand";
  auto id = ContactStore(*vault_).add(c);
  ASSERT_TRUE(id.ok());
  NoteStore notes(*vault_);
  // Enough other contacts and notes that the index has several segments to merge.
  for (int i = 0; i < 50; ++i) {
    NewContact o;
    o.last_name = "Autre" + std::to_string(i);
    auto oid = ContactStore(*vault_).add(o);
    ASSERT_TRUE(oid.ok());
    ASSERT_TRUE(notes.add_to_contact(*oid, "rappeler en mars " + std::to_string(i)).ok());
  }
  auto keep = notes.add_to_contact(*id, "Intéressée par le devis");
  auto bad = notes.add_to_contact(*id, "en arrêt maladie qzmaladiemarker jusqu'en juin");
  auto org = OrganisationStore(*vault_).find_by_name("Transports Legrand");
  ASSERT_TRUE(org.ok() && org->has_value());
  auto bad_org = notes.add_to_organisation(**org, "délégué syndical qzsyndicatmarker");
  ASSERT_TRUE(keep.ok() && bad.ok() && bad_org.ok());
  // Positive controls: findable, and in the decrypted pages.
  EXPECT_EQ(ContactStore(*vault_).search("qzmaladiemarker")->size(), 1u);
  EXPECT_EQ(ContactStore(*vault_).search("qzsyndicatmarker")->size(), 1u);
  {
    const auto p = pages();
    EXPECT_NE(p.find("qzmaladiemarker"), std::string::npos);
    EXPECT_NE(p.find("qzsyndicatmarker"), std::string::npos);
  }

  ASSERT_TRUE(notes.remove(*bad).ok());
  ASSERT_TRUE(notes.remove(*bad_org).ok());

  EXPECT_TRUE(ContactStore(*vault_).search("qzmaladiemarker")->empty());
  EXPECT_TRUE(ContactStore(*vault_).search("qzsyndicatmarker")->empty());
  EXPECT_EQ(ContactStore(*vault_).search("devis claire")->size(), 1u);  // the rest of the row stays
  EXPECT_EQ(ContactStore(*vault_).search("legrand")->size(), 1u);
  auto left = notes.for_contact(*id);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->at(0).id, *keep);
  for (const char* m : {"qzmaladie", "qzsyndicat"})
    for (const char* t : {"search_terms", "org_search_terms"})
      EXPECT_EQ(count(std::string("SELECT count(*) FROM ") + t + " WHERE instr(term, '" + m + "')"), 0) << t;
  {
    const auto p = pages();
    EXPECT_GT(p.size(), 8u * 4096);
    EXPECT_EQ(p.find("qzmaladiemarker"), std::string::npos) << "the note survives in a database or WAL page";
    EXPECT_EQ(p.find("qzsyndicatmarker"), std::string::npos) << "the organisation's note survives in a page";
    EXPECT_NE(p.find("Intéressée par le devis"), std::string::npos);  // control: the kept note is there
  }
  // The audit log says a note was removed, and nothing of what it said.
  auto log = audit_entries(*vault_, -1);
  ASSERT_TRUE(log.ok());
  int removals = 0;
  for (const auto& e : *log) {
    removals += e.action == "note.remove";
    EXPECT_EQ(e.details.find("qz"), std::string::npos);
  }
  EXPECT_EQ(removals, 2);
}

TEST_F(NoteRemove, AnUnknownNoteIsNotFoundAndChangesNothing) {
  auto r = NoteStore(*vault_).remove(4242);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(r.error().message, "no note with id 4242");
}

}  // namespace
}  // namespace coffre
