// The full-text index (store_support.h): a row per contact, a row per organisation, and the
// emails' own index. The tokenizer (unicode61 with remove_diacritics=1, migrations 1 and 4) folds
// case and accents on both sides, so "helene" finds "Hélène".
#include <algorithm>

#include "coffre/i18n.h"
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

Status ensure_search_tokenizer(storage::Database& db) {
  // SQLite's own view of an FTS tokenizer: the same unicode61 rules the FTS4 index used, so a
  // term folds case and accents as before. In the temp schema (temp_store = MEMORY): never on disk.
  return db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tok USING fts3tokenize(unicode61, "
                 "\"remove_diacritics=1\")");
}

Result<SearchTerms> SearchTerms::prepare(storage::Database& db) {
  COFFRE_TRY(ensure_search_tokenizer(db));
  SearchTerms t;
  COFFRE_ASSIGN_OR_RETURN(t.tok_, db.prepare("SELECT token FROM temp.search_tok WHERE input = ?"));
  COFFRE_ASSIGN_OR_RETURN(t.old_, db.prepare("SELECT col, term FROM search_terms WHERE contact_id = ?"));
  COFFRE_ASSIGN_OR_RETURN(t.del_, db.prepare("DELETE FROM search_terms WHERE col = ? AND term = ? AND contact_id = ?"));
  COFFRE_ASSIGN_OR_RETURN(t.ins_, db.prepare("INSERT OR IGNORE INTO search_terms(col, term, contact_id) VALUES(?, ?, ?)"));
  COFFRE_ASSIGN_OR_RETURN(t.org_old_, db.prepare("SELECT term FROM org_search_terms WHERE org_id = ?"));
  COFFRE_ASSIGN_OR_RETURN(t.org_del_, db.prepare("DELETE FROM org_search_terms WHERE term = ? AND org_id = ?"));
  COFFRE_ASSIGN_OR_RETURN(t.org_ins_, db.prepare("INSERT OR IGNORE INTO org_search_terms(term, org_id) VALUES(?, ?)"));
  return t;
}

Result<std::vector<std::string>> SearchTerms::tokens(std::string_view text) {
  if (text.empty()) return std::vector<std::string>{};
  tok_.bind(1, text);
  return tok_.all_texts();
}

namespace {

std::vector<std::string> distinct(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

Status SearchTerms::put_contact(Id contact_id, const SearchRow& row, bool fresh) {
  std::vector<std::pair<std::int64_t, std::string>> want;
  {
    COFFRE_ASSIGN_OR_RETURN(auto names, tokens(row.names));
    COFFRE_ASSIGN_OR_RETURN(auto other, tokens(row.other));
    for (auto& t : distinct(std::move(names))) want.emplace_back(0, std::move(t));
    for (auto& t : distinct(std::move(other))) want.emplace_back(1, std::move(t));
    std::vector<std::string> phones;
    for (std::size_t i = 0; i < row.phones.size();) {
      const auto j = std::min(row.phones.find(' ', i), row.phones.size());
      if (j > i) phones.push_back(row.phones.substr(i, j - i));
      i = j + 1;
    }
    for (auto& t : distinct(std::move(phones))) want.emplace_back(2, std::move(t));
  }
  if (fresh && deferred_) {
    for (auto& [col, term] : want) pending_.push_back({col, std::move(term), contact_id});
    return {};
  }
  std::vector<std::pair<std::int64_t, std::string>> have;
  if (!fresh) {
    old_.bind(1, contact_id);
    while (true) {
      COFFRE_ASSIGN_OR_RETURN(bool r, old_.step());
      if (!r) break;
      have.emplace_back(old_.column_int(0), old_.column_text(1));
    }
    old_.reset();
    std::sort(have.begin(), have.end());
  }
  std::sort(want.begin(), want.end());
  std::vector<std::pair<std::int64_t, std::string>> gone, added;
  std::set_difference(have.begin(), have.end(), want.begin(), want.end(), std::back_inserter(gone));
  std::set_difference(want.begin(), want.end(), have.begin(), have.end(), std::back_inserter(added));
  for (const auto& [col, term] : gone) COFFRE_TRY(del_.bind(1, col).bind(2, term).bind(3, contact_id).run());
  for (const auto& [col, term] : added) COFFRE_TRY(ins_.bind(1, col).bind(2, term).bind(3, contact_id).run());
  return {};
}

Status SearchTerms::flush() {
  // SQLite's BINARY order of TEXT is memcmp's, std::string's.
  std::sort(pending_.begin(), pending_.end());
  for (const auto& e : pending_) COFFRE_TRY(ins_.bind(1, e.col).bind(2, e.term).bind(3, e.contact_id).run());
  pending_.clear();
  return {};
}

Status SearchTerms::put_organisation(Id org_id, const std::string& body, bool fresh) {
  COFFRE_ASSIGN_OR_RETURN(auto toks, tokens(body));
  const auto want = distinct(std::move(toks));
  std::vector<std::string> have;
  if (!fresh) {
    org_old_.bind(1, org_id);
    COFFRE_ASSIGN_OR_RETURN(have, org_old_.all_texts());
    have = distinct(std::move(have));
  }
  std::vector<std::string> gone, added;
  std::set_difference(have.begin(), have.end(), want.begin(), want.end(), std::back_inserter(gone));
  std::set_difference(want.begin(), want.end(), have.begin(), have.end(), std::back_inserter(added));
  for (const auto& term : gone) COFFRE_TRY(org_del_.bind(1, term).bind(2, org_id).run());
  for (const auto& term : added) COFFRE_TRY(org_ins_.bind(1, term).bind(2, org_id).run());
  return {};
}

namespace {

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
  if (!row) return make_error(ErrorKind::NotFound, trf("no contact with id {}", {std::to_string(contact_id)}));
  COFFRE_ASSIGN_OR_RETURN(auto notes, note_bodies(db, "contact_id", contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto summaries, texts(db, "SELECT summary FROM interactions WHERE contact_id = ? AND "
                                                    "summary IS NOT NULL ORDER BY id", contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto phones, texts(db, "SELECT phone FROM contact_phones WHERE contact_id = ? ORDER BY position",
                                             contact_id));
  const auto r = search_row(c.column_text(0), c.column_text(1), c.column_opt_text(2), notes, summaries, phones);
  c.reset();
  COFFRE_ASSIGN_OR_RETURN(auto terms, SearchTerms::prepare(db));
  return terms.put_contact(contact_id, r);
}

Status reindex_organisation(storage::Database& db, Id org_id) {
  COFFRE_ASSIGN_OR_RETURN(auto o, db.prepare("SELECT name, sector FROM organisations WHERE id = ?"));
  o.bind(1, org_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, o.step());
  if (!row) return make_error(ErrorKind::NotFound, trf("no organisation with id {}", {std::to_string(org_id)}));
  std::string body = o.column_text(0);
  if (auto sector = o.column_opt_text(1)) (body += ' ') += *sector;
  o.reset();
  COFFRE_ASSIGN_OR_RETURN(auto notes, note_bodies(db, "org_id", org_id));
  for (const auto& n : notes) (body += '\n') += n;
  COFFRE_ASSIGN_OR_RETURN(auto terms, SearchTerms::prepare(db));
  return terms.put_organisation(org_id, body);
}

Status scrub_search_index(storage::Database& db) { return db.checkpoint_truncate(); }

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
  COFFRE_TRY(ensure_search_tokenizer(db));
  COFFRE_ASSIGN_OR_RETURN(auto tok, db.prepare("SELECT token FROM temp.search_tok WHERE input = ?"));
  // A term, or the terms beginning with it: the range [t, t + 0xFF) holds every string that
  // starts with t (0xFF is a byte no UTF-8 text contains), one range of the primary key.
  COFFRE_ASSIGN_OR_RETURN(auto exact, db.prepare("SELECT contact_id FROM search_terms WHERE col = ? AND term = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto prefix, db.prepare("SELECT contact_id FROM search_terms WHERE col = ? AND term >= ? "
                                                  "AND term < ?"));
  COFFRE_ASSIGN_OR_RETURN(auto org_exact, db.prepare("SELECT org_id FROM org_search_terms WHERE term = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto org_prefix, db.prepare("SELECT org_id FROM org_search_terms WHERE term >= ? AND term < ?"));
  COFFRE_ASSIGN_OR_RETURN(auto email, db.prepare("SELECT contact_id FROM contact_emails WHERE email >= ? AND email < ?"));
  auto sorted = [](Result<std::vector<Id>> r) -> Result<std::vector<Id>> {
    if (!r.ok()) return r.error();
    auto v = std::move(*r);
    sort_unique(v);
    return v;
  };
  // The ids whose column holds every token of the word, the last one as a prefix: what the FTS4
  // phrase query `"jean-marie*"` found, without the tokens' adjacency (docs/design-decisions.md).
  // col < 0: the organisations' terms.
  auto hits = [&](int col, const std::vector<std::string>& toks) -> Result<std::vector<Id>> {
    std::vector<Id> out;
    for (std::size_t k = 0; k < toks.size(); ++k) {
      const bool last = k + 1 == toks.size();
      std::vector<Id> v;
      if (col < 0) {
        auto& st = last ? org_prefix : org_exact;
        st.bind(1, toks[k]);
        if (last) st.bind(2, toks[k] + "\xff");
        COFFRE_ASSIGN_OR_RETURN(v, sorted(st.all_ints()));
      } else {
        auto& st = last ? prefix : exact;
        st.bind(1, col).bind(2, toks[k]);
        if (last) st.bind(3, toks[k] + "\xff");
        COFFRE_ASSIGN_OR_RETURN(v, sorted(st.all_ints()));
      }
      out = k == 0 ? std::move(v) : intersect(out, v);
      if (out.empty()) break;
    }
    return out;
  };
  std::vector<std::vector<Id>> N, A, O;
  for (const auto& w : words) {
    tok.bind(1, w);
    COFFRE_ASSIGN_OR_RETURN(auto toks, tok.all_texts());
    COFFRE_ASSIGN_OR_RETURN(auto o, hits(-1, toks));
    COFFRE_ASSIGN_OR_RETURN(auto other, hits(1, toks));
    std::vector<Id> n, own;
    if (auto digits = phone_digits(w)) {
      COFFRE_ASSIGN_OR_RETURN(n, hits(2, {phone_token(*digits)}));
      own = unite(other, n);
    } else {
      // Emails are stored lower-cased (Unicode lower case, normalise_email); every string that
      // starts with the word sorts between the word and the word followed by 0xFF (a byte no
      // UTF-8 text contains). Accents are not folded here: "elodie" does not find
      // "élodie@...", which the person's name, indexed with accents folded, usually does.
      const bool ascii = std::all_of(w.begin(), w.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
      const std::string lower = ascii ? ascii_lower(w) : unicode_lower(w);
      email.bind(1, lower).bind(2, lower + "\xff");
      COFFRE_ASSIGN_OR_RETURN(auto e, sorted(email.all_ints()));
      COFFRE_ASSIGN_OR_RETURN(auto names, hits(0, toks));
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
