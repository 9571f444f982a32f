// Organisations: validation of French company identifiers, lookup by name, the store itself.
#include <algorithm>

#include "coffre/i18n.h"

#include "coffre/stores.h"
#include "model/store_support.h"
#include "model/text.h"

namespace coffre {
namespace model {
namespace {

std::string digits_only(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '.' && c != '-') out.push_back(c);
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool luhn(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// INSEE's rules: a SIREN is 9 digits passing Luhn; a SIRET is the SIREN and 5 more digits passing
// Luhn, except La Poste's establishments (SIREN 356000000) whose digits sum to a multiple of 5.
Result<std::optional<std::string>> check_siren(const std::optional<std::string>& raw) {
  if (!raw) return std::optional<std::string>();
  std::string d = digits_only(*raw);
  if (d.empty()) return std::optional<std::string>();
  if (d.size() != 9 || !all_digits(d) || !luhn(d))
    return make_error(ErrorKind::InvalidInput, trf("invalid SIREN \"{}\": 9 digits with a valid check digit expected", {*raw}));
  return std::optional<std::string>(d);
}

Result<std::optional<std::string>> check_siret(const std::optional<std::string>& raw) {
  if (!raw) return std::optional<std::string>();
  std::string d = digits_only(*raw);
  if (d.empty()) return std::optional<std::string>();
  bool ok = d.size() == 14 && all_digits(d);
  if (ok && d.rfind("356000000", 0) == 0) {
    int sum = 0;
    for (char c : d) sum += c - '0';
    ok = sum % 5 == 0 || luhn(d);
  } else if (ok) {
    ok = luhn(d);
  }
  if (!ok)
    return make_error(ErrorKind::InvalidInput, trf("invalid SIRET \"{}\": 14 digits with a valid check digit expected", {*raw}));
  return std::optional<std::string>(d);
}

}  // namespace

Result<Id> insert_organisation(detail::VaultContext& ctx, const NewOrganisation& o, Time now, bool from_contact_row) {
  const std::string name = clean_text(o.name);
  if (name.empty()) return make_error(ErrorKind::InvalidInput, tr("an organisation needs a name"));
  COFFRE_ASSIGN_OR_RETURN(auto siren, check_siren(o.siren));
  COFFRE_ASSIGN_OR_RETURN(auto siret, check_siret(o.siret));
  if (siret && siren && siret->substr(0, 9) != *siren)
    return make_error(ErrorKind::InvalidInput, trf("SIRET {0} does not belong to SIREN {1}", {*siret, *siren}));
  if (siret && !siren) siren = siret->substr(0, 9);
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("INSERT INTO organisations(name, siren, siret, sector, address, "
                                                  "created_at, updated_at, from_contact_row) VALUES(?,?,?,?,?,?,?,?)"));
  st.bind(1, name).bind(2, siren).bind(3, siret).bind(4, clean_optional(o.sector)).bind(5, clean_optional(o.address));
  st.bind(6, now).bind(7, now).bind(8, from_contact_row ? 1 : 0);
  COFFRE_TRY(st.run());
  const Id id = ctx.db.last_insert_id();
  COFFRE_ASSIGN_OR_RETURN(auto index, model::SearchTerms::prepare(ctx.db));
  const auto sector = clean_optional(o.sector);
  COFFRE_TRY(index.put_organisation(id, sector ? name + " " + *sector : name, /*fresh=*/true));
  return id;
}

// ---- OrgResolver -------------------------------------------------------------------------------
Result<OrgResolver> OrgResolver::prepare(detail::VaultContext& ctx) {
  OrgResolver r;
  r.ctx_ = &ctx;
  COFFRE_ASSIGN_OR_RETURN(r.by_id_, ctx.db.prepare("SELECT name FROM organisations WHERE id = ?"));
  COFFRE_ASSIGN_OR_RETURN(r.by_nocase_, ctx.db.prepare("SELECT id, name FROM organisations WHERE name = ? "
                                                       "COLLATE NOCASE ORDER BY id LIMIT 1"));
  COFFRE_ASSIGN_OR_RETURN(r.all_, ctx.db.prepare("SELECT id, name, sector FROM organisations ORDER BY id"));
  return r;
}

Result<OrgInfo> OrgResolver::remember(Id id, std::string name) {
  OrgInfo info{id, std::move(name)};
  info_.emplace(id, info);
  return info;
}

Result<OrgInfo> OrgResolver::by_id(Id id) {
  if (auto it = info_.find(id); it != info_.end()) return it->second;
  by_id_.reset();
  by_id_.bind(1, id);
  COFFRE_ASSIGN_OR_RETURN(bool row, by_id_.step());
  if (!row) return make_error(ErrorKind::NotFound, trf("no organisation with id {}", {std::to_string(id)}));
  std::string name = by_id_.column_text(0);
  by_id_.reset();
  return remember(id, std::move(name));
}

Result<std::optional<Id>> OrgResolver::find_uncached(const std::string& key, std::string_view name) {
  // Once every organisation's key is in the cache, the cache is the answer: nobody else writes
  // inside our transaction, and what we create is added to it.
  if (all_loaded_) return std::optional<Id>();
  // NOCASE (indexed) settles names that differ only in ASCII case.
  by_nocase_.reset();
  by_nocase_.bind(1, name);
  COFFRE_ASSIGN_OR_RETURN(bool row, by_nocase_.step());
  if (row) {
    const Id id = by_nocase_.column_int(0);
    std::string found = by_nocase_.column_text(1);
    by_nocase_.reset();
    if (!info_.count(id)) COFFRE_TRY(remember(id, std::move(found)).status());
    return std::optional<Id>(id);
  }
  by_nocase_.reset();
  if (std::all_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::optional<Id>();
  // Accented names need Unicode case folding, which SQLite lacks: fold every organisation's name
  // once, so a batch of a million contacts scans the table once, not once per new company.
  all_.reset();
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool more, all_.step());
    if (!more) break;
    by_key_.emplace(fold_key(all_.column_text(1)), all_.column_int(0));  // the oldest wins
  }
  all_.reset();
  all_loaded_ = true;
  if (auto it = by_key_.find(key); it != by_key_.end()) return std::optional<Id>(it->second);
  return std::optional<Id>();
}

Result<std::optional<Id>> OrgResolver::find(std::string_view raw) {
  const std::string name = clean_text(raw);
  if (name.empty()) return std::optional<Id>();
  const std::string key = fold_key(name);
  if (auto it = by_key_.find(key); it != by_key_.end()) return std::optional<Id>(it->second);
  COFFRE_ASSIGN_OR_RETURN(auto id, find_uncached(key, name));
  if (id) by_key_.emplace(key, *id);
  return id;
}

Result<OrgInfo> OrgResolver::find_or_create(std::string_view raw, Time now) {
  COFFRE_ASSIGN_OR_RETURN(auto existing, find(raw));
  if (existing) return by_id(*existing);
  COFFRE_ASSIGN_OR_RETURN(Id id, insert_organisation(*ctx_, NewOrganisation{std::string(raw), {}, {}, {}, {}}, now, true));
  ++created_;
  const std::string name = clean_text(raw);
  by_key_.emplace(fold_key(name), id);
  OrgInfo info{id, name};
  info_.emplace(id, info);
  return info;
}

}  // namespace model

// ---- OrganisationStore -------------------------------------------------------------------------
Result<Id> OrganisationStore::add(const NewOrganisation& o) {
  auto& ctx = model::context_of(vault_);
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto resolver, model::OrgResolver::prepare(ctx));
  COFFRE_ASSIGN_OR_RETURN(auto existing, resolver.find(o.name));
  if (existing)
    return make_error(ErrorKind::Conflict, trf("an organisation named \"{0}\" already exists (id {1})",
                                                   {model::clean_text(o.name), std::to_string(*existing)}));
  COFFRE_ASSIGN_OR_RETURN(Id id, model::insert_organisation(ctx, o, ctx.clock->now()));
  COFFRE_TRY(ctx.audit->append("org.add", std::nullopt, "org=" + std::to_string(id)));
  COFFRE_TRY(tx.commit());
  return id;
}

Result<Organisation> OrganisationStore::get(Id id) {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT id, name, siren, siret, sector, address, created_at, updated_at "
                                              "FROM organisations WHERE id = ?"));
  st.bind(1, id);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return make_error(ErrorKind::NotFound, trf("no organisation with id {}", {std::to_string(id)}));
  return Organisation{st.column_int(0),      st.column_text(1),     st.column_opt_text(2), st.column_opt_text(3),
                      st.column_opt_text(4), st.column_opt_text(5), st.column_int(6),      st.column_int(7)};
}

Result<std::optional<Id>> OrganisationStore::find_by_name(std::string_view name) {
  COFFRE_ASSIGN_OR_RETURN(auto resolver, model::OrgResolver::prepare(model::context_of(vault_)));
  return resolver.find(name);
}

Result<std::vector<Organisation>> OrganisationStore::list() {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT id, name, siren, siret, sector, address, created_at, updated_at "
                                              "FROM organisations ORDER BY name COLLATE NOCASE, id"));
  std::vector<Organisation> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back({st.column_int(0), st.column_text(1), st.column_opt_text(2), st.column_opt_text(3),
                   st.column_opt_text(4), st.column_opt_text(5), st.column_int(6), st.column_int(7)});
  }
  return out;
}

}  // namespace coffre
