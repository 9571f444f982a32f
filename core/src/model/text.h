// Unicode text helpers of the model (ICU behind them, private to the core). Inputs are UTF-8;
// invalid sequences are replaced, never passed through.
#pragma once

#include <string>
#include <string_view>

namespace coffre::model {

std::string ascii_lower(std::string_view s);
// Full Unicode lower case ("ÉRIC" -> "éric"), locale independent.
std::string unicode_lower(std::string_view s);
// First letter upper case, the rest as given ("éric" -> "Éric").
std::string unicode_capitalise(std::string_view s);
// What the stores keep of free text typed by people: NFC (so a name typed on macOS, decomposed,
// equals the same name typed elsewhere), control characters removed, runs of blanks as one space,
// trimmed. With `keep_newlines`, line breaks survive (note bodies).
std::string clean_text(std::string_view s, bool keep_newlines = false);
// A key under which two spellings of the same name compare equal: NFC, case folded ("Société
// Générale" and "SOCIÉTÉ GÉNÉRALE" give the same key).
std::string fold_key(std::string_view s);
// A looser key for telling whether two rows name the same person: case and accents folded,
// hyphens and apostrophes as spaces ("Jean-François" and "JEAN FRANCOIS" agree).
std::string name_key(std::string_view s);

}  // namespace coffre::model
