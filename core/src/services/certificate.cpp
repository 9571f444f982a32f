#include "coffre/certificate.h"

#include <nlohmann/json.hpp>

#include "crypto/crypto.h"
#include "services/certificate_internal.h"

namespace coffre {

namespace services {
std::string sign_certificate(detail::VaultContext& ctx, std::string_view format, nlohmann::json body) {
  body["format"] = std::string(format);
  body["vault_id"] = ctx.slots.vault_id;
  body["public_key"] = crypto::to_hex(ctx.audit_key.public_key);
  // nlohmann::json keeps object keys sorted, so dump() is the canonical form a verifier rebuilds.
  auto sig = crypto::sign(ctx.audit_key, crypto::as_bytes(body.dump()));
  nlohmann::json cert = {{"certificate", body}, {"signature", crypto::to_base64(sig)}};
  return cert.dump(2);
}
}  // namespace services

Result<std::string> sign_certificate(Vault& vault, std::string_view format, std::string_view body_json) {
  nlohmann::json body = nlohmann::json::parse(body_json.begin(), body_json.end(), nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return make_error(ErrorKind::InvalidInput, "a certificate's body must be a JSON object");
  return services::sign_certificate(vault.context(), format, std::move(body));
}

Result<std::string> verify_certificate(Vault& vault, std::string_view format, std::string_view text) {
  auto& ctx = vault.context();
  const std::string what = "invalid " + std::string(format) + " certificate: ";
  nlohmann::json cert = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (cert.is_discarded() || !cert.is_object() || !cert.contains("certificate") || !cert["certificate"].is_object() ||
      !cert.contains("signature") || !cert["signature"].is_string())
    return make_error(ErrorKind::Corruption, what + "not a Coffre certificate");
  const auto& body = cert["certificate"];
  crypto::Bytes sig;
  if (!crypto::from_base64(cert["signature"].get<std::string>(), sig))
    return make_error(ErrorKind::Corruption, what + "the signature is not base64");
  const std::string signed_text = body.dump();
  if (!crypto::verify(ctx.audit_key.public_key, crypto::as_bytes(signed_text), sig))
    return make_error(ErrorKind::Corruption,
                      what + "the signature does not match this vault's audit key (altered, or from another vault)");
  if (!body.contains("format") || body["format"] != std::string(format))
    return make_error(ErrorKind::Corruption, what + "it is a certificate of another kind");
  return signed_text;
}

}  // namespace coffre
