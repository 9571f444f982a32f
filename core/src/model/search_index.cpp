// The full-text index (store_support.h): a row per contact, a row per organisation, and the
// emails' own index. The tokenizer (unicode61 with remove_diacritics=1, migrations 1 and 4) folds
// case and accents on both sides, so "helene" finds "Hélène".
#include <algorithm>
#include <iterator>

#include "model/store_support.h"
#include "model/text.h"

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
  return n.bind(1, id).all_texts();
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
  // Each word becomes (search_ids) a quoted phrase with a prefix star: `"dupont*"`. Inside quotes FTS4 only
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

namespace {

void sort_unique(std::vector<Id>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool contains(const std::vector<Id>& sorted, Id id) { return std::binary_search(sorted.begin(), sorted.end(), id); }

}  // namespace

Result<std::vector<Id>> search_ids(storage::Database& db, const std::vector<std::string>& words) {
  // Per word: the contacts it finds directly (their own row, or an email that starts with it) and
  // the organisations it finds. A contact matches when every word finds it, directly or through
  // its organisation. Such a contact was either found directly by at least one word, or all the
  // words found its organisation: so the candidates are those two sets, and the work follows the
  // number of matches, not the size of the vault.
  COFFRE_ASSIGN_OR_RETURN(auto own, db.prepare("SELECT docid FROM search_index WHERE search_index MATCH ?"));
  COFFRE_ASSIGN_OR_RETURN(auto email, db.prepare("SELECT contact_id FROM contact_emails WHERE email >= ? AND email < ?"));
  COFFRE_ASSIGN_OR_RETURN(auto orgs, db.prepare("SELECT docid FROM org_search_index WHERE org_search_index MATCH ?"));
  std::vector<std::vector<Id>> direct, by_org;
  for (const auto& w : words) {
    const std::string phrase = "\"" + w + "*\"";
    // Emails are stored lower-cased (Unicode lower case, normalise_email); every string that
    // starts with the word sorts between the word and the word followed by 0xFF (a byte no UTF-8
    // text contains). Accents are not folded here: "elodie" does not find "élodie@...", which
    // the person's name, indexed with accents folded, usually does.
    const bool ascii = std::all_of(w.begin(), w.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
    const std::string lower = ascii ? ascii_lower(w) : unicode_lower(w);
    own.bind(1, phrase);
    COFFRE_ASSIGN_OR_RETURN(auto d, own.all_ints());
    email.bind(1, lower).bind(2, lower + "\xff");
    COFFRE_ASSIGN_OR_RETURN(auto e, email.all_ints());
    d.insert(d.end(), e.begin(), e.end());
    sort_unique(d);
    direct.push_back(std::move(d));
    orgs.bind(1, phrase);
    COFFRE_ASSIGN_OR_RETURN(auto o, orgs.all_ints());
    sort_unique(o);
    by_org.push_back(std::move(o));
  }
  std::vector<Id> hits;
  // Organisations every word finds: all their people.
  std::vector<Id> all_words = by_org[0];
  for (std::size_t w = 1; w < words.size() && !all_words.empty(); ++w) {
    std::vector<Id> next;
    std::set_intersection(all_words.begin(), all_words.end(), by_org[w].begin(), by_org[w].end(),
                          std::back_inserter(next));
    all_words = std::move(next);
  }
  if (!all_words.empty()) {
    COFFRE_ASSIGN_OR_RETURN(auto people, db.prepare("SELECT id FROM contacts WHERE org_id = ?"));
    for (Id org : all_words) {
      people.bind(1, org);
      COFFRE_ASSIGN_OR_RETURN(auto ids, people.all_ints());
      hits.insert(hits.end(), ids.begin(), ids.end());
    }
  }
  // Contacts some word found directly: every other word must find them too, one way or the other.
  std::vector<Id> candidates;
  for (const auto& d : direct) candidates.insert(candidates.end(), d.begin(), d.end());
  sort_unique(candidates);
  COFFRE_ASSIGN_OR_RETURN(auto org_of, db.prepare("SELECT org_id FROM contacts WHERE id = ?"));
  for (Id c : candidates) {
    std::optional<Id> org;
    bool org_read = false;
    bool ok = true;
    for (std::size_t w = 0; w < words.size() && ok; ++w) {
      if (contains(direct[w], c)) continue;
      if (by_org[w].empty()) {
        ok = false;
        break;
      }
      if (!org_read) {
        org_of.bind(1, c);
        COFFRE_ASSIGN_OR_RETURN(bool row, org_of.step());
        if (row) org = org_of.column_opt_int(0);
        org_of.reset();
        org_read = true;
      }
      ok = org && contains(by_org[w], *org);
    }
    if (ok) hits.push_back(c);
  }
  sort_unique(hits);
  return hits;
}

}  // namespace coffre::model
