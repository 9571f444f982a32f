#include "coffre/retention.h"

#include "coffre/i18n.h"

#include <algorithm>
#include <ctime>
#include <map>

#include "model/store_support.h"
#include "services/retention_internal.h"
#include "vault/context.h"

namespace coffre {
namespace {

// Marked for the catalogue: shown translated where people read them (they stay English in --json).
constexpr const char* kCnilProspect = N_(
    "CNIL, La prospection commerciale (fiche pratique) and référentiel « gestion des activités commerciales » "
    "(délibération n° 2021-131 du 23 septembre 2021): 3 years from collection or the prospect's last contact");
constexpr const char* kCnilClient = N_(
    "CNIL, référentiel « gestion des activités commerciales » (délibération n° 2021-131 du 23 septembre 2021): "
    "3 years after the end of the commercial relationship");

std::vector<RetentionPolicy> defaults() {
  std::vector<RetentionPolicy> out;
  for (auto cat : {Category::Suspect, Category::Prospect, Category::Client, Category::Partner, Category::Supplier}) {
    RetentionPolicy p;
    p.category = cat;
    p.rule = "default:" + std::string(to_string(cat));
    if (cat == Category::Suspect || cat == Category::Prospect) {
      p.after_months = 36;
      p.source = kCnilProspect;
    } else if (cat == Category::Client) {
      p.after_months = 36;
      p.source = kCnilClient;
    } else {
      p.source = N_("no default: set one with `coffre retention policy set`");
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string policy_rule(const RetentionPolicy& p) {
  return "policy:" + std::string(to_string(p.category)) + ":" +
         (p.kind ? std::string(to_string(*p.kind)) : std::string("any")) + ":v" + std::to_string(p.version);
}

Result<std::vector<RetentionPolicy>> user_policies(storage::Database& db) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT category, kind, after_months, clock, recontact_days, version, "
                                              "set_at FROM retention_policies ORDER BY category, kind"));
  std::vector<RetentionPolicy> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    RetentionPolicy p;
    p.category = parse_category(st.column_text(0)).value_or(Category::Prospect);
    const std::string kind = st.column_text(1);
    if (kind != "any") p.kind = kind == "b2c" ? ContactKind::B2C : ContactKind::B2B;
    if (auto m = st.column_opt_int(2)) p.after_months = static_cast<int>(*m);
    p.clock = parse_retention_clock(st.column_text(3)).value_or(RetentionClock::LastInbound);
    if (auto r = st.column_opt_int(4)) p.recontact_days = static_cast<int>(*r);
    p.version = static_cast<int>(st.column_int(5));
    p.set_at = st.column_int(6);
    p.rule = policy_rule(p);
    p.source = N_("your policy");
    out.push_back(std::move(p));
  }
  return out;
}

// One counter for the whole policy set: each set writes the next number on its row, and no row is
// ever deleted, so the highest is the current version.
Result<int> policy_version(storage::Database& db) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT coalesce(max(version), 0) FROM retention_policies"));
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? static_cast<int>(st.column_int(0)) : 0;
}

// The policy for a category and kind: the user's for that kind, else the user's for both kinds,
// else the default.
struct Resolver {
  std::map<std::pair<Category, int>, RetentionPolicy> by_key;  // kind: 0 any, 1 b2b, 2 b2c
  const RetentionPolicy* find(Category c, ContactKind k) const {
    const int ki = k == ContactKind::B2B ? 1 : 2;
    if (auto it = by_key.find({c, ki}); it != by_key.end()) return &it->second;
    if (auto it = by_key.find({c, 0}); it != by_key.end()) return &it->second;
    return nullptr;
  }
};

Result<Resolver> resolver(storage::Database& db) {
  Resolver r;
  for (auto& p : defaults()) r.by_key[{p.category, 0}] = p;
  COFFRE_ASSIGN_OR_RETURN(auto mine, user_policies(db));
  for (auto& p : mine) r.by_key[{p.category, p.kind ? (*p.kind == ContactKind::B2B ? 1 : 2) : 0}] = p;
  return r;
}

}  // namespace

std::string_view to_string(RetentionClock c) {
  switch (c) {
    case RetentionClock::Collected: return "collected";
    case RetentionClock::LastInbound: return "last-inbound";
    case RetentionClock::LastInteraction: return "last-interaction";
  }
  return "last-inbound";
}

std::optional<RetentionClock> parse_retention_clock(std::string_view s) {
  for (auto c : {RetentionClock::Collected, RetentionClock::LastInbound, RetentionClock::LastInteraction})
    if (to_string(c) == s) return c;
  return std::nullopt;
}

Time add_months(Time t, int months) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  const int total = tm.tm_mon + months;
  tm.tm_year += total >= 0 ? total / 12 : (total - 11) / 12;
  tm.tm_mon = ((total % 12) + 12) % 12;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int year = tm.tm_year + 1900;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[tm.tm_mon] + (tm.tm_mon == 1 && leap ? 1 : 0);
  tm.tm_mday = std::min(tm.tm_mday, last);
  return static_cast<Time>(timegm(&tm));
}

Result<std::vector<RetentionPolicy>> retention_policies(Vault& vault) {
  COFFRE_ASSIGN_OR_RETURN(auto r, resolver(vault.context().db));
  std::vector<RetentionPolicy> out;
  for (auto& [key, p] : r.by_key) out.push_back(p);
  return out;
}

Result<int> set_retention_policy(Vault& vault, const RetentionPolicy& policy) {
  auto& ctx = vault.context();
  if (policy.after_months && *policy.after_months <= 0)
    return make_error(ErrorKind::InvalidInput, tr("a retention period must be longer than zero"));
  if (policy.recontact_days && *policy.recontact_days < 0)
    return make_error(ErrorKind::InvalidInput, tr("--recontact cannot be negative"));
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(int version, policy_version(ctx.db));
  ++version;
  const Time now = ctx.clock->now();
  const std::string kind = policy.kind ? std::string(to_string(*policy.kind)) : "any";
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("INSERT OR REPLACE INTO retention_policies(category, kind, "
                                                  "after_months, clock, recontact_days, version, set_at) "
                                                  "VALUES(?,?,?,?,?,?,?)"));
  st.bind(1, to_string(policy.category)).bind(2, kind);
  if (policy.after_months) st.bind(3, *policy.after_months);
  else st.bind_null(3);
  st.bind(4, to_string(policy.clock));
  if (policy.recontact_days) st.bind(5, *policy.recontact_days);
  else st.bind_null(5);
  COFFRE_TRY(st.bind(6, version).bind(7, now).run());
  COFFRE_TRY(ctx.audit->append("retention.policy", std::nullopt,
                               "category=" + std::string(to_string(policy.category)) + " kind=" + kind +
                                   " after_months=" + (policy.after_months ? std::to_string(*policy.after_months) : "never") +
                                   " clock=" + std::string(to_string(policy.clock)) + " version=" + std::to_string(version)));
  COFFRE_TRY(tx.commit());
  return version;
}

Status add_hold(Vault& vault, Id contact_id, const std::string& reason, std::optional<Time> until) {
  auto& ctx = vault.context();
  if (reason.empty()) return make_error(ErrorKind::Usage, tr("a legal hold needs a reason (--reason)"));
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, model::contact_pseudonym(ctx.db, contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("INSERT OR REPLACE INTO legal_holds(contact_id, reason, until, "
                                                  "created_at) VALUES(?,?,?,?)"));
  st.bind(1, contact_id).bind(2, reason);
  if (until) st.bind(3, *until);
  else st.bind_null(3);
  COFFRE_TRY(st.bind(4, ctx.clock->now()).run());
  COFFRE_TRY(ctx.audit->append("hold.add", pseudonym, until ? "until=" + format_utc(*until) : std::string()));
  return tx.commit();
}

Status remove_hold(Vault& vault, Id contact_id) {
  auto& ctx = vault.context();
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, model::contact_pseudonym(ctx.db, contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("DELETE FROM legal_holds WHERE contact_id = ?"));
  COFFRE_TRY(st.bind(1, contact_id).run());
  if (ctx.db.changes() == 0)
    return make_error(ErrorKind::NotFound, trf("contact {} is not under a legal hold", {std::to_string(contact_id)}));
  COFFRE_TRY(ctx.audit->append("hold.remove", pseudonym, ""));
  return tx.commit();
}

Result<std::vector<LegalHold>> list_holds(Vault& vault, bool include_expired) {
  auto& ctx = vault.context();
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT h.contact_id, c.pseudonym, h.reason, h.until, h.created_at "
                                                  "FROM legal_holds h JOIN contacts c ON c.id = h.contact_id "
                                                  "ORDER BY h.contact_id"));
  const Time now = ctx.clock->now();
  std::vector<LegalHold> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    LegalHold h{st.column_int(0), st.column_text(1), st.column_text(2), st.column_opt_int(3), st.column_int(4)};
    if (!include_expired && h.until && *h.until <= now) continue;
    out.push_back(std::move(h));
  }
  return out;
}

Result<std::optional<LegalHold>> hold_on(Vault& vault, Id contact_id, Time at) {
  auto& ctx = vault.context();
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT h.contact_id, c.pseudonym, h.reason, h.until, h.created_at "
                                                  "FROM legal_holds h JOIN contacts c ON c.id = h.contact_id "
                                                  "WHERE h.contact_id = ? AND (h.until IS NULL OR h.until > ?)"));
  st.bind(1, contact_id).bind(2, at);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<LegalHold>();
  return std::optional<LegalHold>(
      LegalHold{st.column_int(0), st.column_text(1), st.column_text(2), st.column_opt_int(3), st.column_int(4)});
}

Result<RetentionPlan> plan_retention(Vault& vault, Time at, Time within) {
  auto& db = vault.context().db;
  COFFRE_ASSIGN_OR_RETURN(auto policies, resolver(db));
  RetentionPlan plan;
  plan.at = at;
  COFFRE_ASSIGN_OR_RETURN(plan.policy_version, policy_version(db));
  bool any_interaction_clock = false;
  for (auto& [k, p] : policies.by_key) any_interaction_clock |= p.after_months && p.clock == RetentionClock::LastInteraction;
  // One pass over the contacts; the last interaction of each only when a policy counts from it
  // (interactions_contact index: one seek per contact).
  const std::string sql =
      std::string("SELECT c.id, c.pseudonym, c.category, c.kind, c.collected_at, c.created_at, c.last_inbound_at, ") +
      (any_interaction_clock ? "(SELECT max(i.occurred_at) FROM interactions i WHERE i.contact_id = c.id)" : "NULL") +
      ", h.reason FROM contacts c LEFT JOIN legal_holds h ON h.contact_id = c.id AND (h.until IS NULL OR h.until > ?1)";
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(sql));
  st.bind(1, at);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    RetentionEntry e;
    e.id = st.column_int(0);
    e.category = parse_category(st.column_text(2)).value_or(Category::Prospect);
    e.kind = st.column_text(3) == "b2c" ? ContactKind::B2C : ContactKind::B2B;
    const RetentionPolicy* p = policies.find(e.category, e.kind);
    if (!p || !p->after_months) continue;
    e.pseudonym = st.column_text(1);
    e.rule = p->rule;
    const auto collected = st.column_opt_int(4);
    e.clock_start = collected ? *collected : st.column_int(5);
    e.clock_moved_by = collected ? "collected" : "added";
    if (p->clock != RetentionClock::Collected) {
      if (auto inbound = st.column_opt_int(6); inbound && *inbound > e.clock_start) {
        e.clock_start = *inbound;
        e.clock_moved_by = "inbound";
      }
    }
    if (p->clock == RetentionClock::LastInteraction) {
      if (auto any = st.column_opt_int(7); any && *any > e.clock_start) {
        e.clock_start = *any;
        e.clock_moved_by = "interaction";
      }
    }
    e.due_at = add_months(e.clock_start, *p->after_months);
    const bool held = !st.column_is_null(8);
    if (held) e.hold_reason = st.column_text(8);
    const Time window = std::max<Time>(within, p->recontact_days ? Time{*p->recontact_days} * 86400 : 0);
    if (e.due_at <= at) (held ? plan.held : plan.due).push_back(std::move(e));
    else if (e.due_at <= at + window && !held) plan.upcoming.push_back(std::move(e));
  }
  auto by_due = [](const RetentionEntry& a, const RetentionEntry& b) {
    return a.due_at != b.due_at ? a.due_at < b.due_at : a.id < b.id;
  };
  std::sort(plan.due.begin(), plan.due.end(), by_due);
  std::sort(plan.held.begin(), plan.held.end(), by_due);
  std::sort(plan.upcoming.begin(), plan.upcoming.end(), by_due);
  COFFRE_ASSIGN_OR_RETURN(plan.documents_due, DocumentStore(vault).list_kept(at));
  return plan;
}

Result<std::optional<Time>> retention_tombstone(Vault& vault, const std::vector<std::string>& emails,
                                                const std::vector<std::string>& phones) {
  COFFRE_ASSIGN_OR_RETURN(auto lookup, services::TombstoneLookup::prepare(vault.context()));
  return lookup.latest(emails, phones);
}

namespace services {

Status add_retention_tombstone(detail::VaultContext& ctx, model::SuppressionKind kind, std::string_view value, Time now) {
  if (model::canonical_value(kind, value).empty()) return {};
  const auto h = model::suppression_hash(ctx, kind, value);
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("INSERT OR REPLACE INTO retention_tombstones(kind, hash, erased_at) "
                                                  "VALUES(?,?,?)"));
  return st.bind(1, model::kind_name(kind)).bind_blob(2, h.data(), h.size()).bind(3, now).run();
}

Result<TombstoneLookup> TombstoneLookup::prepare(detail::VaultContext& ctx) {
  TombstoneLookup t;
  t.ctx_ = &ctx;
  {
    COFFRE_ASSIGN_OR_RETURN(auto any, ctx.db.prepare("SELECT EXISTS(SELECT 1 FROM retention_tombstones)"));
    COFFRE_ASSIGN_OR_RETURN(bool row, any.step());
    t.any_ = row && any.column_int(0) != 0;
  }
  COFFRE_ASSIGN_OR_RETURN(t.st_, ctx.db.prepare("SELECT erased_at FROM retention_tombstones WHERE kind = ? AND hash = ?"));
  return t;
}

Result<std::optional<Time>> TombstoneLookup::latest(const std::vector<std::string>& emails,
                                                    const std::vector<std::string>& phones) {
  std::optional<Time> latest;
  if (!any_) return latest;
  for (auto [list, kind] : {std::pair{&emails, model::SuppressionKind::Email}, std::pair{&phones, model::SuppressionKind::Phone}}) {
    for (const auto& v : *list) {
      if (model::canonical_value(kind, v).empty()) continue;
      const auto h = model::suppression_hash(*ctx_, kind, v);
      st_.reset();
      st_.bind(1, model::kind_name(kind)).bind_blob(2, h.data(), h.size());
      COFFRE_ASSIGN_OR_RETURN(bool row, st_.step());
      if (row && (!latest || st_.column_int(0) > *latest)) latest = st_.column_int(0);
    }
  }
  st_.reset();
  return latest;
}

}  // namespace services
}  // namespace coffre
