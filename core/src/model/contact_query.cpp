// Reading contacts: by id, filtered listings, lookups by email or phone, full-text search.
#include <algorithm>
#include <limits>

#include "coffre/normalize.h"
#include "coffre/i18n.h"
#include "coffre/stores.h"
#include "model/store_support.h"

namespace coffre {

Result<Contact> ContactStore::get(Id id) {
  COFFRE_ASSIGN_OR_RETURN(auto reader, model::ContactReader::prepare(model::context_of(vault_).db));
  return reader.get(id);
}

namespace {

Result<storage::Statement> list_statement(storage::Database& db, const ContactFilter& filter) {
  std::string sql(model::kContactSelect);
  std::string where;
  auto add = [&](const char* clause) { where += where.empty() ? " WHERE " : " AND "; where += clause; };
  if (filter.category) add("c.category = :category");
  if (filter.temperature) add("c.temperature = :temperature");
  if (filter.org_id) add("c.org_id = :org");
  sql += where;
  sql += model::kContactOrder;
  sql += " LIMIT :limit OFFSET :offset";
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(sql));
  // Named parameters are numbered in order of first appearance.
  int i = 1;
  if (filter.category) st.bind(i++, to_string(*filter.category));
  if (filter.temperature) st.bind(i++, to_string(*filter.temperature));
  if (filter.org_id) st.bind(i++, *filter.org_id);
  st.bind(i++, filter.limit < 0 ? std::int64_t{-1} : filter.limit);
  st.bind(i++, filter.offset < 0 ? std::int64_t{0} : filter.offset);
  return st;
}

}  // namespace

Result<std::vector<Contact>> ContactStore::list(const ContactFilter& filter) {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, list_statement(db, filter));
  return model::read_contacts(db, st);
}

Status ContactStore::each(const ContactFilter& filter, const std::function<Status(Contact&&)>& visit) {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, list_statement(db, filter));
  return model::visit_contacts(db, st, visit);
}

namespace {

Result<std::vector<Id>> ids_where(storage::Database& db, const char* sql, std::string_view value) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(sql));
  return st.bind(1, value).all_ints();
}

}  // namespace

Result<std::vector<Id>> ContactStore::find_by_email(std::string_view email) {
  // Accepts what a person typed as well as the normalised form.
  const std::string key = normalise_email(email).value_or(std::string(email));
  return ids_where(model::context_of(vault_).db,
                   "SELECT DISTINCT contact_id FROM contact_emails WHERE email = ? ORDER BY contact_id", key);
}

Result<std::vector<Id>> ContactStore::find_by_phone(std::string_view e164) {
  const std::string key = normalise_phone(e164).value_or(std::string(e164));
  return ids_where(model::context_of(vault_).db,
                   "SELECT DISTINCT contact_id FROM contact_phones WHERE phone = ? ORDER BY contact_id", key);
}

namespace {

// A rank with more matches than this is shown in the order added (ascending ids) rather than by
// name: sorting reads every match's row, which at a million contacts costs a page per match.
constexpr std::size_t kSortByNameUpTo = 1000;

// Up to `n` of `ids` (ascending), by name when they are few enough to sort.
Result<std::vector<Id>> first_of(storage::Database& db, const std::vector<Id>& ids, std::int64_t n, bool& by_name) {
  std::vector<Id> out;
  if (ids.empty() || n <= 0) return out;
  if (ids.size() > kSortByNameUpTo) {
    by_name = false;
    out.assign(ids.begin(), ids.begin() + std::min<std::int64_t>(n, static_cast<std::int64_t>(ids.size())));
    return out;
  }
  // The ids go through a table in the in-memory temp store (temp_store = MEMORY: never on disk)
  // so that SQLite sorts them by name and applies the limit.
  COFFRE_TRY(db.exec("CREATE TEMP TABLE IF NOT EXISTS search_hits(id INTEGER PRIMARY KEY); DELETE FROM temp.search_hits"));
  {
    COFFRE_ASSIGN_OR_RETURN(auto put, db.prepare("INSERT INTO temp.search_hits(id) VALUES(?)"));
    for (Id id : ids) COFFRE_TRY(put.bind(1, id).run());
  }
  // CROSS JOIN keeps the hits as the outer loop: otherwise SQLite may walk the whole name index
  // in order and probe the hits for each entry, a cost that grows with the vault, not the hits.
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT c.id FROM temp.search_hits h CROSS JOIN contacts c ON c.id = h.id" +
                                              std::string(model::kContactOrder) + " LIMIT ?"));
  st.bind(1, n);
  COFFRE_ASSIGN_OR_RETURN(out, st.all_ints());
  COFFRE_TRY(db.exec("DELETE FROM temp.search_hits"));
  return out;
}

}  // namespace

Result<SearchPage> ContactStore::search_page(std::string_view text, std::int64_t limit) {
  SearchPage page;
  const auto words = model::search_words(text);
  if (words.empty()) return page;
  auto& db = model::context_of(vault_).db;
  const std::int64_t want = limit < 0 ? std::numeric_limits<std::int64_t>::max() : limit;
  auto tiers = model::search_tiers(db, words, want);
  if (!tiers.ok()) {
    if (tiers.error().kind == ErrorKind::Internal)
      // search_words neutralises the syntax; should FTS still refuse, it is the input, not the vault.
      return make_error(ErrorKind::InvalidInput, trf("cannot search for \"{0}\": {1}", {text, tiers.error().message}));
    return tiers.error();
  }
  page.total = static_cast<std::int64_t>(tiers->names.size() + tiers->own.size()) + tiers->by_org_estimate;
  page.total_estimated = !tiers->by_org_complete;
  std::vector<Id> ids;
  for (const auto* tier : {&tiers->names, &tiers->own, &tiers->by_org}) {
    COFFRE_ASSIGN_OR_RETURN(auto some, first_of(db, *tier, want - static_cast<std::int64_t>(ids.size()), page.sorted_by_name));
    ids.insert(ids.end(), some.begin(), some.end());
  }
  COFFRE_ASSIGN_OR_RETURN(auto reader, model::ContactReader::prepare(db));
  for (Id id : ids) {
    COFFRE_ASSIGN_OR_RETURN(auto c, reader.get(id));
    page.contacts.push_back(std::move(c));
  }
  page.truncated = page.total > static_cast<std::int64_t>(page.contacts.size());
  return page;
}

Result<std::vector<Contact>> ContactStore::search(std::string_view text, std::int64_t limit) {
  COFFRE_ASSIGN_OR_RETURN(auto page, search_page(text, limit));
  return std::move(page.contacts);
}

Result<std::int64_t> ContactStore::count() {
  COFFRE_ASSIGN_OR_RETURN(auto st, model::context_of(vault_).db.prepare("SELECT count(*) FROM contacts"));
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? st.column_int(0) : 0;
}

}  // namespace coffre
