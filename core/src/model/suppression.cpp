#include "coffre/suppression.h"

#include "coffre/i18n.h"

#include "model/suppression_list.h"

namespace coffre {
namespace model {

std::string_view kind_name(SuppressionKind kind) { return kind == SuppressionKind::Email ? "email" : "phone"; }

std::string canonical_value(SuppressionKind kind, std::string_view value) {
  std::size_t b = 0, e = value.size();
  while (b < e && (value[b] == ' ' || value[b] == '\t' || value[b] == '\r' || value[b] == '\n')) ++b;
  while (e > b && (value[e - 1] == ' ' || value[e - 1] == '\t' || value[e - 1] == '\r' || value[e - 1] == '\n')) --e;
  std::string out(value.substr(b, e - b));
  if (kind == SuppressionKind::Email)
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::array<std::uint8_t, 32> suppression_hash(const detail::VaultContext& ctx, SuppressionKind kind,
                                              std::string_view normalised) {
  const std::string input = std::string(kind_name(kind)) + ":" + canonical_value(kind, normalised);
  return crypto::blake2b_keyed(ctx.suppression_key, crypto::as_bytes(input));
}

Status add_suppression(detail::VaultContext& ctx, SuppressionKind kind, std::string_view normalised, Time now) {
  if (canonical_value(kind, normalised).empty())
    return make_error(ErrorKind::InvalidInput, kind == SuppressionKind::Email ? tr("an empty email cannot be suppressed") : tr("an empty phone cannot be suppressed"));
  auto h = suppression_hash(ctx, kind, normalised);
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("INSERT OR IGNORE INTO suppression(kind, hash, added_at) VALUES(?,?,?)"));
  return st.bind(1, kind_name(kind)).bind_blob(2, h.data(), h.size()).bind(3, now).run();
}

Result<bool> is_suppressed(detail::VaultContext& ctx, SuppressionKind kind, std::string_view normalised) {
  if (canonical_value(kind, normalised).empty()) return false;
  auto h = suppression_hash(ctx, kind, normalised);
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT 1 FROM suppression WHERE kind = ? AND hash = ?"));
  st.bind(1, kind_name(kind)).bind_blob(2, h.data(), h.size());
  return st.step();
}

Status refuse_suppressed(detail::VaultContext& ctx, const std::vector<Labelled>& emails,
                         const std::vector<Labelled>& phones) {
  if (emails.empty() && phones.empty()) return {};
  {
    // An empty list (the usual case) costs a write nothing more than this.
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT EXISTS(SELECT 1 FROM suppression)"));
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row || st.column_int(0) == 0) return {};
  }
  bool hit = false;
  for (const auto& e : emails) {
    COFFRE_ASSIGN_OR_RETURN(hit, is_suppressed(ctx, SuppressionKind::Email, e.value));
    if (hit) break;
  }
  for (std::size_t i = 0; !hit && i < phones.size(); ++i) {
    COFFRE_ASSIGN_OR_RETURN(hit, is_suppressed(ctx, SuppressionKind::Phone, phones[i].value));
  }
  if (!hit) return {};
  return make_error(ErrorKind::Conflict, tr("this person objected to being contacted: their email or phone is on "
                                            "the suppression list, so Coffre will not add them again"));
}

}  // namespace model

using model::SuppressionKind;

Result<bool> is_suppressed_email(Vault& vault, std::string_view normalised_email) {
  return model::is_suppressed(vault.context(), SuppressionKind::Email, normalised_email);
}

Result<bool> is_suppressed_phone(Vault& vault, std::string_view e164_phone) {
  return model::is_suppressed(vault.context(), SuppressionKind::Phone, e164_phone);
}

Result<bool> is_suppressed(Vault& vault, const std::vector<std::string>& emails, const std::vector<std::string>& phones) {
  for (const auto& e : emails) {
    COFFRE_ASSIGN_OR_RETURN(bool hit, is_suppressed_email(vault, e));
    if (hit) return true;
  }
  for (const auto& p : phones) {
    COFFRE_ASSIGN_OR_RETURN(bool hit, is_suppressed_phone(vault, p));
    if (hit) return true;
  }
  return false;
}

Status suppress(Vault& vault, const std::vector<std::string>& emails, const std::vector<std::string>& phones) {
  auto& ctx = vault.context();
  const Time now = ctx.clock->now();
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  for (const auto& e : emails) COFFRE_TRY(model::add_suppression(ctx, SuppressionKind::Email, e, now));
  for (const auto& p : phones) COFFRE_TRY(model::add_suppression(ctx, SuppressionKind::Phone, p, now));
  COFFRE_TRY(ctx.audit->append("suppression.add", std::nullopt,
                               "emails=" + std::to_string(emails.size()) + " phones=" + std::to_string(phones.size())));
  return tx.commit();
}

Status suppress_email(Vault& vault, std::string_view normalised_email) {
  return suppress(vault, {std::string(normalised_email)}, {});
}

Status suppress_phone(Vault& vault, std::string_view e164_phone) { return suppress(vault, {}, {std::string(e164_phone)}); }

Result<std::int64_t> suppression_count(Vault& vault) {
  COFFRE_ASSIGN_OR_RETURN(auto st, vault.context().db.prepare("SELECT count(*) FROM suppression"));
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? st.column_int(0) : 0;
}

}  // namespace coffre
