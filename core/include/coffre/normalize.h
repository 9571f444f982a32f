// Normalisation of what people type or export: e-mail addresses, phone numbers, names. Shared by
// the stores (every write) and the import pipeline. Phone numbers go through libphonenumber.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace coffre {

// Trims, lower-cases and validates (one @, a dot in the domain, no spaces). nullopt if invalid.
std::optional<std::string> normalise_email(std::string_view raw);
// E.164 ("+33612345678"), France as the default region. nullopt if not a possible number.
std::optional<std::string> normalise_phone(std::string_view raw, std::string_view default_region = "FR");
// "jean-PIERRE" -> "Jean-Pierre", "DE LA FONTAINE" -> "de La Fontaine"; accents kept.
std::string normalise_name(std::string_view raw);
std::string trim(std::string_view s);

}  // namespace coffre
