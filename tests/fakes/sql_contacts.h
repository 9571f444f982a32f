// Creates contacts, notes, interactions and search terms with plain SQL (the columns of
// migration 1; the search terms of migration 11), so that the document and erasure tests do not
// depend on ContactStore. The search terms of a contact have contact_id = contacts.id, as the
// erasure path expects.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "coffre/vault.h"
#include "crypto/crypto.h"
#include "vault/context.h"

namespace coffre::test {

struct SqlContact {
  std::string first_name = "Jeanne", last_name = "Martin";
  std::vector<std::string> emails, phones, notes;
  std::string interaction_summary;
};

inline void sql_ok(Status s) { ASSERT_TRUE(s.ok()) << s.message(); }

// Returns the new contact's id (0 after a failed assertion).
inline std::int64_t add_sql_contact(Vault& vault, const SqlContact& c) {
  auto& db = vault.context().db;
  const std::int64_t now = vault.clock().now();
  auto ins = db.prepare("INSERT INTO contacts(pseudonym, first_name, last_name, created_at, updated_at) VALUES(?,?,?,?,?)");
  EXPECT_TRUE(ins.ok());
  if (!ins.ok()) return 0;
  auto s = ins->bind(1, "p-" + crypto::random_hex(8)).bind(2, c.first_name).bind(3, c.last_name).bind(4, now).bind(5, now).run();
  EXPECT_TRUE(s.ok()) << s.message();
  const std::int64_t id = db.last_insert_id();
  std::string body = c.first_name + " " + c.last_name;
  int pos = 0;
  for (const auto& e : c.emails) {
    auto st = db.prepare("INSERT INTO contact_emails(contact_id, position, email) VALUES(?,?,?)");
    EXPECT_TRUE(st->bind(1, id).bind(2, pos++).bind(3, e).run().ok());
    body += " " + e;
  }
  pos = 0;
  for (const auto& p : c.phones) {
    auto st = db.prepare("INSERT INTO contact_phones(contact_id, position, phone) VALUES(?,?,?)");
    EXPECT_TRUE(st->bind(1, id).bind(2, pos++).bind(3, p).run().ok());
  }
  for (const auto& n : c.notes) {
    auto st = db.prepare("INSERT INTO notes(contact_id, body, created_at) VALUES(?,?,?)");
    EXPECT_TRUE(st->bind(1, id).bind(2, n).bind(3, now).run().ok());
    body += " " + n;
  }
  if (!c.interaction_summary.empty()) {
    auto st = db.prepare("INSERT INTO interactions(contact_id, kind, direction, occurred_at, summary, created_at) "
                         "VALUES(?, 'call', 'inbound', ?, ?, ?)");
    EXPECT_TRUE(st->bind(1, id).bind(2, now).bind(3, c.interaction_summary).bind(4, now).run().ok());
  }
  // Since migration 11 the index is terms (col 0 names, 1 other, 2 phones); all the text goes in
  // `other`, folded by the same tokenizer as the stores use.
  EXPECT_TRUE(db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tok USING fts3tokenize(unicode61, "
                      "\"remove_diacritics=1\")").ok());
  auto terms = db.prepare("INSERT OR IGNORE INTO search_terms(col, term, contact_id) "
                          "SELECT 1, token, ? FROM temp.search_tok WHERE input = ?");
  EXPECT_TRUE(terms->bind(1, id).bind(2, body).run().ok());
  return id;
}

inline std::int64_t sql_count(Vault& vault, const std::string& sql) {
  auto st = vault.context().db.prepare(sql);
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
  if (!st.ok()) return -1;
  auto row = st->step();
  EXPECT_TRUE(row.ok());
  return row.ok() && *row ? st->column_int(0) : -1;
}

inline std::string pseudonym_of(Vault& vault, std::int64_t id) {
  auto st = vault.context().db.prepare("SELECT pseudonym FROM contacts WHERE id = ?");
  st->bind(1, id);
  auto row = st->step();
  return row.ok() && *row ? st->column_text(0) : std::string();
}

}  // namespace coffre::test
