// The opt-in tokens inside the application layer, shared by the campaign that makes them
// (optin.cpp) and the import that checks them (consent_import.cpp). See coffre/app/optin.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "coffre/model.h"
#include "coffre/secret.h"

namespace coffre::app {

inline constexpr std::size_t kOptinTokenBytes = 16;  // 128 bits, 32 hex digits

// Hex of the first 16 bytes of BLAKE2b keyed with the campaign subkey over the campaign's terms
// and the person's pseudonym.
std::string optin_token(const SecretBytes& key, Id campaign, const std::string& pseudonym, std::string_view channel,
                        const std::string& purpose, const std::string& notice_sha256, Time expires_at);

}  // namespace coffre::app
