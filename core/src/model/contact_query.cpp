// Reading contacts: by id, filtered listings, lookups by email or phone, full-text search.
#include "coffre/normalize.h"
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

Result<std::vector<Contact>> ContactStore::search(std::string_view text, std::int64_t limit) {
  const auto words = model::search_words(text);
  if (words.empty()) return std::vector<Contact>{};
  auto& db = model::context_of(vault_).db;
  auto ids = model::search_ids(db, words);
  if (!ids.ok()) {
    if (ids.error().kind == ErrorKind::Internal)
      // search_words neutralises the syntax; should FTS still refuse, it is the input, not the vault.
      return make_error(ErrorKind::InvalidInput, "cannot search for \"" + std::string(text) + "\": " + ids.error().message);
    return ids.error();
  }
  if (ids->empty()) return std::vector<Contact>{};
  // The hits go through a table in the in-memory temp store (temp_store = MEMORY: never on disk)
  // so that SQLite sorts them by name and applies the limit.
  COFFRE_TRY(db.exec("CREATE TEMP TABLE IF NOT EXISTS search_hits(id INTEGER PRIMARY KEY); DELETE FROM temp.search_hits"));
  {
    COFFRE_ASSIGN_OR_RETURN(auto put, db.prepare("INSERT INTO temp.search_hits(id) VALUES(?)"));
    for (Id id : *ids) COFFRE_TRY(put.bind(1, id).run());
  }
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string(model::kContactSelect) +
                                              " WHERE c.id IN (SELECT id FROM temp.search_hits)" +
                                              std::string(model::kContactOrder) + " LIMIT ?"));
  st.bind(1, limit < 0 ? std::int64_t{-1} : limit);
  auto found = model::read_contacts(db, st);
  COFFRE_TRY(db.exec("DELETE FROM temp.search_hits"));
  return found;
}

Result<std::int64_t> ContactStore::count() {
  COFFRE_ASSIGN_OR_RETURN(auto st, model::context_of(vault_).db.prepare("SELECT count(*) FROM contacts"));
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? st.column_int(0) : 0;
}

}  // namespace coffre
