// Consent receipts (coffre/app/receipt.h).
#include "coffre/app/receipt.h"

#include <nlohmann/json.hpp>

#include "coffre/audit.h"
#include "coffre/certificate.h"
#include "coffre/consent.h"
#include "coffre/i18n.h"
#include "coffre/stores.h"
#include "crypto/crypto.h"
#include "util/files.h"

namespace coffre::app {
namespace {

constexpr std::string_view kFormat = "coffre-consent-receipt/1";
constexpr std::string_view kBegin = "-----BEGIN COFFRE SIGNED CONSENT RECEIPT-----\n";
constexpr std::string_view kEnd = "-----END COFFRE SIGNED CONSENT RECEIPT-----\n";

struct Words {
  bool fr;
  const char* operator()(const char* en, const char* french) const { return fr ? french : en; }
};

std::string text_form(const nlohmann::json& body, const Words& w) {
  std::string out;
  out += w("Consent receipt", "Reçu de consentement");
  out += " " + body.at("consentReceiptID").get<std::string>() + "\n";
  out += std::string(w("For", "Pour")) + ": " + body.at("piiPrincipalName").get<std::string>() + "\n";
  out += std::string(w("Issued on", "Émis le")) + ": " + body.at("issued_at").get<std::string>() + "\n\n";
  out += std::string(w("Your decisions, oldest first:", "Vos décisions, de la plus ancienne à la plus récente :")) + "\n";
  for (const auto& e : body.at("events")) {
    out += "- " + e.at("consentTimestamp").get<std::string>() + "  " + e.at("event").get<std::string>() + "  " +
           e.at("channel").get<std::string>() + "  " + e.at("purpose").get<std::string>();
    if (e.contains("collectionMethod")) out += "  (" + e.at("collectionMethod").get<std::string>() + ")";
    out += "\n";
    if (e.contains("notice_text"))
      out += "  " + std::string(w("Text shown", "Texte présenté")) + " (" + e.at("notice_version").get<std::string>() +
             "): " + e.at("notice_text").get<std::string>() + "\n";
  }
  out += "\n" + std::string(w("Where things stand:", "Situation actuelle :")) + "\n";
  for (const auto& s : body.at("state"))
    out += "- " + s.at("channel").get<std::string>() + "  " + s.at("purpose").get<std::string>() + "  " +
           s.at("status").get<std::string>() + "\n";
  out += "\n" + std::string(w("You may withdraw your consent at any time, as easily as you gave it (GDPR art. 7(3)).",
                              "Vous pouvez retirer votre consentement à tout moment, aussi simplement que vous l'avez "
                              "donné (RGPD art. 7(3)).")) +
         "\n\n";
  return out;
}

}  // namespace

Result<ConsentReceiptResult> write_consent_receipt(Session& session, const ConsentReceiptRequest& r) {
  if (r.language != "en" && r.language != "fr")
    return make_error(ErrorKind::InvalidInput, trf("--lang: \"{}\" (en or fr)", {r.language}));
  if (r.format != "json" && r.format != "text")
    return make_error(ErrorKind::InvalidInput, trf("--format: \"{}\" (json or text)", {r.format}));
  if (r.output.empty()) return make_error(ErrorKind::Usage, tr("give the output file with -o FILE"));
  Vault& vault = session.vault();
  COFFRE_ASSIGN_OR_RETURN(auto c, ContactStore(vault).get(r.contact_id));
  ConsentStore store(vault);
  COFFRE_ASSIGN_OR_RETURN(auto events, store.history(r.contact_id));
  ConsentReceiptResult out;
  out.receipt_id = crypto::random_hex(16);
  out.events = static_cast<std::int64_t>(events.size());
  nlohmann::json body = {
      {"version", "KI-CR-v1.1.0"},
      {"jurisdiction", "FR"},
      {"consentReceiptID", out.receipt_id},
      {"piiPrincipalId", c.pseudonym},
      {"piiPrincipalName", c.first_name + (c.first_name.empty() ? "" : " ") + c.last_name},
      {"issued_at", format_utc(vault.clock().now())},
      {"language", r.language},
      {"events", nlohmann::json::array()},
      {"state", nlohmann::json::array()},
  };
  for (const auto& e : events) {
    nlohmann::json j = {{"event", to_string(e.event)},
                        {"channel", to_string(e.channel)},
                        {"purpose", e.purpose},
                        {"consentTimestamp", format_utc(e.occurred_at)},
                        {"recorded_at", format_utc(e.recorded_at)},
                        {"hash", e.hash}};
    if (e.method) j["collectionMethod"] = to_string(*e.method);
    if (e.notice_version) {
      COFFRE_ASSIGN_OR_RETURN(auto n, store.notice(*e.notice_version));
      j["notice_version"] = n.version;
      j["notice_sha256"] = n.sha256;
      j["notice_text"] = n.text;
    }
    body["events"].push_back(std::move(j));
  }
  for (const auto& s : consent_states(events))
    body["state"].push_back({{"channel", to_string(s.channel)}, {"purpose", s.purpose}, {"status", to_string(s.status)}});
  COFFRE_ASSIGN_OR_RETURN(std::string signed_text, sign_certificate(vault, kFormat, body.dump()));
  std::string content;
  if (r.format == "json") {
    content = signed_text + "\n";
  } else {
    content = text_form(body, Words{r.language == "fr"}) + std::string(kBegin) + signed_text + "\n" + std::string(kEnd);
  }
  COFFRE_ASSIGN_OR_RETURN(auto file, util::PrivateOutput::create(vault.env(), r.output, r.overwrite));
  COFFRE_TRY(file.write(content));
  COFFRE_TRY(audit_append(vault, "consent.receipt", c.pseudonym,
                          "receipt=" + out.receipt_id + " events=" + std::to_string(out.events)));
  COFFRE_TRY(file.commit());
  out.path = r.output;
  return out;
}

Result<ReceiptCheck> verify_consent_receipt(Session& session, const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return make_error(ErrorKind::NotFound, trf("cannot read {}", {file.string()}));
  COFFRE_ASSIGN_OR_RETURN(std::string text, util::read_small_file(session.vault().env(), file, 1u << 20));
  if (auto b = text.find(kBegin); b != std::string::npos) {
    const auto start = b + kBegin.size();
    const auto e = text.find(kEnd, start);
    if (e == std::string::npos) return make_error(ErrorKind::Corruption, trf("{}: the signed part is cut short", {file.string()}));
    text = text.substr(start, e - start);
  }
  COFFRE_ASSIGN_OR_RETURN(std::string body_text, verify_certificate(session.vault(), kFormat, text));
  try {
    const auto body = nlohmann::json::parse(body_text);
    ReceiptCheck r;
    r.receipt_id = body.at("consentReceiptID").get<std::string>();
    r.subject = body.at("piiPrincipalId").get<std::string>();
    r.events = static_cast<std::int64_t>(body.at("events").size());
    r.issued_at = body.at("issued_at").get<std::string>();
    return r;
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Corruption, trf("{0}: not a consent receipt ({1})", {file.string(), e.what()}));
  }
}

}  // namespace coffre::app
