// Special-category data (GDPR art. 9: health, religion, trade-union membership, ethnic origin,
// political opinions, sex life or orientation) has no place in a prospect file. This is the scan
// that finds it in free text (notes, interaction summaries, a contact's role or address, an
// imported comment) and the rewriting that takes it out again.
//
// The scan: French and English word lists, whole words, accents and case ignored ("arret maladie"
// matches "Arrêt-maladie"), with the plural and feminine endings -s, -e, -es for words longer
// than five letters (shorter ones match exactly: "parti" is not "partie"). It warns; it does not
// decide: "santé financière fragile" is a false positive, "en arrêt maladie" is not.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coffre {

enum class SpecialCategory { Health, Religion, TradeUnion, Ethnicity, Politics, SexLife };
std::string_view to_string(SpecialCategory c);  // "health", "religion", "trade-union", ...

struct SpecialCategoryMatch {
  std::string word;  // as the list spells it ("arrêt maladie")
  SpecialCategory category = SpecialCategory::Health;
  std::size_t begin = 0, end = 0;  // the matched words in the text, in bytes
};

// Every occurrence of a listed word or phrase in `text`, in order; a longer phrase wins over a
// word inside it ("arrêt maladie", not "maladie").
std::vector<SpecialCategoryMatch> find_special_categories(std::string_view text);

// Every occurrence of `word` (one word or a phrase, matched like the list: folded, whole words,
// the same endings) in `text`. The result's category is meaningless.
std::vector<SpecialCategoryMatch> find_word(std::string_view text, std::string_view word);

enum class RedactScope {
  Sentence,  // the whole sentence (or line) that holds the match
  Word,      // the matched words only
};

// `text` without the matches given (from one of the functions above, on the same text), each
// taken out with its sentence or alone; blanks tidied. Empty when nothing is left.
std::string redact(std::string_view text, const std::vector<SpecialCategoryMatch>& matches, RedactScope scope);

}  // namespace coffre
