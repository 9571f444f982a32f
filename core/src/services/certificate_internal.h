// Signing a certificate from inside the core, where only the vault's context is at hand (an
// erasure resumed while the vault opens). coffre/certificate.h is the public face of the same.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "vault/context.h"

namespace coffre::services {

// Adds format, vault id, audit public key and audit head to `body` (a JSON object) and signs it.
Result<std::string> sign_certificate(detail::VaultContext& ctx, std::string_view format, nlohmann::json body);

}  // namespace coffre::services
