// The full-text index (store_support.h): a row per contact, a row per organisation, and the
// emails' own index. The tokenizer (unicode61 with remove_diacritics=1, migrations 1 and 4) folds
// case and accents on both sides, so "helene" finds "Hélène".
#include <algorithm>
#include <iterator>

#include "coffre/normalize.h"
#include "model/store_support.h"
#include "model/text.h"

namespace coffre::model {

namespace {
// A phone number, or its end, is searched for from six digits on (issue 9).
constexpr std::size_t kPhoneDigits = 6;
}  // namespace

SearchRow search_row(const std::string& first, const std::string& last, const std::optional<std::string>& role,
                     const std::vector<std::string>& notes, const std::vector<std::string>& summaries,
                     const std::vector<std::string>& e164_phones) {
  SearchRow row;
  row.names = first + ' ' + last;
  if (role) row.other = *role;
  for (const auto* list : {&notes, &summaries})
    for (const auto& text : *list) (row.other.empty() ? row.other : row.other += '\n') += text;
  for (const auto& p : e164_phones) (row.phones.empty() ? row.phones : row.phones += ' ') += phone_token(p);
  return row;
}

std::string phone_token(std::string_view number) {
  std::string t = "p";
  for (auto it = number.rbegin(); it != number.rend(); ++it)
    if (*it >= '0' && *it <= '9') t += *it;
  return t;
}

namespace {

Status replace_row(storage::Database& db, const char* table, Id docid, const std::string& body) {
  COFFRE_ASSIGN_OR_RETURN(auto del, db.prepare(std::string("DELETE FROM ") + table + " WHERE docid = ?"));
  COFFRE_TRY(del.bind(1, docid).run());
  COFFRE_ASSIGN_OR_RETURN(auto ins, db.prepare(std::string("INSERT INTO ") + table + "(docid, body) VALUES(?, ?)"));
  return ins.bind(1, docid).bind(2, body).run();
}

Result<std::vector<std::string>> texts(storage::Database& db, const std::string& sql, Id id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(sql));
  return st.bind(1, id).all_texts();
}

Result<std::vector<std::string>> note_bodies(storage::Database& db, const char* column, Id id) {
  return texts(db, std::string("SELECT body FROM notes WHERE ") + column + " = ? ORDER BY id", id);
}

}  // namespace

Status reindex_contact(storage::Database& db, Id contact_id) {
  COFFRE_ASSIGN_OR_RETURN(auto c, db.prepare("SELECT first_name, last_name, role FROM contacts WHERE id = ?"));
  c.bind(1, contact_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, c.step());
  if (!row) return make_error(ErrorKind::NotFound, "no contact with id " + std::to_string(contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto notes, note_bodies(db, "contact_id", contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto summaries, texts(db, "SELECT summary FROM interactions WHERE contact_id = ? AND "
                                                    "summary IS NOT NULL ORDER BY id", contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto phones, texts(db, "SELECT phone FROM contact_phones WHERE contact_id = ? ORDER BY position",
                                             contact_id));
  const auto r = search_row(c.column_text(0), c.column_text(1), c.column_opt_text(2), notes, summaries, phones);
  COFFRE_ASSIGN_OR_RETURN(auto del, db.prepare("DELETE FROM search_index WHERE docid = ?"));
  COFFRE_TRY(del.bind(1, contact_id).run());
  COFFRE_ASSIGN_OR_RETURN(auto ins, db.prepare("INSERT INTO search_index(docid, names, other, phones) VALUES(?, ?, ?, ?)"));
  return ins.bind(1, contact_id).bind(2, r.names).bind(3, r.other).bind(4, r.phones).run();
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

Status scrub_search_index(storage::Database& db) {
  COFFRE_TRY(db.exec("INSERT INTO search_index(search_index) VALUES('optimize');"
                     "INSERT INTO org_search_index(org_search_index) VALUES('optimize')"));
  return db.checkpoint_truncate();
}

std::vector<std::string> search_words(std::string_view text) {
  // Each word becomes (search_tiers) a quoted phrase with a prefix star: `"dupont*"`. Inside quotes FTS4 only
  // tokenizes, so operators (AND, OR, NOT, NEAR, '-', parentheses) lose their meaning; the quote
  // and the star are the two characters that could still end or alter the phrase, so they go.
  // Leading and trailing punctuation goes too, so that the star touches the last token.
  // A phone number in any written form is one word: its E.164 form when it is a whole number
  // ("06 12 34 56 78", "+33 (0)6 12..."), else its digits (the end of a number).
  {
    std::size_t digits = 0;
    bool phone_chars = true;
    for (char c : text) {
      if (c >= '0' && c <= '9') ++digits;
      else if (!(c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/' || c == '+' || c == '\t'))
        phone_chars = false;
    }
    if (phone_chars && digits >= kPhoneDigits) {
      if (auto e164 = normalise_phone(text)) return {*e164};
      std::string d;
      for (char c : text)
        if (c >= '0' && c <= '9') d += c;
      return {d};
    }
  }
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

std::vector<Id> unite(const std::vector<Id>& a, const std::vector<Id>& b) {
  std::vector<Id> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<Id> intersect(const std::vector<Id>& a, const std::vector<Id>& b) {
  std::vector<Id> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<Id> minus(const std::vector<Id>& a, const std::vector<Id>& b) {
  std::vector<Id> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// FTS4 takes a column filter before a bare word only, not before a quoted phrase; in a bare word
// the tokenizer still splits "jean-marie" into a phrase. What could read as syntax goes: ASCII
// punctuation becomes '-' (inside a word, a separator; search_words has dropped it at both ends,
// so it never starts the word as NOT), and lower case keeps OR, AND, NOT, NEAR from being
// operators.
std::string column_word(const std::string& w) {
  std::string out = ascii_lower(w);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) c = '-';
  }
  // Never a '-' first (NOT) or last (before the star): "+33612345678" is "33612345678".
  const auto b = out.find_first_not_of('-');
  if (b == std::string::npos) return "";
  return out.substr(b, out.find_last_not_of('-') - b + 1);
}

// A word of digits only (a leading "+" allowed), six or more: the whole or the end of a number.
std::optional<std::string> phone_digits(const std::string& w) {
  std::size_t i = w.size() > 0 && w[0] == '+' ? 1 : 0;
  if (w.size() - i < kPhoneDigits) return std::nullopt;
  for (std::size_t k = i; k < w.size(); ++k)
    if (w[k] < '0' || w[k] > '9') return std::nullopt;
  if (auto e164 = normalise_phone(w)) return e164->substr(1);
  return w.substr(i);
}

Result<std::int64_t> single_int(storage::Database& db, const char* sql) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(sql));
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? st.column_int(0) : 0;
}

// Above this many people (estimated), an organisation word's people are not all read.
constexpr std::int64_t kOrgPeopleCap = 50000;

}  // namespace

Result<SearchTiers> search_tiers(storage::Database& db, const std::vector<std::string>& words, std::int64_t want) {
  // Per word: N, the contacts it finds by their names, phones or email beginnings; A, by their
  // own row (any column) or email; O, the organisations it finds. A contact ranks in the names
  // tier when every word is in its N, in the own tier when every word is in its A, in the
  // organisation tier when every word is in its A or finds its organisation. The work follows the
  // number of matches of each word in the index, not the size of the vault, and the
  // organisations' people are read only when they are few or needed for the page.
  COFFRE_ASSIGN_OR_RETURN(auto match, db.prepare("SELECT docid FROM search_index WHERE search_index MATCH ?"));
  COFFRE_ASSIGN_OR_RETURN(auto email, db.prepare("SELECT contact_id FROM contact_emails WHERE email >= ? AND email < ?"));
  COFFRE_ASSIGN_OR_RETURN(auto orgs, db.prepare("SELECT docid FROM org_search_index WHERE org_search_index MATCH ?"));
  auto ids = [](storage::Statement& st, const std::string& arg) -> Result<std::vector<Id>> {
    st.bind(1, arg);
    COFFRE_ASSIGN_OR_RETURN(auto v, st.all_ints());
    sort_unique(v);
    return v;
  };
  std::vector<std::vector<Id>> N, A, O;
  for (const auto& w : words) {
    const std::string phrase = "\"" + w + "*\"";
    COFFRE_ASSIGN_OR_RETURN(auto o, ids(orgs, phrase));
    // The names and the rest of the row are asked for apart, each with a column filter: one
    // query per column reads the term's doclist once each, and a common surname's 60,000 hits
    // come back once (from `names`), not twice.
    const std::string bare = column_word(w);
    std::vector<Id> other;
    if (!bare.empty()) {
      COFFRE_ASSIGN_OR_RETURN(other, ids(match, "other:" + bare + "*"));
    }
    std::vector<Id> n, own;
    if (auto digits = phone_digits(w)) {
      COFFRE_ASSIGN_OR_RETURN(n, ids(match, "phones:" + phone_token(*digits) + "*"));
      own = unite(other, n);
    } else {
      // Emails are stored lower-cased (Unicode lower case, normalise_email); every string that
      // starts with the word sorts between the word and the word followed by 0xFF (a byte no
      // UTF-8 text contains). Accents are not folded here: "elodie" does not find
      // "élodie@...", which the person's name, indexed with accents folded, usually does.
      const bool ascii = std::all_of(w.begin(), w.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
      const std::string lower = ascii ? ascii_lower(w) : unicode_lower(w);
      email.bind(1, lower).bind(2, lower + "\xff");
      COFFRE_ASSIGN_OR_RETURN(auto e, email.all_ints());
      sort_unique(e);
      std::vector<Id> names;
      if (!bare.empty()) {
        COFFRE_ASSIGN_OR_RETURN(names, ids(match, "names:" + bare + "*"));
      }
      n = unite(names, e);
      own = unite(other, n);
    }
    N.push_back(std::move(n));
    A.push_back(std::move(own));
    O.push_back(std::move(o));
  }
  SearchTiers t;
  t.names = N[0];
  std::vector<Id> all_own = A[0];
  for (std::size_t w = 1; w < words.size(); ++w) {
    t.names = intersect(t.names, N[w]);
    all_own = intersect(all_own, A[w]);
  }
  t.own = minus(all_own, t.names);
  const bool any_org = std::any_of(O.begin(), O.end(), [](const auto& o) { return !o.empty(); });
  if (!any_org) return t;

  // The organisation tier: every word finds the contact's row or its organisation. Each word's
  // organisations' people, when they are few enough to read.
  COFFRE_ASSIGN_OR_RETURN(std::int64_t contacts, single_int(db, "SELECT coalesce(max(id), 0) FROM contacts"));
  COFFRE_ASSIGN_OR_RETURN(std::int64_t organisations, single_int(db, "SELECT coalesce(max(id), 0) FROM organisations"));
  const double per_org = organisations > 0 ? static_cast<double>(contacts) / static_cast<double>(organisations) : 0;
  COFFRE_ASSIGN_OR_RETURN(auto people, db.prepare("SELECT id FROM contacts WHERE org_id = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto org_of, db.prepare("SELECT org_id FROM contacts WHERE id = ?"));
  const std::vector<Id> shown = unite(t.names, t.own);
  // The word whose organisations have the fewest people drives; the others are checked per person.
  std::size_t lead = 0;
  for (std::size_t w = 1; w < words.size(); ++w)
    if (O[w].size() + A[w].size() < O[lead].size() + A[lead].size()) lead = w;
  const auto estimate = static_cast<std::int64_t>(static_cast<double>(O[lead].size()) * per_org) +
                        static_cast<std::int64_t>(A[lead].size());
  const bool complete = estimate <= kOrgPeopleCap;
  // Qualifies: every word finds the contact's own row or its organisation.
  auto qualifies = [&](Id c, std::optional<Id> org) -> Result<bool> {
    bool org_read = org.has_value();
    for (std::size_t w = 0; w < words.size(); ++w) {
      if (std::binary_search(A[w].begin(), A[w].end(), c)) continue;
      if (O[w].empty()) return false;
      if (!org_read) {
        org_of.reset();
        org_of.bind(1, c);
        COFFRE_ASSIGN_OR_RETURN(bool row, org_of.step());
        if (row) org = org_of.column_opt_int(0);
        org_of.reset();
        org_read = true;
      }
      if (!org || !std::binary_search(O[w].begin(), O[w].end(), *org)) return false;
    }
    return true;
  };
  std::vector<Id> found;
  // The lead word's own hits that other words find only through the organisation.
  for (Id c : A[lead]) {
    if (std::binary_search(shown.begin(), shown.end(), c)) continue;
    COFFRE_ASSIGN_OR_RETURN(bool ok, qualifies(c, std::nullopt));
    if (ok) found.push_back(c);
    if (!complete && static_cast<std::int64_t>(found.size()) >= want) break;
  }
  // The lead word's organisations' people.
  for (Id org : O[lead]) {
    if (!complete && static_cast<std::int64_t>(found.size()) >= want) break;
    people.reset();
    people.bind(1, org);
    COFFRE_ASSIGN_OR_RETURN(auto ids_of, people.all_ints());
    for (Id c : ids_of) {
      if (std::binary_search(shown.begin(), shown.end(), c)) continue;
      COFFRE_ASSIGN_OR_RETURN(bool ok, qualifies(c, org));
      if (ok) found.push_back(c);
    }
  }
  sort_unique(found);
  t.by_org = std::move(found);
  t.by_org_complete = complete;
  t.by_org_estimate = complete ? static_cast<std::int64_t>(t.by_org.size())
                               : std::max<std::int64_t>(static_cast<std::int64_t>(t.by_org.size()), estimate);
  return t;
}

}  // namespace coffre::model
