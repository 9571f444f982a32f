// Signed certificates: a JSON object signed with the vault's audit key (Ed25519), so a proof of
// what was done (an erasure, a shredding run) can be checked later and cannot be edited unnoticed.
// Text form: {"certificate": {...}, "signature": "<base64>"}, the signature covering the compact
// JSON of "certificate" with its keys sorted (docs/formats.md). Each certificate names the audit
// log's head when it was signed ("audit_head": seq and hash), which binds it to the vault's
// history: the vault that signed it must still hold that entry with that hash. Anyone holding the
// vault's public key (`coffre keys export-public`) can check the signature without the passphrase.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

// `body_json` must be a JSON object; the vault id, the audit public key, the audit head and
// `format` are added to it. Returns the certificate's text (indented JSON). InvalidInput if
// `body_json` is not an object.
Result<std::string> sign_certificate(Vault& vault, std::string_view format, std::string_view body_json);
// Checks the signature against this vault's audit key and, when the certificate names an audit
// head, that this vault's log holds that entry with that hash; returns the signed body as compact
// JSON. Corruption: not a certificate, altered, from another vault, of another format, or signed
// at a point of the history this vault no longer has (it lost commits, or was put back).
Result<std::string> verify_certificate(Vault& vault, std::string_view format, std::string_view certificate);

// The vault's signing public key as `coffre keys export-public` writes it (docs/formats.md):
// {"format": "coffre-public-key/1", "vault_id", "public_key" (64 hex digits), "fingerprint"}.
std::string export_public_key(Vault& vault);
// A fingerprint to compare by eye: the first 16 bytes of the SHA-256 of the raw key, as eight groups
// of four hex digits ("3f2a 9c01 ..."). `init` and `check` print it.
std::string public_key_fingerprint(const std::array<std::uint8_t, 32>& public_key);
std::string public_key_fingerprint(Vault& vault);
// Checks a certificate with a public key alone: no vault, no passphrase. `public_key` is the text
// export_public_key() wrote, or the key as 64 hex digits. Returns the signed body as compact JSON.
// InvalidInput: the key is unreadable. Corruption: as verify_certificate, or signed by another key.
Result<std::string> verify_certificate_with_key(std::string_view format, std::string_view certificate,
                                                std::string_view public_key);

}  // namespace coffre
