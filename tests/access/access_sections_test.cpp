// The access export's sections come from the data map (coffre/data_map.h): in its order, and every
// table the map says feeds a section shows in that section. One row is written in each such table
// for a contact, with plain SQL where no store exists; a table added to the map with a section
// fails here until it has a row below and the export shows it.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "coffre/access.h"
#include "coffre/audit.h"
#include "coffre/data_map.h"
#include "fakes/sql_contacts.h"
#include "fakes/vault_fixture.h"
#include "vault/context.h"

namespace coffre {
namespace {

class AccessSections : public test::VaultTest {
 protected:
  void sql(const std::string& statement) { test::sql_ok(vault_->context().db.exec(statement)); }
  // One row about contact `id` in each table, by name.
  std::map<std::string, std::function<void(const std::string& id)>> one_row() {
    const std::string batch = "INSERT OR IGNORE INTO import_batches(id, source, file_name, file_sha256, format, "
                              "lawful_basis, kind, imported_at) VALUES('b1', 'Salon', 'salon.csv', '00', 'csv', "
                              "'consent', 'b2b', 0)";
    return {
        {"contacts", [](const std::string&) {}},  // the contact itself
        {"contact_emails",
         [&](const std::string& id) { sql("INSERT INTO contact_emails VALUES(" + id + ", 0, 'a@b.fr', NULL)"); }},
        {"contact_phones",
         [&](const std::string& id) { sql("INSERT INTO contact_phones VALUES(" + id + ", 0, '+33612345678', NULL)"); }},
        {"notes",
         [&](const std::string& id) { sql("INSERT INTO notes(contact_id, body, created_at) VALUES(" + id + ", 'n', 0)"); }},
        {"interactions",
         [&](const std::string& id) {
           sql("INSERT INTO interactions(contact_id, kind, direction, occurred_at, created_at) VALUES(" + id +
               ", 'call', 'outbound', 0, 0)");
         }},
        {"documents",
         [&](const std::string& id) {
           sql("INSERT INTO documents(contact_id, blob_id, name, size, sha256, added_at) VALUES(" + id +
               ", 'blob1', 'devis.pdf', 1, '00', 0)");
         }},
        {"organisations",
         [&](const std::string& id) {
           sql("INSERT INTO organisations(id, name, created_at, updated_at) VALUES(7, 'Boulangerie', 0, 0)");
           sql("UPDATE contacts SET org_id = 7 WHERE id = " + id);
         }},
        {"contact_provenance",
         [&, batch](const std::string& id) {
           sql(batch);
           sql("INSERT INTO contact_provenance(contact_id, batch_id, action, line) VALUES(" + id + ", 'b1', 'added', 2)");
         }},
        {"import_batches", [&, batch](const std::string&) { sql(batch); }},
        {"consent_notices",
         [&](const std::string&) {
           sql("INSERT OR IGNORE INTO consent_notices VALUES('v1', '00', 'Texte', 0)");
         }},
        {"consent_events",
         [&](const std::string& id) {
           sql("INSERT OR IGNORE INTO consent_notices VALUES('v1', '00', 'Texte', 0)");
           sql("INSERT INTO consent_events(contact_id, event, channel, purpose, notice_version, notice_sha256, "
               "occurred_at, recorded_at, hash) VALUES(" + id + ", 'given', 'email', 'prospecting', 'v1', '00', 0, 0, "
               "'h')");
         }},
        {"audit_log",
         [&](const std::string& id) {
           test::sql_ok(audit_append(*vault_, "contact.note", test::pseudonym_of(*vault_, std::stoll(id)), ""));
         }},
    };
  }
};

TEST_F(AccessSections, FollowTheDataMapAndShowEveryTableThatFeedsThem) {
  const auto id = test::add_sql_contact(*vault_, {});
  ASSERT_GT(id, 0);
  auto rows = one_row();
  for (const auto& t : data_map::tables()) {
    if (t.section == data_map::AccessSection::None) continue;
    auto it = rows.find(std::string(t.name));
    ASSERT_NE(it, rows.end()) << t.name << " feeds the " << to_string(t.section)
                              << " section: add a row for it to this test";
    it->second(std::to_string(id));
  }
  auto view = subject_view(*vault_, id);
  ASSERT_TRUE(view.ok()) << view.error().message;
  const auto sections = data_map::access_sections();
  ASSERT_EQ(view->sections.size(), sections.size());
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const auto& s = view->sections[i];
    EXPECT_EQ(s.name, to_string(sections[i]));
    EXPECT_FALSE(s.items.empty()) << s.name << " is empty though its tables have a row about the person";
  }
  // And a bare contact: every section is still there, in the same order.
  const auto bare = test::add_sql_contact(*vault_, {});
  auto empty = subject_view(*vault_, bare);
  ASSERT_TRUE(empty.ok());
  ASSERT_EQ(empty->sections.size(), sections.size());
  EXPECT_EQ(empty->sections[0].name, "identity");
  EXPECT_TRUE(empty->sections[7].items.empty());
}

}  // namespace
}  // namespace coffre
