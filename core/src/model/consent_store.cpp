// The consent ledger's tables (migration 7): events, notices, purposes, and the channel-scoped
// suppression list. See coffre/consent.h for the contract.
#include "coffre/consent.h"

#include "coffre/i18n.h"

#include <algorithm>
#include <map>

#include "crypto/crypto.h"
#include "model/consent_ledger.h"
#include "model/store_support.h"
#include "model/suppression_list.h"
#include "model/text.h"

namespace coffre {
namespace {

constexpr Time kFutureSlack = 24 * 3600;  // a clock a little ahead is not a typo; a day is
constexpr std::size_t kMaxNotice = 1 << 20;

std::string word(std::string_view s) {
  std::string out = model::unicode_lower(s);
  for (char& c : out)
    if (c == '_' || c == ' ') c = '-';
  return out;
}

template <typename E, std::size_t N>
std::optional<E> parse_from(const std::pair<E, std::string_view> (&table)[N], std::string_view s) {
  const std::string w = word(s);
  for (const auto& [v, name] : table)
    if (name == w) return v;
  return std::nullopt;
}

constexpr std::pair<ConsentEventKind, std::string_view> kEvents[] = {
    {ConsentEventKind::Given, "given"},         {ConsentEventKind::Refused, "refused"},
    {ConsentEventKind::Withdrawn, "withdrawn"}, {ConsentEventKind::Objected, "objected"},
    {ConsentEventKind::Given, "donné"},         {ConsentEventKind::Given, "consent"},
    {ConsentEventKind::Refused, "refusé"},      {ConsentEventKind::Withdrawn, "retiré"},
    {ConsentEventKind::Objected, "objection"},  {ConsentEventKind::Objected, "opposition"},
};
constexpr std::pair<Channel, std::string_view> kChannels[] = {
    {Channel::Email, "email"},   {Channel::Sms, "sms"},           {Channel::Phone, "phone"},
    {Channel::Post, "post"},     {Channel::Email, "e-mail"},      {Channel::Email, "courriel"},
    {Channel::Phone, "téléphone"}, {Channel::Phone, "telephone"}, {Channel::Post, "courrier"},
};
constexpr std::pair<ConsentMethod, std::string_view> kMethods[] = {
    {ConsentMethod::WebForm, "web-form"},     {ConsentMethod::DoubleOptIn, "double-opt-in"},
    {ConsentMethod::EmailReply, "email-reply"}, {ConsentMethod::Oral, "oral"},
    {ConsentMethod::Paper, "paper"},          {ConsentMethod::InPerson, "in-person"},
    {ConsentMethod::Import, "import"},
};

std::string sha256_hex(std::string_view text) {
  crypto::Sha256 h;
  h.update(crypto::as_bytes(text));
  auto d = h.finish();
  return crypto::to_hex(crypto::ByteView(d.data(), d.size()));
}

// The canonical form an event's hash covers: every field, one per line, absent ones empty, with
// the person's pseudonym rather than the contact id (ids may be renumbered, pseudonyms are not).
std::string canonical(const ConsentEvent& e, const std::string& pseudonym) {
  auto opt = [](const std::optional<std::string>& s) { return s.value_or(""); };
  std::string out = "coffre-consent-event/1\n";
  out += pseudonym + "\n" + std::string(to_string(e.event)) + "\n" + std::string(to_string(e.channel)) + "\n" +
         e.purpose + "\n" + (e.method ? std::string(to_string(*e.method)) : "") + "\n" + opt(e.notice_version) +
         "\n" + opt(e.notice_sha256) + "\n" + std::to_string(e.occurred_at) + "\n" + std::to_string(e.recorded_at) +
         "\n" + opt(e.source) + "\n" + opt(e.note) + "\n" + opt(e.evidence_sha256) + "\n";
  return out;
}

std::string event_hash(const ConsentEvent& e, const std::string& pseudonym) {
  const std::string c = canonical(e, pseudonym);
  auto h = crypto::blake2b(crypto::as_bytes(c));
  return crypto::to_hex(crypto::ByteView(h.data(), h.size()));
}

constexpr const char* kEventColumns =
    "SELECT e.id, e.contact_id, e.event, e.channel, e.purpose, e.method, e.notice_version, e.notice_sha256, "
    "e.occurred_at, e.recorded_at, e.source, e.note, e.evidence_document_id, e.evidence_sha256, e.hash "
    "FROM consent_events e ";

Result<ConsentEvent> read_event(const storage::Statement& st) {
  ConsentEvent e;
  e.id = st.column_int(0);
  e.contact_id = st.column_int(1);
  auto ev = parse_consent_event(st.column_text(2));
  auto ch = parse_channel(st.column_text(3));
  if (!ev || !ch) return make_error(ErrorKind::Corruption, "consent event " + std::to_string(e.id) + " is unreadable");
  e.event = *ev;
  e.channel = *ch;
  e.purpose = st.column_text(4);
  if (auto m = st.column_opt_text(5)) e.method = parse_consent_method(*m);
  e.notice_version = st.column_opt_text(6);
  e.notice_sha256 = st.column_opt_text(7);
  e.occurred_at = st.column_int(8);
  e.recorded_at = st.column_int(9);
  e.source = st.column_opt_text(10);
  e.note = st.column_opt_text(11);
  e.evidence_document_id = st.column_opt_int(12);
  e.evidence_sha256 = st.column_opt_text(13);
  e.hash = st.column_text(14);
  return e;
}

bool valid_purpose_name(const std::string& n) {
  if (n.empty() || n.size() > 40) return false;
  return std::all_of(n.begin(), n.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool applies(const ConsentEvent& e, Channel channel, std::string_view purpose) {
  return e.channel == channel && (e.purpose == purpose || e.event == ConsentEventKind::Objected);
}

Status add_scoped(detail::VaultContext& ctx, Channel channel, model::SuppressionKind kind, const std::string& value,
                  Time now) {
  if (model::canonical_value(kind, value).empty()) return {};
  auto h = model::suppression_hash(ctx, kind, value);
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("INSERT OR IGNORE INTO consent_suppression(channel, kind, hash, "
                                                  "added_at) VALUES(?,?,?,?)"));
  return st.bind(1, to_string(channel)).bind(2, model::kind_name(kind))
      .bind_blob(3, h.data(), h.size()).bind(4, now).run();
}

}  // namespace

std::string_view to_string(ConsentEventKind v) { return kEvents[static_cast<int>(v)].second; }
std::string_view to_string(Channel v) { return kChannels[static_cast<int>(v)].second; }
std::string_view to_string(ConsentMethod v) { return kMethods[static_cast<int>(v)].second; }
std::optional<ConsentEventKind> parse_consent_event(std::string_view s) { return parse_from(kEvents, s); }
std::optional<Channel> parse_channel(std::string_view s) { return parse_from(kChannels, s); }
std::optional<ConsentMethod> parse_consent_method(std::string_view s) { return parse_from(kMethods, s); }

std::optional<ConsentState> consent_state(const std::vector<ConsentEvent>& events, Channel channel,
                                          std::string_view purpose) {
  const ConsentEvent* latest = nullptr;
  for (const auto& e : events) {
    if (!applies(e, channel, purpose)) continue;
    // The latest by when it happened; among equals, the later recorded (a same-minute correction).
    if (!latest || e.occurred_at > latest->occurred_at || (e.occurred_at == latest->occurred_at && e.id > latest->id))
      latest = &e;
  }
  if (!latest) return std::nullopt;
  return ConsentState{channel, std::string(purpose), latest->event, latest->occurred_at, latest->id};
}

std::vector<ConsentState> consent_states(const std::vector<ConsentEvent>& events) {
  std::map<std::pair<int, std::string>, bool> keys;
  for (const auto& e : events) keys[{static_cast<int>(e.channel), e.purpose}] = true;
  std::vector<ConsentState> out;
  for (const auto& [k, _] : keys)
    if (auto s = consent_state(events, static_cast<Channel>(k.first), k.second)) out.push_back(*s);
  return out;
}

Result<Notice> ConsentStore::add_notice(const std::string& version, const std::string& text) {
  auto& ctx = model::context_of(vault_);
  const std::string v = model::clean_text(version);
  if (v.empty() || v.size() > 64) return make_error(ErrorKind::InvalidInput, tr("a notice version is 1 to 64 characters"));
  if (text.empty()) return make_error(ErrorKind::InvalidInput, trf("the notice {} is empty", {v}));
  if (text.size() > kMaxNotice) return make_error(ErrorKind::InvalidInput, trf("the notice {} is over 1 MiB", {v}));
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  const std::string sha = sha256_hex(text);
  COFFRE_ASSIGN_OR_RETURN(auto q, ctx.db.prepare("SELECT sha256, text, added_at FROM consent_notices WHERE version = ?"));
  q.bind(1, v);
  COFFRE_ASSIGN_OR_RETURN(bool found, q.step());
  if (found) {
    if (q.column_text(0) != sha)
      return make_error(ErrorKind::Conflict, trf("the notice {0} exists with another text (SHA-256 {1}): a notice never changes, add a "
                                                     "new version",
                                                     {v, q.column_text(0)}));
    return Notice{v, sha, q.column_text(1), q.column_int(2)};
  }
  const Time now = ctx.clock->now();
  COFFRE_ASSIGN_OR_RETURN(auto ins, ctx.db.prepare("INSERT INTO consent_notices(version, sha256, text, added_at) "
                                                   "VALUES(?,?,?,?)"));
  COFFRE_TRY(ins.bind(1, v).bind(2, sha).bind(3, text).bind(4, now).run());
  COFFRE_TRY(ctx.audit->append("notice.add", std::nullopt, "version=" + v + " sha256=" + sha));
  COFFRE_TRY(tx.commit());
  return Notice{v, sha, text, now};
}

Result<std::vector<Notice>> ConsentStore::notices() {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT version, sha256, text, added_at FROM consent_notices "
                                              "ORDER BY added_at, rowid"));
  std::vector<Notice> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(Notice{st.column_text(0), st.column_text(1), st.column_text(2), st.column_int(3)});
  }
  return out;
}

Result<Notice> ConsentStore::notice(const std::string& version) {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT version, sha256, text, added_at FROM consent_notices "
                                              "WHERE version = ?"));
  st.bind(1, version);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return make_error(ErrorKind::NotFound, trf("no notice with version \"{}\" (coffre notice list)", {version}));
  return Notice{st.column_text(0), st.column_text(1), st.column_text(2), st.column_int(3)};
}

Status ConsentStore::add_purpose(const std::string& name, const std::string& description) {
  auto& ctx = model::context_of(vault_);
  if (!valid_purpose_name(name))
    return make_error(ErrorKind::InvalidInput, trf("invalid purpose \"{}\": lower-case letters, digits and '-', 1 to 40 characters", {name}));
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("INSERT OR IGNORE INTO consent_purposes(name, description, "
                                                  "added_at) VALUES(?,?,?)"));
  COFFRE_TRY(st.bind(1, name).bind(2, model::clean_text(description)).bind(3, ctx.clock->now()).run());
  if (ctx.db.changes() > 0) COFFRE_TRY(ctx.audit->append("purpose.add", std::nullopt, "purpose=" + name));
  return tx.commit();
}

Result<std::vector<std::string>> ConsentStore::purposes() {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT name FROM consent_purposes ORDER BY name"));
  std::vector<std::string> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(st.column_text(0));
  }
  return out;
}

Status ConsentStore::check_purpose(const std::string& name) {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto p, db.prepare("SELECT 1 FROM consent_purposes WHERE name = ?"));
  p.bind(1, name);
  COFFRE_ASSIGN_OR_RETURN(bool known, p.step());
  if (!known) return make_error(ErrorKind::NotFound, trf("unknown purpose \"{}\" (coffre purpose list)", {name}));
  return {};
}

Status ConsentStore::check(const NewConsentEvent& in) {
  auto& ctx = model::context_of(vault_);
  if (in.occurred_at && *in.occurred_at > ctx.clock->now() + kFutureSlack)
    return make_error(ErrorKind::InvalidInput, trf("the consent event's date {} is in the future: record what happened",
                                                       {format_utc(*in.occurred_at)}));
  COFFRE_TRY(model::contact_pseudonym(ctx.db, in.contact_id).status());
  COFFRE_TRY(check_purpose(in.purpose));
  if (in.notice_version) COFFRE_TRY(notice(*in.notice_version).status());
  return {};
}

Result<Id> ConsentStore::record(const NewConsentEvent& in) {
  auto& ctx = model::context_of(vault_);
  auto& db = ctx.db;
  const Time now = ctx.clock->now();
  ConsentEvent e;
  e.contact_id = in.contact_id;
  e.event = in.event;
  e.channel = in.channel;
  e.purpose = in.purpose;
  e.method = in.method;
  e.occurred_at = in.occurred_at.value_or(now);
  e.recorded_at = now;
  e.source = model::clean_optional(in.source);
  if (in.note) {
    std::string n = model::clean_text(*in.note, true);
    if (!n.empty()) e.note = std::move(n);
  }
  storage::Transaction tx(db);
  COFFRE_TRY(tx.begin());
  COFFRE_TRY(check(in));
  COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, model::contact_pseudonym(db, in.contact_id));
  if (in.notice_version) {
    COFFRE_ASSIGN_OR_RETURN(auto n, notice(*in.notice_version));
    e.notice_version = n.version;
    e.notice_sha256 = n.sha256;
  }
  if (in.evidence_document_id) {
    COFFRE_ASSIGN_OR_RETURN(auto d, db.prepare("SELECT sha256 FROM documents WHERE id = ? AND contact_id = ? AND "
                                               "pending = 0"));
    d.bind(1, *in.evidence_document_id).bind(2, in.contact_id);
    COFFRE_ASSIGN_OR_RETURN(bool found, d.step());
    if (!found)
      return make_error(ErrorKind::InvalidInput, trf("document {0} is not a document of contact {1}",
                                                         {std::to_string(*in.evidence_document_id), std::to_string(in.contact_id)}));
    e.evidence_document_id = in.evidence_document_id;
    e.evidence_sha256 = d.column_text(0);
  }
  e.hash = event_hash(e, pseudonym);
  COFFRE_ASSIGN_OR_RETURN(auto ins, db.prepare("INSERT INTO consent_events(contact_id, event, channel, purpose, method, "
                                               "notice_version, notice_sha256, occurred_at, recorded_at, source, note, "
                                               "evidence_document_id, evidence_sha256, hash) "
                                               "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  ins.bind(1, e.contact_id).bind(2, to_string(e.event)).bind(3, to_string(e.channel)).bind(4, e.purpose);
  if (e.method) ins.bind(5, to_string(*e.method));
  else ins.bind_null(5);
  ins.bind(6, e.notice_version).bind(7, e.notice_sha256).bind(8, e.occurred_at).bind(9, e.recorded_at)
      .bind(10, e.source).bind(11, e.note).bind(12, e.evidence_document_id).bind(13, e.evidence_sha256)
      .bind(14, e.hash);
  COFFRE_TRY(ins.run());
  const Id id = db.last_insert_id();
  COFFRE_TRY(ctx.audit->append("consent.record", pseudonym,
                               "event=" + std::to_string(id) + " kind=" + std::string(to_string(e.event)) +
                                   " channel=" + std::string(to_string(e.channel)) + " purpose=" + e.purpose +
                                   " hash=" + e.hash));
  COFFRE_TRY(tx.commit());
  return id;
}

Result<std::vector<ConsentEvent>> ConsentStore::history(Id contact_id) {
  auto& db = model::context_of(vault_).db;
  COFFRE_TRY(model::contact_pseudonym(db, contact_id).status());
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string(kEventColumns) +
                                              "WHERE e.contact_id = ? ORDER BY e.occurred_at, e.id"));
  st.bind(1, contact_id);
  std::vector<ConsentEvent> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    COFFRE_ASSIGN_OR_RETURN(auto e, read_event(st));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<Id>> ConsentStore::verify_hashes() {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string(kEventColumns) + ", contacts c WHERE c.id = e.contact_id"));
  COFFRE_ASSIGN_OR_RETURN(auto who, db.prepare("SELECT pseudonym FROM contacts WHERE id = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto audit, db.prepare("SELECT count(*) FROM audit_log WHERE action = 'consent.record' AND "
                                                 "subject = ? AND details LIKE ?"));
  std::vector<Id> bad;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    COFFRE_ASSIGN_OR_RETURN(auto e, read_event(st));
    who.reset();
    who.bind(1, e.contact_id);
    COFFRE_ASSIGN_OR_RETURN(bool found, who.step());
    const std::string pseudonym = found ? who.column_text(0) : "";
    audit.reset();
    audit.bind(1, pseudonym).bind(2, "event=" + std::to_string(e.id) + " %hash=" + e.hash);
    COFFRE_ASSIGN_OR_RETURN(bool arow, audit.step());
    const bool audited = arow && audit.column_int(0) > 0;
    if (event_hash(e, pseudonym) != e.hash || !audited) bad.push_back(e.id);
  }
  return bad;
}

namespace model {

const char* const kConsentEventColumns = kEventColumns;
Result<ConsentEvent> read_consent_event(const storage::Statement& st) { return read_event(st); }

Result<std::vector<Channel>> withdrawn_channels(detail::VaultContext& ctx, Id contact_id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(std::string(kEventColumns) + "WHERE e.contact_id = ?"));
  st.bind(1, contact_id);
  std::vector<ConsentEvent> events;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    COFFRE_ASSIGN_OR_RETURN(auto e, read_event(st));
    events.push_back(std::move(e));
  }
  std::vector<Channel> out;
  for (const auto& state : consent_states(events)) {
    const bool no = state.status == ConsentEventKind::Withdrawn || state.status == ConsentEventKind::Objected;
    if (no && std::find(out.begin(), out.end(), state.channel) == out.end()) out.push_back(state.channel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status add_channel_suppression(detail::VaultContext& ctx, Channel channel, const std::vector<std::string>& emails,
                               const std::vector<std::string>& phones, Time now) {
  for (const auto& e : emails) COFFRE_TRY(add_scoped(ctx, channel, SuppressionKind::Email, e, now));
  for (const auto& p : phones) COFFRE_TRY(add_scoped(ctx, channel, SuppressionKind::Phone, p, now));
  return {};
}

}  // namespace model

Result<bool> is_suppressed_for_channel(Vault& vault, Channel channel, const std::vector<std::string>& emails,
                                       const std::vector<std::string>& phones) {
  auto& ctx = model::context_of(vault);
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT 1 FROM consent_suppression WHERE channel = ? AND kind = ? "
                                                  "AND hash = ?"));
  auto check = [&](model::SuppressionKind kind, const std::string& v) -> Result<bool> {
    if (model::canonical_value(kind, v).empty()) return false;
    auto h = model::suppression_hash(ctx, kind, v);
    st.reset();
    st.bind(1, to_string(channel)).bind(2, model::kind_name(kind))
        .bind_blob(3, h.data(), h.size());
    return st.step();
  };
  for (const auto& e : emails) {
    COFFRE_ASSIGN_OR_RETURN(bool hit, check(model::SuppressionKind::Email, e));
    if (hit) return true;
  }
  for (const auto& p : phones) {
    COFFRE_ASSIGN_OR_RETURN(bool hit, check(model::SuppressionKind::Phone, p));
    if (hit) return true;
  }
  return false;
}

}  // namespace coffre
