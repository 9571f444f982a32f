// The campaign export (coffre/app/consent.h export_campaign): only the people the rule allows,
// each with an unsubscribe token, and a record of the campaign that holds no one's data.
#include <algorithm>
#include <set>
#include <nlohmann/json.hpp>

#include "app/consent_args.h"
#include "coffre/app/consent.h"
#include "crypto/crypto.h"
#include "model/consent_ledger.h"
#include "model/suppression_list.h"
#include "storage/database.h"
#include "util/csv.h"
#include "util/files.h"
#include "vault/context.h"
#include "coffre/i18n.h"

namespace coffre::app {
namespace {

std::string token(const SecretBytes& key, Id campaign, const std::string& pseudonym, Channel channel,
                  const std::string& purpose) {
  const std::string msg = std::string("coffre-unsubscribe/1") + '\0' + std::to_string(campaign) + '\0' + pseudonym +
                          '\0' + std::string(to_string(channel)) + '\0' + purpose;
  auto mac = crypto::blake2b_keyed(key, crypto::as_bytes(msg));
  return crypto::to_hex(crypto::ByteView(mac.data(), 16));
}

// What the rule needs of every person, read in one pass: contacts, their e-mails, phones and
// events through cursors ordered by contact id, the suppression lists held in memory as sets of
// keyed hashes. can_contact() asks the same per person with a query each; a campaign over a
// million people cannot (docs/performance.md, "Consent").
class FactsCursor {
 public:
  static Result<FactsCursor> open(detail::VaultContext& ctx, Channel channel) {
    FactsCursor f(ctx, channel);
    auto& db = ctx.db;
    COFFRE_ASSIGN_OR_RETURN(f.emails_, db.prepare("SELECT contact_id, email FROM contact_emails ORDER BY contact_id, position"));
    COFFRE_ASSIGN_OR_RETURN(f.phones_, db.prepare("SELECT contact_id, phone FROM contact_phones ORDER BY contact_id, position"));
    COFFRE_ASSIGN_OR_RETURN(f.events_, db.prepare(std::string(model::kConsentEventColumns) +
                                                  "ORDER BY e.contact_id, e.occurred_at, e.id"));
    COFFRE_ASSIGN_OR_RETURN(f.calls_, db.prepare("SELECT count(*) FROM interactions WHERE contact_id = ? AND kind = "
                                                 "'call' AND direction = 'outbound' AND occurred_at > ? AND "
                                                 "occurred_at <= ?"));
    COFFRE_ASSIGN_OR_RETURN(f.refused_, db.prepare("SELECT max(occurred_at) FROM interactions WHERE contact_id = ? AND "
                                                   "kind = 'call' AND outcome IN ('refused','refused-to-talk') AND "
                                                   "occurred_at <= ?"));
    COFFRE_TRY(f.load_set("SELECT kind, hash FROM suppression", f.suppressed_));
    COFFRE_ASSIGN_OR_RETURN(auto scoped, db.prepare("SELECT kind, hash FROM consent_suppression WHERE channel = ?"));
    scoped.bind(1, to_string(channel));
    COFFRE_TRY(f.load_set(scoped, f.scoped_));
    COFFRE_ASSIGN_OR_RETURN(bool em, f.emails_.step());
    f.emails_done_ = !em;
    COFFRE_ASSIGN_OR_RETURN(bool ph, f.phones_.step());
    f.phones_done_ = !ph;
    COFFRE_ASSIGN_OR_RETURN(bool ev, f.events_.step());
    f.events_done_ = !ev;
    return f;
  }

  // The facts of contact `id`; ids must come in ascending order.
  Result<ContactFacts> facts(Id id, std::string_view kind, std::string_view category, Time at,
                             std::vector<std::string>& emails, std::vector<std::string>& phones) {
    ContactFacts f;
    f.kind = parse_contact_kind(kind);
    f.client = category == "client";
    COFFRE_TRY(collect(emails_, emails_done_, id, emails));
    COFFRE_TRY(collect(phones_, phones_done_, id, phones));
    while (!events_done_ && events_.column_int(1) <= id) {
      if (events_.column_int(1) == id) {
        COFFRE_ASSIGN_OR_RETURN(auto e, model::read_consent_event(events_));
        f.events.push_back(std::move(e));
      }
      COFFRE_ASSIGN_OR_RETURN(bool more, events_.step());
      events_done_ = !more;
    }
    f.suppressed = hit(suppressed_, emails, phones);
    f.suppressed_on_channel = hit(scoped_, emails, phones);
    f.time_zone = consumer_time_zone(phones);
    if (channel_ == Channel::Phone) {
      calls_.reset();
      calls_.bind(1, id).bind(2, at - 30 * 24 * 3600).bind(3, at);
      COFFRE_ASSIGN_OR_RETURN(bool row, calls_.step());
      f.calls_last_30_days = row ? static_cast<int>(calls_.column_int(0)) : 0;
      refused_.reset();
      refused_.bind(1, id).bind(2, at);
      COFFRE_ASSIGN_OR_RETURN(bool r, refused_.step());
      if (r) f.last_refused_call = refused_.column_opt_int(0);
    }
    return f;
  }

 private:
  FactsCursor(detail::VaultContext& ctx, Channel channel) : ctx_(&ctx), channel_(channel) {}
  Status load_set(const char* sql, std::set<std::string>& out) {
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx_->db.prepare(sql));
    return load_set(st, out);
  }
  Status load_set(storage::Statement& st, std::set<std::string>& out) {
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      const auto h = st.column_blob(1);
      out.insert(st.column_text(0) + ":" + crypto::to_hex(crypto::ByteView(h.data(), h.size())));
    }
    return {};
  }
  bool hit(const std::set<std::string>& set, const std::vector<std::string>& emails,
           const std::vector<std::string>& phones) const {
    if (set.empty()) return false;  // the usual case: no hashing at all
    auto key = [&](model::SuppressionKind k, const std::string& v) {
      auto h = model::suppression_hash(*ctx_, k, v);
      return std::string(k == model::SuppressionKind::Email ? "email:" : "phone:") +
             crypto::to_hex(crypto::ByteView(h.data(), h.size()));
    };
    for (const auto& e : emails)
      if (set.count(key(model::SuppressionKind::Email, e))) return true;
    for (const auto& p : phones)
      if (set.count(key(model::SuppressionKind::Phone, p))) return true;
    return false;
  }
  Status collect(storage::Statement& st, bool& done, Id id, std::vector<std::string>& out) {
    out.clear();
    while (!done && st.column_int(0) <= id) {
      if (st.column_int(0) == id) out.push_back(st.column_text(1));
      COFFRE_ASSIGN_OR_RETURN(bool more, st.step());
      done = !more;
    }
    return {};
  }

  detail::VaultContext* ctx_;
  Channel channel_;
  storage::Statement emails_, phones_, events_, calls_, refused_;
  bool emails_done_ = true, phones_done_ = true, events_done_ = true;
  std::set<std::string> suppressed_, scoped_;
};

}  // namespace

Result<CampaignExportResult> export_campaign(Session& session, const CampaignExportRequest& r, Progress& progress) {
  Vault& vault = session.vault();
  auto& ctx = vault.context();
  auto& db = ctx.db;
  COFFRE_ASSIGN_OR_RETURN(Channel channel, channel_arg(r.channel));
  const std::string purpose = r.purpose.empty() ? std::string(kDefaultPurpose) : r.purpose;
  COFFRE_TRY(ConsentStore(vault).check_purpose(purpose));
  std::vector<std::string> categories;
  for (const auto& c : r.categories) {
    auto cat = parse_category(c);
    if (!cat) return make_error(ErrorKind::InvalidInput, trf("--category: unknown category \"{}\"", {c}));
    categories.emplace_back(to_string(*cat));
  }
  if (r.output.empty()) return make_error(ErrorKind::Usage, tr("give the output file with -o FILE"));
  const Time now = vault.clock().now();
  const Time at = r.at.value_or(now);
  std::string cat_list;
  for (const auto& c : categories) cat_list += (cat_list.empty() ? "" : ",") + c;

  storage::Transaction tx(db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto ins, db.prepare("INSERT INTO campaigns(kind, channel, purpose, categories, at, "
                                               "rule_version, created_at) VALUES('export',?,?,?,?,?,?)"));
  COFFRE_TRY(ins.bind(1, to_string(channel)).bind(2, purpose).bind(3, cat_list).bind(4, at)
                 .bind(5, kContactRuleVersion).bind(6, now).run());
  CampaignExportResult out;
  out.campaign = db.last_insert_id();
  out.rule_version = std::string(kContactRuleVersion);

  COFFRE_ASSIGN_OR_RETURN(auto file, util::PrivateOutput::create(*ctx.env, r.output, r.overwrite));
  crypto::Sha256 sha;
  auto write = [&](const std::string& s) -> Status {
    sha.update(crypto::as_bytes(s));
    return file.write(s);
  };
  const char* address_column = channel == Channel::Email ? "email" : channel == Channel::Post ? "address" : "phone";
  COFFRE_TRY(write(std::string("id,first_name,last_name,") + address_column + ",organisation,unsubscribe_token\r\n"));

  std::string sql = "SELECT c.id, c.pseudonym, c.first_name, c.last_name, o.name, c.address, c.kind, c.category "
                    "FROM contacts c "
                    "LEFT JOIN organisations o ON o.id = c.org_id";
  if (!categories.empty()) {
    sql += " WHERE c.category IN (";
    for (std::size_t i = 0; i < categories.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
  }
  sql += " ORDER BY c.id";
  COFFRE_ASSIGN_OR_RETURN(auto people, db.prepare(sql));
  for (std::size_t i = 0; i < categories.size(); ++i) people.bind(static_cast<int>(i + 1), categories[i]);
  COFFRE_ASSIGN_OR_RETURN(auto cursor, FactsCursor::open(ctx, channel));
  std::vector<std::string> emails, phones;
  const SecretBytes key = crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::CampaignToken);
  progress.start(tr("Exporting"), 0);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, people.step());
    if (!row) break;
    const Id id = people.column_int(0);
    COFFRE_ASSIGN_OR_RETURN(auto facts,
                            cursor.facts(id, people.column_text(6), people.column_text(7), at, emails, phones));
    std::optional<std::string> address;
    if (channel == Channel::Post) address = people.column_opt_text(5);
    else if (channel == Channel::Email && !emails.empty()) address = emails.front();
    else if (channel != Channel::Email && !phones.empty()) address = phones.front();
    const auto decision = decide_contact(facts, channel, purpose, at);
    if (!decision.allowed || !address || address->empty()) {
      ++out.excluded;
      ++out.excluded_by_rule[decision.allowed ? std::string("no-address") : decision.rule];
      continue;
    }
    const std::string pseudonym = people.column_text(1);
    COFFRE_TRY(write(std::to_string(id) + "," + util::csv_field(people.column_text(2), true) + "," +
                     util::csv_field(people.column_text(3), true) + "," + util::csv_field(*address, false) + "," +
                     util::csv_field(people.column_opt_text(4).value_or(""), true) + "," +
                     token(key, out.campaign, pseudonym, channel, purpose) + "\r\n"));
    ++out.exported;
    progress.advance(static_cast<std::uint64_t>(out.exported + out.excluded));
  }
  progress.finish();
  auto digest = sha.finish();
  out.file_sha256 = crypto::to_hex(crypto::ByteView(digest.data(), digest.size()));
  nlohmann::json by_rule = out.excluded_by_rule;
  COFFRE_ASSIGN_OR_RETURN(auto upd, db.prepare("UPDATE campaigns SET exported = ?, excluded = ?, excluded_by_rule = ?, "
                                               "file_sha256 = ? WHERE id = ?"));
  COFFRE_TRY(upd.bind(1, out.exported).bind(2, out.excluded).bind(3, by_rule.dump()).bind(4, out.file_sha256)
                 .bind(5, out.campaign).run());
  COFFRE_TRY(ctx.audit->append("campaign.export", std::nullopt,
                               "campaign=" + std::to_string(out.campaign) + " channel=" +
                                   std::string(to_string(channel)) + " purpose=" + purpose + " rule=" +
                                   out.rule_version + " exported=" + std::to_string(out.exported) + " excluded=" +
                                   std::to_string(out.excluded) + " sha256=" + out.file_sha256));
  COFFRE_TRY(file.commit());
  if (auto s = tx.commit(); !s.ok()) {
    std::error_code ec;
    std::filesystem::remove(r.output, ec);  // a file without its record is not a campaign
    return s;
  }
  return out;
}

}  // namespace coffre::app
