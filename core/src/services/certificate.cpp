#include "coffre/certificate.h"

#include <nlohmann/json.hpp>

#include <cctype>

#include "coffre/i18n.h"
#include "crypto/crypto.h"
#include "services/certificate_internal.h"

namespace coffre {

namespace services {
Result<std::string> sign_certificate(detail::VaultContext& ctx, std::string_view format, nlohmann::json body) {
  body["format"] = std::string(format);
  body["vault_id"] = ctx.slots.vault_id;
  body["public_key"] = crypto::to_hex(ctx.audit_key.public_key);
  // The audit log's head as it stands: the certificate belongs to this point of the vault's history.
  COFFRE_ASSIGN_OR_RETURN(auto head, ctx.audit->head());
  body["audit_head"] = {{"seq", head.seq}, {"hash", crypto::to_hex(head.hash)}};
  // nlohmann::json keeps object keys sorted, so dump() is the canonical form a verifier rebuilds.
  auto sig = crypto::sign(ctx.audit_key, crypto::as_bytes(body.dump()));
  nlohmann::json cert = {{"certificate", body}, {"signature", crypto::to_base64(sig)}};
  return cert.dump(2);
}
}  // namespace services

namespace {

// The parts of a certificate's text, or why it is not one.
struct ParsedCertificate {
  nlohmann::json body;
  crypto::Bytes signature;
};

Result<ParsedCertificate> parse_certificate(std::string_view format, std::string_view text) {
  nlohmann::json cert = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (cert.is_discarded() || !cert.is_object() || !cert.contains("certificate") || !cert["certificate"].is_object() ||
      !cert.contains("signature") || !cert["signature"].is_string())
    return make_error(ErrorKind::Corruption, trf("invalid {} certificate: not a Coffre certificate", {format}));
  ParsedCertificate p;
  p.body = cert["certificate"];
  if (!crypto::from_base64(cert["signature"].get<std::string>(), p.signature))
    return make_error(ErrorKind::Corruption, trf("invalid {} certificate: the signature is not base64", {format}));
  return p;
}

Status check_format(std::string_view format, const nlohmann::json& body) {
  if (!body.contains("format") || body["format"] != std::string(format))
    return make_error(ErrorKind::Corruption,
                      trf("invalid {} certificate: it is a certificate of another kind", {format}));
  return {};
}

}  // namespace

Result<std::string> sign_certificate(Vault& vault, std::string_view format, std::string_view body_json) {
  nlohmann::json body = nlohmann::json::parse(body_json.begin(), body_json.end(), nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return make_error(ErrorKind::InvalidInput, "a certificate's body must be a JSON object");
  return services::sign_certificate(vault.context(), format, std::move(body));
}

Result<std::string> verify_certificate(Vault& vault, std::string_view format, std::string_view text) {
  auto& ctx = vault.context();
  COFFRE_ASSIGN_OR_RETURN(auto cert, parse_certificate(format, text));
  const std::string signed_text = cert.body.dump();
  if (!crypto::verify(ctx.audit_key.public_key, crypto::as_bytes(signed_text), cert.signature))
    return make_error(ErrorKind::Corruption,
                      trf("invalid {} certificate: the signature does not match this vault's audit key (altered, or from "
                          "another vault)",
                          {format}));
  COFFRE_TRY(check_format(format, cert.body));
  // Certificates signed before they named the audit head have none; those that do must point at
  // an entry this vault still has, with the same hash.
  if (cert.body.contains("audit_head")) {
    const auto& h = cert.body["audit_head"];
    if (!h.is_object() || !h.contains("seq") || !h["seq"].is_number_integer() || !h.contains("hash") ||
        !h["hash"].is_string())
      return make_error(ErrorKind::Corruption,
                        trf("invalid {} certificate: its audit_head is not a sequence number and a hash", {format}));
    const std::int64_t seq = h["seq"].get<std::int64_t>();
    COFFRE_ASSIGN_OR_RETURN(auto stored, ctx.audit->hash_at(seq));
    if (seq > 0 && (!stored || crypto::to_hex(*stored) != h["hash"].get<std::string>()))
      return make_error(ErrorKind::Corruption,
                        stored ? trf("invalid {0} certificate: it was signed at audit entry {1}, which this vault holds "
                                     "with another hash: the vault lost committed changes or an older copy was put "
                                     "back (coffre check)",
                                     {format, std::to_string(seq)})
                               : trf("invalid {0} certificate: it was signed at audit entry {1}, which this vault does "
                                     "not have: the vault lost committed changes or an older copy was put back "
                                     "(coffre check)",
                                     {format, std::to_string(seq)}));
  }
  return signed_text;
}

std::string public_key_fingerprint(const std::array<std::uint8_t, 32>& public_key) {
  crypto::Sha256 h;
  h.update(public_key);
  const auto digest = h.finish();
  const std::string hex = crypto::to_hex(crypto::ByteView(digest.data(), 16));
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 4) out += (i ? " " : "") + hex.substr(i, 4);
  return out;
}

std::string public_key_fingerprint(Vault& vault) { return public_key_fingerprint(vault.context().audit_key.public_key); }

std::string export_public_key(Vault& vault) {
  auto& ctx = vault.context();
  nlohmann::json j = {{"format", "coffre-public-key/1"},
                      {"vault_id", ctx.slots.vault_id},
                      {"public_key", crypto::to_hex(ctx.audit_key.public_key)},
                      {"fingerprint", public_key_fingerprint(ctx.audit_key.public_key)}};
  return j.dump(2) + "\n";
}

Result<std::string> verify_certificate_with_key(std::string_view format, std::string_view text,
                                                std::string_view public_key) {
  // The key: the JSON export_public_key() wrote, or the bare hex.
  std::string hex(public_key);
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.back()))) hex.pop_back();
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.front()))) hex.erase(0, 1);
  std::string key_vault;
  if (!hex.empty() && hex.front() == '{') {
    nlohmann::json k = nlohmann::json::parse(hex, nullptr, false);
    if (k.is_discarded() || !k.is_object() || k.value("format", "") != "coffre-public-key/1" ||
        !k.contains("public_key") || !k["public_key"].is_string())
      return make_error(ErrorKind::InvalidInput, tr("the public key is not a coffre-public-key/1 file"));
    hex = k["public_key"].get<std::string>();
    key_vault = k.value("vault_id", "");
  }
  crypto::Bytes key;
  if (hex.size() != 64 || !crypto::from_hex(hex, key) || key.size() != 32)
    return make_error(ErrorKind::InvalidInput, tr("the public key is not 64 hex digits (coffre keys export-public)"));
  COFFRE_ASSIGN_OR_RETURN(auto cert, parse_certificate(format, text));
  const std::string signed_text = cert.body.dump();
  if (!crypto::verify(key, crypto::as_bytes(signed_text), cert.signature))
    return make_error(ErrorKind::Corruption,
                      trf("invalid {} certificate: the signature does not match this public key (altered, or signed by "
                          "another vault)",
                          {format}));
  COFFRE_TRY(check_format(format, cert.body));
  if (!key_vault.empty() && cert.body.value("vault_id", "") != key_vault)
    return make_error(ErrorKind::Corruption,
                      trf("invalid {} certificate: it names another vault than the public key's", {format}));
  return signed_text;
}

}  // namespace coffre
