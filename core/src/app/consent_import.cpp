// The consent import (coffre/app/optin.h import_consent): answers and unsubscribes read by a
// consent-capture plugin, checked against the opt-in tokens, recorded in the ledger.
#include <algorithm>
#include <cstdio>
#include <set>

#include "app/consent_args.h"
#include "app/optin_tokens.h"
#include "coffre/app/optin.h"
#include "coffre/contact_rule.h"
#include "coffre/documents.h"
#include "coffre/normalize.h"
#include "coffre/plugin/consent.h"
#include "coffre/stores.h"
#include "crypto/crypto.h"
#include "model/consent_ledger.h"
#include "storage/blob_paths.h"
#include "storage/database.h"
#include "util/english.h"
#include "vault/context.h"
#include "coffre/i18n.h"

namespace coffre::app {
namespace {

constexpr Time kFutureSlack = 24 * 3600;

class CollectSink final : public plugin::ConsentSink {
 public:
  explicit CollectSink(Progress& progress) : progress_(progress) {}
  bool consent(plugin::ConsentEvidence&& e) override {
    records.push_back(std::move(e));
    return true;
  }
  void progress(std::uint64_t done, std::uint64_t total) override {
    if (!started_) {
      progress_.start(tr("Reading"), total);
      started_ = true;
    }
    progress_.advance(done);
  }
  void finish() {
    if (started_) progress_.finish();
  }
  std::vector<plugin::ConsentEvidence> records;

 private:
  Progress& progress_;
  bool started_ = false;
};

Result<std::shared_ptr<plugin::ConsentCapture>> pick_plugin(PluginHost& host, const std::filesystem::path& file,
                                                            const std::string& format) {
  host.discover();
  auto p = format == "auto" ? host.consent_capture_for_file(file) : host.consent_capture_for_source(format);
  if (p) return p;
  std::string known, why;
  for (const auto& c : host.consent_captures())
    for (const auto& s : c->sources()) known += (known.empty() ? "" : "|") + s;
  for (const auto& r : host.list())
    if (r.name.rfind("consent-", 0) == 0 && !r.enabled) why += trf("; {0} is disabled: {1}", {r.name, r.reason});
  if (format == "auto")
    return make_error(ErrorKind::NotFound,
                      known.empty() ? trf("no consent-capture plugin recognises {0}{1}", {file.string(), why})
                                    : trf("no consent-capture plugin recognises {0} (try --format {1}){2}",
                                          {file.string(), known, why}));
  return make_error(ErrorKind::NotFound, known.empty()
                                             ? trf("no consent-capture plugin reads \"{0}\"{1}", {format, why})
                                             : trf("no consent-capture plugin reads \"{0}\" ({1}){2}", {format, known, why}));
}

// An answer's date: ISO 8601 (with 'T' or a space, optional fractional seconds, 'Z' or an offset
// ±HH:MM / ±HHMM), "YYYY/MM/DD HH:MM[:SS]" or "DD/MM/YYYY HH:MM[:SS]" (the forms' exports). A date
// without a zone is wall-clock time in `zone` (ConsentImportRequest::time_zone; docs/cli.md).
std::optional<Time> parse_answer_date(std::string s, const std::string& zone) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  if (s.size() < 10) return std::nullopt;
  int a = 0, b = 0, c = 0;
  if (s[2] == '/' && std::sscanf(s.c_str(), "%2d/%2d/%4d", &a, &b, &c) == 3) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c, b, a);
    s = buf + s.substr(10);
  } else if (s[4] == '/') {
    s[4] = '-';
    if (s[7] == '/') s[7] = '-';
  }
  Time offset = 0;
  bool zoned = false;
  if (s.size() > 19) {
    std::string tail = s.substr(19);
    std::string base = s.substr(0, 19);
    if (!tail.empty() && tail[0] == '.') {
      std::size_t i = 1;
      while (i < tail.size() && tail[i] >= '0' && tail[i] <= '9') ++i;
      tail = tail.substr(i);
    }
    if (tail == "Z" || tail == " UTC" || tail == " GMT" || tail.empty()) {
      zoned = !tail.empty();
      s = base;
    } else if (tail[0] == '+' || tail[0] == '-') {
      int hh = 0, mm = 0;
      std::string t = tail.substr(1);
      t.erase(std::remove(t.begin(), t.end(), ':'), t.end());
      if (t.size() != 4 || std::sscanf(t.c_str(), "%2d%2d", &hh, &mm) != 2 || hh > 14 || mm > 59) return std::nullopt;
      offset = (hh * 3600 + mm * 60) * (tail[0] == '+' ? 1 : -1);
      zoned = true;
      s = base;
    } else {
      return std::nullopt;
    }
  }
  Time t = 0;
  if (!parse_utc(s, t)) return std::nullopt;
  if (zoned) return t - offset;
  auto local = utc_of_local_wall(t, zone);
  if (!local.ok()) return std::nullopt;
  return *local;
}

std::string lower(std::string s) {
  for (auto& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

// A token (32 hex digits) in lower case, or a reply code as "XXXX-XXXX" in upper case; nullopt
// for anything else.
struct TokenKey {
  bool is_code = false;
  std::string value;
};
std::optional<TokenKey> token_key(const std::string& raw) {
  std::string t;
  for (char ch : raw)
    if (ch != ' ' && ch != '-' && ch != '\t') t += ch;
  if (t.size() == 2 * kOptinTokenBytes &&
      std::all_of(t.begin(), t.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); }))
    return TokenKey{false, lower(t)};
  if (t.size() == 8 && std::all_of(t.begin(), t.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)); })) {
    for (auto& ch : t) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return TokenKey{true, t.substr(0, 4) + "-" + t.substr(4)};
  }
  return std::nullopt;
}

struct TokenRow {
  Id row = 0, campaign = 0, contact = 0;
  std::string pseudonym, token, channel, purpose, notice_version, notice_sha256;
  Time expires_at = 0, sent_at = 0;
  bool used = false;
};

class Importer {
 public:
  Importer(Session& session, const ConsentImportRequest& r, std::string zone, std::string plugin,
           std::string file_name)
      : vault_(session.vault()), ctx_(vault_.context()), r_(r), zone_(std::move(zone)), plugin_(std::move(plugin)),
        file_name_(std::move(file_name)), key_(crypto::derive_subkey(ctx_.master_key, crypto::SubkeyId::CampaignToken)) {}

  Status prepare() {
    auto& db = ctx_.db;
    COFFRE_ASSIGN_OR_RETURN(by_token_, db.prepare(std::string(kTokenSelect) + "WHERE t.token = ?"));
    COFFRE_ASSIGN_OR_RETURN(by_code_, db.prepare(std::string(kTokenSelect) + "WHERE t.reply_code = ?"));
    COFFRE_ASSIGN_OR_RETURN(emails_, db.prepare("SELECT email FROM contact_emails WHERE contact_id = ?"));
    COFFRE_ASSIGN_OR_RETURN(mark_, db.prepare("UPDATE optin_tokens SET used_at = ?, used_event_id = ? WHERE id = ?"));
    return {};
  }

  Status one(plugin::ConsentEvidence& e) {
    if (!e.token.empty()) return with_token(e);
    return without_token(e);
  }

  ConsentImportResult out;
  // The evidence documents added in this import's transaction: their blob files are written at
  // once, so an import that does not commit shreds them (else `check` would find them orphaned).
  std::vector<Id> evidence;

 private:
  static constexpr const char* kTokenSelect =
      "SELECT t.id, t.campaign_id, t.contact_id, c.pseudonym, t.token, k.channel, k.purpose, o.notice_version, "
      "o.notice_sha256, o.expires_at, t.used_at, k.at FROM optin_tokens t JOIN contacts c ON c.id = t.contact_id "
      "JOIN campaigns k ON k.id = t.campaign_id JOIN optin_campaigns o ON o.campaign_id = t.campaign_id ";

  // Refuses `e` for `msgid` with `args`: the English reason for --json and the audit log, the user's
  // words for people.
  Status refuse(const plugin::ConsentEvidence& e, const std::optional<std::string>& who, const char* msgid,
                std::initializer_list<std::string_view> args = {}) {
    const std::string reason = english(msgid, args);
    ++out.refused;
    out.refusals.push_back({e.line, reason, trf(msgid, args)});
    if (r_.dry_run) return {};
    // The audit log holds no one's data: the reason up to its details (an address, an answer).
    std::string why = reason.substr(0, reason.find_first_of("(\""));
    while (!why.empty() && (why.back() == ' ' || why.back() == ':')) why.pop_back();
    return ctx_.audit->append("consent.import.refused", who,
                              "plugin=" + plugin_ + " line=" + std::to_string(e.line) + " reason=" + why);
  }

  Result<std::optional<TokenRow>> find(const TokenKey& k) {
    auto& st = k.is_code ? by_code_ : by_token_;
    st.reset();
    st.bind(1, k.value);
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return std::optional<TokenRow>();
    TokenRow t;
    t.row = st.column_int(0);
    t.campaign = st.column_int(1);
    t.contact = st.column_int(2);
    t.pseudonym = st.column_text(3);
    t.token = st.column_text(4);
    t.channel = st.column_text(5);
    t.purpose = st.column_text(6);
    t.notice_version = st.column_text(7);
    t.notice_sha256 = st.column_text(8);
    t.expires_at = st.column_int(9);
    t.used = st.column_opt_int(10).has_value();
    t.sent_at = st.column_int(11);
    return std::optional<TokenRow>(std::move(t));
  }

  Result<bool> holds_email(Id contact, const std::string& normalised) {
    emails_.reset();
    emails_.bind(1, contact);
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool row, emails_.step());
      if (!row) return false;
      if (emails_.column_text(0) == normalised) return true;
    }
  }

  std::optional<ConsentEventKind> event_of(const plugin::ConsentEvidence& e) {
    if (e.event.empty()) return e.granted ? ConsentEventKind::Given : ConsentEventKind::Withdrawn;
    return parse_consent_event(e.event);
  }

  std::string note_of(const plugin::ConsentEvidence& e) {
    std::string note;
    if (!e.answer.empty()) note = "answer: " + e.answer;
    if (!e.proof.empty()) note += (note.empty() ? "" : "; ") + e.proof;
    return note;
  }

  Status with_token(plugin::ConsentEvidence& e) {
    auto key = token_key(e.token);
    if (!key) return refuse(e, std::nullopt, N_("forged token (not a token or a reply code)"));
    COFFRE_ASSIGN_OR_RETURN(auto found, find(*key));
    if (!found) return refuse(e, std::nullopt, key->is_code ? N_("unknown reply code") : N_("forged token (no such token)"));
    const TokenRow& t = *found;
    const std::optional<std::string> who = t.pseudonym;
    // The token is recomputed from the campaign's terms and the person: a row that does not match
    // its MAC was not made by this vault's campaign.
    auto channel = parse_channel(t.channel);
    if (!channel || optin_token(key_, t.campaign, t.pseudonym, to_string(*channel), t.purpose, t.notice_sha256,
                                t.expires_at) != t.token)
      return refuse(e, who, N_("forged token (its MAC does not match)"));
    if (key->is_code && !e.sender_must_match)
      return refuse(e, who, N_("a reply code is taken only from a mail sent from the person's address"));
    // Another person's token before anything else: it is the gravest, and says nothing of the owner.
    if (e.sender_must_match && e.email.empty()) return refuse(e, who, N_("no sender address"));
    if (!e.email.empty()) {
      auto norm = normalise_email(e.email);
      if (!norm) return refuse(e, who, N_("another person's token (the address is not valid)"));
      COFFRE_ASSIGN_OR_RETURN(bool holds, holds_email(t.contact, *norm));
      if (!holds) return refuse(e, who, N_("another person's token (sent from an address not on file for them)"));
    }
    auto ev = event_of(e);
    if (!ev) return refuse(e, who, N_("answer not understood (\"{}\")"), {e.answer});
    // A "no" from the person's own token is recorded even when the token is spent or expired:
    // withdrawing must be as easy as giving (GDPR art. 7(3)); only a "yes" needs a fresh token.
    const bool says_no = *ev != ConsentEventKind::Given;
    const bool spent = t.used || used_.count(t.row) > 0;
    if (spent && !says_no) return refuse(e, who, N_("replayed token (already answered)"));
    if (e.given_at.empty()) return refuse(e, who, N_("no date: an answer without its date proves nothing"));
    auto when = parse_answer_date(e.given_at, zone_);
    if (!when) return refuse(e, who, N_("unreadable date \"{}\""), {e.given_at});
    if (*when > ctx_.clock->now() + kFutureSlack) return refuse(e, who, N_("date in the future ({})"), {format_utc(*when)});
    if (*when + kFutureSlack < t.sent_at)
      return refuse(e, who, N_("answered before the campaign was sent ({})"), {format_utc(t.sent_at)});
    if (*when > t.expires_at && !says_no)
      return refuse(e, who, N_("expired token (expired {})"), {format_utc(t.expires_at)});
    used_.insert(t.row);
    if (r_.dry_run) {
      ++out.recorded;
      return {};
    }
    NewConsentEvent n;
    n.contact_id = t.contact;
    n.event = *ev;
    n.channel = *channel;
    n.purpose = t.purpose;
    n.method = e.sender_must_match ? ConsentMethod::EmailReply : ConsentMethod::DoubleOptIn;
    n.notice_version = t.notice_version;
    n.occurred_at = *when;
    n.source = "campaign " + std::to_string(t.campaign) + ", " + plugin_ + ": " + file_name_ + " line " +
               std::to_string(e.line) + (e.source.empty() ? "" : " (" + e.source + ")");
    if (auto note = note_of(e); !note.empty()) n.note = note;
    if (!e.evidence.empty()) {
      DocumentOptions o;
      o.kind = DocumentKind::Evidence;
      o.dated_at = *when;
      const std::string name = e.evidence_name.empty() ? "consent-" + std::to_string(e.line) + ".eml" : e.evidence_name;
      COFFRE_ASSIGN_OR_RETURN(Id doc, DocumentStore(vault_).add_bytes(t.contact, name, e.evidence, NullProgress::instance(), o));
      n.evidence_document_id = doc;
      evidence.push_back(doc);
    }
    COFFRE_ASSIGN_OR_RETURN(Id id, ConsentStore(vault_).record(n));
    if (!spent) {
      mark_.reset();
      COFFRE_TRY(mark_.bind(1, ctx_.clock->now()).bind(2, id).bind(3, t.row).run());
    }
    out.events.push_back(id);
    ++out.recorded;
    return {};
  }

  // An unsubscribe: a withdrawal on its channel for whoever holds the address, else a scoped
  // suppression entry, so that the address is never written to on that channel.
  Status without_token(plugin::ConsentEvidence& e) {
    auto ev = event_of(e);
    if (!ev || *ev == ConsentEventKind::Given || *ev == ConsentEventKind::Refused)
      return refuse(e, std::nullopt, N_("a consent without an opt-in token cannot be tied to the text the person saw"));
    Channel channel = Channel::Email;
    if (!e.channel.empty()) {
      auto c = parse_channel(e.channel);
      if (!c) return refuse(e, std::nullopt, N_("unknown channel \"{}\""), {e.channel});
      channel = *c;
    }
    std::optional<std::string> email, phone;
    if (!e.email.empty()) {
      email = normalise_email(e.email);
      if (!email) return refuse(e, std::nullopt, N_("not an e-mail address: \"{}\""), {e.email});
    }
    if (!e.phone.empty()) {
      phone = normalise_phone(e.phone);
      if (!phone) return refuse(e, std::nullopt, N_("not a phone number: \"{}\""), {e.phone});
    }
    if (!email && !phone) return refuse(e, std::nullopt, N_("no e-mail address or phone number"));
    Time when = ctx_.clock->now();
    if (!e.given_at.empty()) {
      auto t = parse_answer_date(e.given_at, zone_);
      if (!t) return refuse(e, std::nullopt, N_("unreadable date \"{}\""), {e.given_at});
      when = std::min(*t, when);
    }
    ContactStore contacts(vault_);
    std::vector<Id> ids;
    if (email) {
      COFFRE_ASSIGN_OR_RETURN(ids, contacts.find_by_email(*email));
    }
    if (phone) {
      COFFRE_ASSIGN_OR_RETURN(auto more, contacts.find_by_phone(*phone));
      for (Id id : more)
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    if (ids.empty()) {
      ++out.unmatched;
      ++out.suppressed;
      const char* kept = N_("no contact holds this address: kept as a {} suppression entry");
      const std::string ch(to_string(channel));
      out.unmatched_lines.push_back({e.line, english(kept, {ch}), trf(kept, {tr(ch.c_str())})});
      if (r_.dry_run) return {};
      std::vector<std::string> emails, phones;
      if (email) emails.push_back(*email);
      if (phone) phones.push_back(*phone);
      return model::add_channel_suppression(ctx_, channel, emails, phones, ctx_.clock->now());
    }
    ConsentStore store(vault_);
    const std::string purpose = r_.purpose.empty() ? std::string(kDefaultPurpose) : r_.purpose;
    for (Id id : ids) {
      COFFRE_ASSIGN_OR_RETURN(auto history, store.history(id));
      auto state = consent_state(history, channel, purpose);
      if (state && (state->status == ConsentEventKind::Withdrawn || state->status == ConsentEventKind::Objected) &&
          state->since <= when) {
        ++out.unchanged;
        continue;
      }
      if (r_.dry_run) {
        ++out.recorded;
        continue;
      }
      NewConsentEvent n;
      n.contact_id = id;
      n.event = *ev;
      n.channel = channel;
      n.purpose = purpose;
      n.method = ConsentMethod::Import;
      n.occurred_at = when;
      n.source = plugin_ + ": " + file_name_ + " line " + std::to_string(e.line) + (e.source.empty() ? "" : " (" + e.source + ")");
      if (auto note = note_of(e); !note.empty()) n.note = note;
      COFFRE_ASSIGN_OR_RETURN(Id ev_id, store.record(n));
      out.events.push_back(ev_id);
      ++out.recorded;
    }
    return {};
  }

  Vault& vault_;
  detail::VaultContext& ctx_;
  const ConsentImportRequest& r_;
  std::string zone_;  // the IANA zone of dates written without one, resolved once
  std::string plugin_, file_name_;
  SecretBytes key_;
  storage::Statement by_token_, by_code_, emails_, mark_;
  std::set<Id> used_;  // tokens answered earlier in this same file
};

}  // namespace

Result<ConsentImportResult> import_consent(Session& session, const ConsentImportRequest& r, Progress& progress) {
  std::error_code ec;
  if (!std::filesystem::exists(r.file, ec)) return make_error(ErrorKind::NotFound, trf("no such file: {}", {r.file.string()}));
  if (!r.purpose.empty()) COFFRE_TRY(ConsentStore(session.vault()).check_purpose(r.purpose));
  // The zone is resolved once (this machine's is read from the system), not per answer.
  auto zone = resolve_time_zone(r.time_zone);
  if (!zone.ok()) return make_error(ErrorKind::InvalidInput, trf("--time-zone: {}", {zone.error().message}));
  COFFRE_ASSIGN_OR_RETURN(auto capture, pick_plugin(session.plugins(), r.file, r.format));
  std::string name;
  COFFRE_TRY(call_plugin("consent capture", [&] { name = capture->info().name; }));
  plugin::CaptureOptions options;
  options.path = r.file.string();
  CollectSink sink(progress);
  plugin::CaptureError error;
  bool ok = false;
  COFFRE_TRY(call_plugin(name + " capture()", [&] { ok = capture->capture(options, sink, error); }));
  sink.finish();
  if (!ok) {
    std::string where = r.file.string();
    if (error.line) where += ":" + std::to_string(error.line);
    if (error.column) where += ":" + std::to_string(error.column);
    if (!error.field.empty()) where += " (" + error.field + ")";
    return make_error(ErrorKind::InvalidInput, trf("{0}: {1}; nothing was recorded", {where, error.message}));
  }
  auto& ctx = session.vault().context();
  Importer imp(session, r, std::move(*zone), name, r.file.filename().string());
  COFFRE_TRY(imp.prepare());
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  // Declared after the transaction, so it runs first: the rows still name their blobs.
  struct ShredUncommittedEvidence {
    detail::VaultContext& ctx;
    const std::vector<Id>& docs;
    bool committed = false;
    ~ShredUncommittedEvidence() {
      if (committed || docs.empty()) return;
      auto st = ctx.db.prepare("SELECT blob_id FROM documents WHERE id = ?");
      if (!st.ok()) return;
      for (Id d : docs) {
        st->reset();
        auto blobs = st->bind(1, d).all_texts();
        if (!blobs.ok()) continue;
        for (const auto& b : *blobs) (void)ctx.blob_shredder->shred(storage::blob_path(ctx.blob_dir(), b));
      }
    }
  } shred_uncommitted{ctx, imp.evidence};
  progress.start(tr("Recording"), sink.records.size());
  std::uint64_t n = 0;
  for (auto& e : sink.records) {
    COFFRE_TRY(imp.one(e));
    progress.advance(++n);
  }
  progress.finish();
  imp.out.plugin = name;
  if (r.dry_run) return std::move(imp.out);
  COFFRE_TRY(ctx.audit->append("consent.import", std::nullopt,
                               "plugin=" + name + " recorded=" + std::to_string(imp.out.recorded) + " refused=" +
                                   std::to_string(imp.out.refused) + " unmatched=" + std::to_string(imp.out.unmatched) +
                                   " unchanged=" + std::to_string(imp.out.unchanged)));
  COFFRE_TRY(tx.commit());
  shred_uncommitted.committed = true;
  return std::move(imp.out);
}

}  // namespace coffre::app
