// The opt-in campaign (coffre/app/optin.h run_optin_campaign): a token and a reply code per person
// the rule allows to be written to, in a mail-merge CSV, and a record of the campaign.
#include "coffre/app/optin.h"

#include <nlohmann/json.hpp>

#include "app/consent_args.h"
#include "app/optin_tokens.h"
#include "coffre/contact_rule.h"
#include "crypto/crypto.h"
#include "storage/database.h"
#include "util/csv.h"
#include "util/files.h"
#include "vault/context.h"
#include "coffre/i18n.h"

namespace coffre::app {
namespace {

// 8 characters of Crockford's base32 (no I, L, O, U), "7K2M-QX9D": 40 bits, easy to type in a
// reply. Unique among all codes (the table's UNIQUE); a collision draws again.
std::string new_reply_code() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  auto r = crypto::random_bytes(8);
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == 4) out += '-';
    out += kAlphabet[r[static_cast<std::size_t>(i)] & 31];
  }
  return out;
}

// The moment-of-call rules do not apply to an invitation, which is a message, not a call.
bool is_call_moment_rule(const std::string& rule) {
  return rule == "phone-b2c-hours" || rule == "phone-b2c-holiday" || rule == "phone-b2c-frequency";
}

}  // namespace

Result<Time> parse_duration(const std::string& text) {
  auto bad = [&] {
    return make_error(ErrorKind::InvalidInput,
                      trf("--expires: \"{}\" is not a duration (a number and s, m, h, d or w: 30d, 2w, 48h)", {text}));
  };
  if (text.size() < 2) return bad();
  const char unit = text.back();
  std::int64_t n = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || n > 1'000'000'000) return bad();
    n = n * 10 + (text[i] - '0');
  }
  std::int64_t mult = 0;
  switch (unit) {
    case 's': mult = 1; break;
    case 'm': mult = 60; break;
    case 'h': mult = 3600; break;
    case 'd': mult = 86400; break;
    case 'w': mult = 7 * 86400; break;
    default: return bad();
  }
  const std::int64_t secs = n * mult;
  if (secs <= 0) return bad();
  if (secs > 366 * 86400)
    return make_error(ErrorKind::InvalidInput, tr("--expires: at most 366 days (an answer a year later proves little)"));
  return secs;
}

std::string optin_token(const SecretBytes& key, Id campaign, const std::string& pseudonym, std::string_view channel,
                        const std::string& purpose, const std::string& notice_sha256, Time expires_at) {
  const std::string msg = std::string("coffre-optin/1") + '\0' + std::to_string(campaign) + '\0' + pseudonym + '\0' +
                          std::string(channel) + '\0' + purpose + '\0' + notice_sha256 + '\0' +
                          std::to_string(expires_at);
  auto mac = crypto::blake2b_keyed(key, crypto::as_bytes(msg));
  return crypto::to_hex(crypto::ByteView(mac.data(), kOptinTokenBytes));
}

Result<OptinCampaignResult> run_optin_campaign(Session& session, const OptinCampaignRequest& r, Progress& progress) {
  Vault& vault = session.vault();
  auto& ctx = vault.context();
  auto& db = ctx.db;
  if (r.output.empty()) return make_error(ErrorKind::Usage, tr("give the output file with -o FILE"));
  if (!r.categories.empty() && !r.contacts.empty())
    return make_error(ErrorKind::Usage, tr("give either --category or contacts, not both"));
  if (r.notice_version.empty())
    return make_error(ErrorKind::Usage, tr("give the notice people are asked to agree to with --notice V"));
  COFFRE_ASSIGN_OR_RETURN(Channel channel, channel_arg(r.channel));
  const std::string purpose = r.purpose.empty() ? std::string(kDefaultPurpose) : r.purpose;
  ConsentStore store(vault);
  COFFRE_TRY(store.check_purpose(purpose));
  COFFRE_ASSIGN_OR_RETURN(Notice notice, store.notice(r.notice_version));
  COFFRE_ASSIGN_OR_RETURN(Time lifetime, parse_duration(r.expires));
  std::vector<std::string> categories;
  for (const auto& c : r.categories) {
    auto cat = parse_category(c);
    if (!cat) return make_error(ErrorKind::InvalidInput, trf("--category: unknown category \"{}\"", {c}));
    categories.emplace_back(to_string(*cat));
  }
  const Time now = vault.clock().now();
  const Time at = r.at.value_or(now);
  OptinCampaignResult out;
  out.expires_at = at + lifetime;
  out.rule_version = std::string(kContactRuleVersion);
  std::string cat_list;
  for (const auto& c : categories) cat_list += (cat_list.empty() ? "" : ",") + c;

  storage::Transaction tx(db);
  COFFRE_TRY(tx.begin());
  // The people asked: the contacts named (each must exist), else the categories, else everyone.
  std::vector<Id> ids;
  if (!r.contacts.empty()) {
    COFFRE_ASSIGN_OR_RETURN(auto exists, db.prepare("SELECT 1 FROM contacts WHERE id = ?"));
    for (Id id : r.contacts) {
      exists.reset();
      exists.bind(1, id);
      COFFRE_ASSIGN_OR_RETURN(bool found, exists.step());
      if (!found) return make_error(ErrorKind::NotFound, trf("no contact with id {}", {std::to_string(id)}));
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  } else {
    std::string sql = "SELECT id FROM contacts";
    if (!categories.empty()) {
      sql += " WHERE category IN (";
      for (std::size_t i = 0; i < categories.size(); ++i) sql += i ? ",?" : "?";
      sql += ")";
    }
    sql += " ORDER BY id";
    COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(sql));
    for (std::size_t i = 0; i < categories.size(); ++i) st.bind(static_cast<int>(i + 1), categories[i]);
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      ids.push_back(st.column_int(0));
    }
  }

  COFFRE_ASSIGN_OR_RETURN(auto ins, db.prepare("INSERT INTO campaigns(kind, channel, purpose, categories, at, "
                                               "rule_version, created_at) VALUES('optin',?,?,?,?,?,?)"));
  COFFRE_TRY(ins.bind(1, to_string(channel)).bind(2, purpose).bind(3, cat_list).bind(4, at)
                 .bind(5, kContactRuleVersion).bind(6, now).run());
  out.campaign = db.last_insert_id();
  COFFRE_ASSIGN_OR_RETURN(auto terms, db.prepare("INSERT INTO optin_campaigns(campaign_id, notice_version, "
                                                 "notice_sha256, expires_at) VALUES(?,?,?,?)"));
  COFFRE_TRY(terms.bind(1, out.campaign).bind(2, notice.version).bind(3, notice.sha256).bind(4, out.expires_at).run());

  COFFRE_ASSIGN_OR_RETURN(auto file, util::PrivateOutput::create(*ctx.env, r.output, r.overwrite));
  crypto::Sha256 sha;
  auto write = [&](const std::string& s) -> Status {
    sha.update(crypto::as_bytes(s));
    return file.write(s);
  };
  const char* address_column = channel == Channel::Email ? "email" : channel == Channel::Post ? "address" : "phone";
  COFFRE_TRY(write(std::string("id,first_name,last_name,") + address_column +
                   ",organisation,token,reply_code,expires_at\r\n"));
  COFFRE_ASSIGN_OR_RETURN(auto person, db.prepare("SELECT c.pseudonym, c.first_name, c.last_name, o.name, c.address "
                                                  "FROM contacts c LEFT JOIN organisations o ON o.id = c.org_id "
                                                  "WHERE c.id = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto code_taken, db.prepare("SELECT 1 FROM optin_tokens WHERE reply_code = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto add_token, db.prepare("INSERT INTO optin_tokens(campaign_id, contact_id, token, "
                                                     "reply_code) VALUES(?,?,?,?)"));
  const SecretBytes key = crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::CampaignToken);
  const std::string expires_text = format_utc(out.expires_at);
  // The first address of the channel, in the order the user gave them (unused for post).
  COFFRE_ASSIGN_OR_RETURN(auto first_address,
                          db.prepare(channel == Channel::Email
                                         ? "SELECT email FROM contact_emails WHERE contact_id = ? ORDER BY position LIMIT 1"
                                         : "SELECT phone FROM contact_phones WHERE contact_id = ? ORDER BY position "
                                           "LIMIT 1"));
  progress.start(tr("Preparing the opt-in campaign"), ids.size());
  for (Id id : ids) {
    progress.advance(static_cast<std::uint64_t>(out.invited + out.excluded + 1));
    COFFRE_ASSIGN_OR_RETURN(auto facts, contact_facts(vault, id, channel, at));
    auto decision = decide_contact(facts, channel, purpose, at);
    if (!decision.allowed && !is_call_moment_rule(decision.rule)) {
      ++out.excluded;
      ++out.excluded_by_rule[decision.rule];
      continue;
    }
    person.reset();
    person.bind(1, id);
    COFFRE_ASSIGN_OR_RETURN(bool row, person.step());
    if (!row) return make_error(ErrorKind::NotFound, trf("no contact with id {}", {std::to_string(id)}));
    std::optional<std::string> address;
    if (channel == Channel::Post) {
      address = person.column_opt_text(4);
    } else {
      first_address.reset();
      first_address.bind(1, id);
      COFFRE_ASSIGN_OR_RETURN(bool has, first_address.step());
      if (has) address = first_address.column_text(0);
    }
    if (!address || address->empty()) {
      ++out.excluded;
      ++out.excluded_by_rule["no-address"];
      continue;
    }
    const std::string pseudonym = person.column_text(0);
    const std::string token =
        optin_token(key, out.campaign, pseudonym, to_string(channel), purpose, notice.sha256, out.expires_at);
    std::string code;
    for (int attempt = 0;; ++attempt) {
      if (attempt == 16) return make_error(ErrorKind::Internal, "could not draw a unique reply code");
      code = new_reply_code();
      code_taken.reset();
      code_taken.bind(1, code);
      COFFRE_ASSIGN_OR_RETURN(bool taken, code_taken.step());
      if (!taken) break;
    }
    add_token.reset();
    COFFRE_TRY(add_token.bind(1, out.campaign).bind(2, id).bind(3, token).bind(4, code).run());
    COFFRE_TRY(write(std::to_string(id) + "," + util::csv_field(person.column_text(1), true) + "," +
                     util::csv_field(person.column_text(2), true) + "," + util::csv_field(*address, false) + "," +
                     util::csv_field(person.column_opt_text(3).value_or(""), true) + "," + token + "," + code + "," +
                     expires_text + "\r\n"));
    ++out.invited;
  }
  progress.finish();
  auto digest = sha.finish();
  out.file_sha256 = crypto::to_hex(crypto::ByteView(digest.data(), digest.size()));
  nlohmann::json by_rule = out.excluded_by_rule;
  COFFRE_ASSIGN_OR_RETURN(auto upd, db.prepare("UPDATE campaigns SET exported = ?, excluded = ?, excluded_by_rule = ?, "
                                               "file_sha256 = ? WHERE id = ?"));
  COFFRE_TRY(upd.bind(1, out.invited).bind(2, out.excluded).bind(3, by_rule.dump()).bind(4, out.file_sha256)
                 .bind(5, out.campaign).run());
  COFFRE_TRY(ctx.audit->append("campaign.optin", std::nullopt,
                               "campaign=" + std::to_string(out.campaign) + " channel=" +
                                   std::string(to_string(channel)) + " purpose=" + purpose + " notice=" +
                                   notice.version + " expires=" + expires_text + " rule=" + out.rule_version +
                                   " invited=" + std::to_string(out.invited) + " excluded=" +
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
