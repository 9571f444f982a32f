// Normalisation of what people type or export: e-mail addresses, phone numbers, names. Shared by
// the stores (every write) and the import pipeline. Phone numbers go through libphonenumber.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace coffre {

// Trims, lower-cases and validates (one @, a dot in the domain, no spaces). nullopt if invalid.
std::optional<std::string> normalise_email(std::string_view raw);
// E.164 ("+33612345678"), France as the default region (its overseas prefixes mapped as
// parse_phone does). nullopt if not a possible number.
std::optional<std::string> normalise_phone(std::string_view raw, std::string_view default_region = "FR");
// A stored number as people write it, for a page a person reads: the national format when the
// number is of `reader_region` ("06 12 34 56 78"), else the international one ("+44 20 7946
// 0958"), by libphonenumber. A value it cannot parse comes back unchanged.
std::string display_phone(std::string_view stored, std::string_view reader_region = "FR");
// What an import makes of one phone value as typed in a cell (parse_phone). A number is kept only
// when libphonenumber says it is valid, not merely possible: "039562544" (eight digits after the
// trunk 0) and "+12345677" are refused.
struct PhoneParse {
  std::optional<std::string> e164;  // the number, when valid
  std::string extension;            // "123" from "poste 123", "ext. 123", "tel:...;ext=123"
  std::string comment;              // the text around the number: "perso" from "06 12 34 56 78 (perso)"
  std::string problem;              // when there is no number: why, in words (English, as --json says it)
  std::string problem_said;         // `problem` in the user's language
};
// `region` (ISO 3166 code, "FR") reads national numbers ("06...", "0590..."). French national
// numbers of the overseas departments get their own country codes, as libphonenumber gives them
// with the right region: 0590/0690/0691 Guadeloupe (+590), 0596/0696/0697 Martinique (+596),
// 0594/0694 Guyane (+594), 0262/0263/0692/0693 Réunion and 0269/0639 Mayotte (+262).
PhoneParse parse_phone(std::string_view raw, std::string_view region = "FR");
// Whether libphonenumber knows the region ("FR", "BE", "GP"...), upper case expected.
bool is_phone_region(std::string_view region);
// The ISO 3166 region of a country as people write it in an address: "France", "FR", "Belgique",
// "Belgium", "Guadeloupe", "Réunion" (names in French and English, from ICU; case and accents
// ignored). nullopt when unknown.
std::optional<std::string> country_region(std::string_view country);
// "jean-PIERRE" -> "Jean-Pierre", "DE LA FONTAINE" -> "de La Fontaine"; accents kept.
std::string normalise_name(std::string_view raw);
std::string trim(std::string_view s);

}  // namespace coffre
