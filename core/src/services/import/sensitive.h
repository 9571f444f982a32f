// The special-category scan (GDPR art. 9, CNIL: health, religion, union membership, ethnic
// origin, political opinions, sex life or orientation) over free-text columns. French and English
// word lists, matched on whole words, accents and case ignored ("arret maladie" matches "Arrêt-
// maladie"), with the plural and feminine endings -s, -e, -es for words longer than five letters
// (shorter ones match exactly: "parti" is not "partie"). It is a warning, not a filter: the
// import keeps the row and reports where the word was, so the user can decide (a note "santé
// financière fragile" is a false positive; "en arrêt maladie" is not).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace coffre::services::import {

// The first word of the list found in `text`, spelled as the list spells it, or nullopt.
std::optional<std::string> find_special_category(std::string_view text);

}  // namespace coffre::services::import
