// Signed certificates: a JSON object signed with the vault's audit key (Ed25519), so a proof of
// what was done (an erasure, a shredding run) can be checked later against the same vault and
// cannot be edited unnoticed. Text form: {"certificate": {...}, "signature": "<base64>"}, the
// signature covering the compact JSON of "certificate" with its keys sorted (docs/formats.md).
#pragma once

#include <string>
#include <string_view>

#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

// `body_json` must be a JSON object; the vault id, the audit public key and `format` are added to
// it. Returns the certificate's text (indented JSON). InvalidInput if `body_json` is not an object.
Result<std::string> sign_certificate(Vault& vault, std::string_view format, std::string_view body_json);
// Checks the signature against this vault's audit key; returns the signed body as compact JSON.
// Corruption: not a certificate, altered, from another vault, or of another format.
Result<std::string> verify_certificate(Vault& vault, std::string_view format, std::string_view certificate);

}  // namespace coffre
