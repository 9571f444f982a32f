// The full-text index: one FTS4 row per contact (docid = contact id) holding their names, role,
// organisation (name, sector, notes), emails and notes. The table's tokenizer (unicode61 with
// remove_diacritics=1, migration 1) folds case and accents on both sides, so "helene" finds
// "Hélène". Every store write that changes any of this text rebuilds the contact's row in the same
// transaction, so the index never disagrees with the tables.
#include "model/store_support.h"

namespace coffre::model {

std::string search_body(const std::string& first, const std::string& last, const std::optional<std::string>& role,
                        const std::vector<Labelled>& emails, const std::string& org_text,
                        const std::vector<std::string>& notes) {
  std::string body = first;
  body += ' ';
  body += last;
  if (role) (body += '\n') += *role;
  if (!org_text.empty()) (body += '\n') += org_text;
  for (const auto& e : emails) (body += '\n') += e.value;
  for (const auto& n : notes) (body += '\n') += n;
  return body;
}

Status reindex_contact(storage::Database& db, Id contact_id) {
  COFFRE_ASSIGN_OR_RETURN(auto c, db.prepare("SELECT c.first_name, c.last_name, c.role, o.name, o.sector, c.org_id "
                                             "FROM contacts c LEFT JOIN organisations o ON o.id = c.org_id "
                                             "WHERE c.id = ?"));
  c.bind(1, contact_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, c.step());
  if (!row) return make_error(ErrorKind::NotFound, "no contact with id " + std::to_string(contact_id));
  std::string org_text;
  if (auto name = c.column_opt_text(3)) org_text = *name;
  if (auto sector = c.column_opt_text(4)) org_text += " " + *sector;
  std::vector<Labelled> emails;
  std::vector<std::string> notes;
  {
    COFFRE_ASSIGN_OR_RETURN(auto e, db.prepare("SELECT email FROM contact_emails WHERE contact_id = ? ORDER BY position"));
    e.bind(1, contact_id);
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool more, e.step());
      if (!more) break;
      emails.push_back({e.column_text(0), std::nullopt});
    }
  }
  {
    COFFRE_ASSIGN_OR_RETURN(auto n, db.prepare("SELECT body FROM notes WHERE contact_id = ?1 OR "
                                               "(org_id IS NOT NULL AND org_id = ?2) ORDER BY id"));
    n.bind(1, contact_id).bind(2, c.column_opt_int(5));
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool more, n.step());
      if (!more) break;
      notes.push_back(n.column_text(0));
    }
  }
  const std::string body = search_body(c.column_text(0), c.column_text(1), c.column_opt_text(2), emails, org_text, notes);
  COFFRE_ASSIGN_OR_RETURN(auto del, db.prepare("DELETE FROM search_index WHERE docid = ?"));
  COFFRE_TRY(del.bind(1, contact_id).run());
  COFFRE_ASSIGN_OR_RETURN(auto ins, db.prepare("INSERT INTO search_index(docid, body) VALUES(?, ?)"));
  return ins.bind(1, contact_id).bind(2, body).run();
}

Status reindex_organisation(storage::Database& db, Id org_id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT id FROM contacts WHERE org_id = ?"));
  st.bind(1, org_id);
  std::vector<Id> ids;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    ids.push_back(st.column_int(0));
  }
  for (Id id : ids) COFFRE_TRY(reindex_contact(db, id));
  return {};
}

std::string fts_query(std::string_view text) {
  // Each word becomes a quoted phrase with a prefix star: `"dupont*"`. Inside quotes FTS4 only
  // tokenizes, so operators (AND, OR, NOT, NEAR, '-', parentheses) lose their meaning; the quote
  // and the star are the two characters that could still end or alter the phrase, so they go.
  // Leading and trailing punctuation goes too, so that the star touches the last token.
  auto is_punct = [](unsigned char c) { return c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')); };
  std::string query;
  int words = 0;
  for (std::size_t i = 0; i < text.size() && words < 16;) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < text.size() && !(text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) ++j;
    std::string word(text.substr(i, j - i));
    i = j;
    for (char& c : word)
      if (c == '"' || c == '*') c = ' ';
    std::size_t b = 0, e = word.size();
    while (b < e && is_punct(static_cast<unsigned char>(word[b]))) ++b;
    while (e > b && is_punct(static_cast<unsigned char>(word[e - 1]))) --e;
    if (b == e) continue;
    if (!query.empty()) query += ' ';
    query += '"';
    query.append(word, b, e - b);
    query += "*\"";
    ++words;
  }
  return query;
}

}  // namespace coffre::model
