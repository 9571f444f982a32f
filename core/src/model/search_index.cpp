// The full-text index (store_support.h): a row per contact, a row per organisation, and the
// emails' own index. The tokenizer (unicode61 with remove_diacritics=1, migrations 1 and 4) folds
// case and accents on both sides, so "helene" finds "Hélène".
#include "model/store_support.h"

namespace coffre::model {

std::string search_body(const std::string& first, const std::string& last, const std::optional<std::string>& role,
                        const std::vector<std::string>& notes) {
  std::string body = first;
  body += ' ';
  body += last;
  if (role) (body += '\n') += *role;
  for (const auto& n : notes) (body += '\n') += n;
  return body;
}

namespace {

Status replace_row(storage::Database& db, const char* table, Id docid, const std::string& body) {
  COFFRE_ASSIGN_OR_RETURN(auto del, db.prepare(std::string("DELETE FROM ") + table + " WHERE docid = ?"));
  COFFRE_TRY(del.bind(1, docid).run());
  COFFRE_ASSIGN_OR_RETURN(auto ins, db.prepare(std::string("INSERT INTO ") + table + "(docid, body) VALUES(?, ?)"));
  return ins.bind(1, docid).bind(2, body).run();
}

Result<std::vector<std::string>> note_bodies(storage::Database& db, const char* column, Id id) {
  COFFRE_ASSIGN_OR_RETURN(auto n, db.prepare(std::string("SELECT body FROM notes WHERE ") + column + " = ? ORDER BY id"));
  n.bind(1, id);
  std::vector<std::string> notes;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool more, n.step());
    if (!more) break;
    notes.push_back(n.column_text(0));
  }
  return notes;
}

}  // namespace

Status reindex_contact(storage::Database& db, Id contact_id) {
  COFFRE_ASSIGN_OR_RETURN(auto c, db.prepare("SELECT first_name, last_name, role FROM contacts WHERE id = ?"));
  c.bind(1, contact_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, c.step());
  if (!row) return make_error(ErrorKind::NotFound, "no contact with id " + std::to_string(contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto notes, note_bodies(db, "contact_id", contact_id));
  return replace_row(db, "search_index", contact_id,
                     search_body(c.column_text(0), c.column_text(1), c.column_opt_text(2), notes));
}

Status reindex_organisation(storage::Database& db, Id org_id) {
  COFFRE_ASSIGN_OR_RETURN(auto o, db.prepare("SELECT name, sector FROM organisations WHERE id = ?"));
  o.bind(1, org_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, o.step());
  if (!row) return make_error(ErrorKind::NotFound, "no organisation with id " + std::to_string(org_id));
  std::string body = o.column_text(0);
  if (auto sector = o.column_opt_text(1)) (body += ' ') += *sector;
  COFFRE_ASSIGN_OR_RETURN(auto notes, note_bodies(db, "org_id", org_id));
  for (const auto& n : notes) (body += '\n') += n;
  return replace_row(db, "org_search_index", org_id, body);
}

std::vector<std::string> search_words(std::string_view text) {
  // Each word becomes a quoted phrase with a prefix star: `"dupont*"`. Inside quotes FTS4 only
  // tokenizes, so operators (AND, OR, NOT, NEAR, '-', parentheses) lose their meaning; the quote
  // and the star are the two characters that could still end or alter the phrase, so they go.
  // Leading and trailing punctuation goes too, so that the star touches the last token.
  auto is_punct = [](unsigned char c) { return c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')); };
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::vector<std::string> words;
  for (std::size_t i = 0; i < text.size() && words.size() < 16;) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && !is_space(text[j])) ++j;
    std::string word(text.substr(i, j - i));
    i = j;
    for (char& c : word)
      if (c == '"' || c == '*') c = ' ';
    std::size_t b = 0, e = word.size();
    while (b < e && is_punct(static_cast<unsigned char>(word[b]))) ++b;
    while (e > b && is_punct(static_cast<unsigned char>(word[e - 1]))) --e;
    if (b == e) continue;
    words.push_back(word.substr(b, e - b));
  }
  return words;
}

std::string search_condition(std::size_t words) {
  // One compound SELECT per word (its own row, its organisation's row, an email starting with
  // it), intersected across words. Every branch reads an index: FTS doclists, contacts_org,
  // contact_emails_email.
  std::string sql = "c.id IN (";
  for (std::size_t w = 0; w < words; ++w) {
    auto param = [&](int k) { return "?" + std::to_string(w * 4 + k); };
    if (w) sql += " INTERSECT ";
    sql += "SELECT id FROM (SELECT docid AS id FROM search_index WHERE search_index MATCH " + param(1) +
           " UNION SELECT id FROM contacts WHERE org_id IN (SELECT docid FROM org_search_index WHERE org_search_index "
           "MATCH " + param(2) + ") UNION SELECT contact_id FROM contact_emails WHERE email >= " + param(3) +
           " AND email < " + param(4) + ")";
  }
  return sql + ")";
}

void bind_search(storage::Statement& st, int first, const std::vector<std::string>& words) {
  for (std::size_t w = 0; w < words.size(); ++w) {
    const int base = first + static_cast<int>(w * 4);
    const std::string phrase = "\"" + words[w] + "*\"";
    // Emails are stored lower-cased; every string that starts with the word sorts between the
    // word and the word followed by 0xFF (a byte no UTF-8 text contains).
    std::string lower = words[w];
    for (char& ch : lower)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    st.bind(base, phrase).bind(base + 1, phrase).bind(base + 2, lower).bind(base + 3, lower + "\xff");
  }
}

}  // namespace coffre::model
