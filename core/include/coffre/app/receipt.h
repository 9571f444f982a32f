// Consent receipts (issue 12): what the vault holds of one person's consent decisions, in a form
// the user can send them, signed with the vault's signing key (the audit key, Ed25519) so that it
// can be checked later against the same vault. Fields follow the Kantara Consent Receipt v1.1
// where they overlap (version, jurisdiction, consentTimestamp, collectionMethod,
// consentReceiptID, piiPrincipalId, services/purposes).
#pragma once

#include <filesystem>
#include <string>

#include "coffre/app/session.h"
#include "coffre/model.h"

namespace coffre::app {

struct ConsentReceiptRequest {
  Id contact_id = 0;
  std::string language = "en";  // en or fr: the words of the text form
  std::string format = "json";  // json (the signed certificate) or text (words, then the signed JSON)
  std::filesystem::path output;  // created 0600; refused if it exists unless overwrite
  bool overwrite = false;
};
struct ConsentReceiptResult {
  std::string receipt_id;
  std::int64_t events = 0;
  std::filesystem::path path;
};
// NotFound for an unknown contact; InvalidInput for another language or format. Audited
// ("consent.receipt", the receipt id and the count; no personal data).
Result<ConsentReceiptResult> write_consent_receipt(Session& session, const ConsentReceiptRequest& request);

struct ReceiptCheck {
  std::string receipt_id, subject;
  std::int64_t events = 0;
  std::string issued_at;
};
// Reads a receipt in either form and checks its signature against this vault. Corruption when it
// is altered, malformed or from another vault.
Result<ReceiptCheck> verify_consent_receipt(Session& session, const std::filesystem::path& file);

}  // namespace coffre::app
