#include "services/import/sensitive.h"

#include <algorithm>
#include <vector>

#include "services/import/header_map.h"

namespace coffre::services::import {

namespace {

// Words and phrases, as written; matched folded. Health, pregnancy, union membership, religion,
// ethnicity, politics, sex life: what the CNIL names as sensitive data.
const char* const kWords[] = {
    // French
    "arrêt maladie", "maladie", "malade", "maternité", "congé maternité", "enceinte", "grossesse", "santé",
    "handicap", "handicapé", "invalidité", "cancer", "chimiothérapie", "dépression", "dépressif", "burn-out",
    "hospitalisé", "hospitalisation", "diabète", "séropositif", "VIH", "sida", "psychiatre", "thérapie",
    "syndicat", "syndiqué", "syndical", "délégué syndical", "CGT", "CFDT",
    "religion", "religieux", "musulman", "juif", "juive", "catholique", "protestant", "chrétien", "mosquée",
    "synagogue", "église", "ramadan", "halal", "casher",
    "ethnie", "ethnique", "origine raciale", "race",
    "politique", "parti", "militant", "élu", "opinion politique",
    "orientation sexuelle", "homosexuel", "gay", "lesbienne", "bisexuel", "transgenre", "vie sexuelle",
    // English
    "sick leave", "illness", "disease", "sick", "maternity", "maternity leave", "pregnant", "pregnancy", "health",
    "disability", "disabled", "depression", "hospital", "diabetes", "HIV",
    "trade union", "union member", "union",
    "religious", "muslim", "jewish", "catholic", "christian", "church", "mosque",
    "ethnicity", "ethnic", "racial",
    "political", "politics", "party member",
    "sexual orientation", "sex life", "lesbian", "bisexual", "transgender",
};

struct Entry {
  std::vector<std::string> words;  // folded
  const char* spelled;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> list = [] {
    std::vector<Entry> v;
    for (const char* w : kWords) {
      std::string folded;
      fold_into(w, folded, true);
      Entry e{{}, w};
      std::size_t start = 0;
      while (start < folded.size()) {
        auto sp = folded.find(' ', start);
        if (sp == std::string::npos) sp = folded.size();
        if (sp > start) e.words.push_back(folded.substr(start, sp - start));
        start = sp + 1;
      }
      v.push_back(std::move(e));
    }
    // Longer phrases first, so "arrêt maladie" is reported rather than "maladie".
    std::stable_sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return a.words.size() > b.words.size(); });
    return v;
  }();
  return list;
}

// Short words match exactly: "parti" must not match "partie" (a part), nor "race" "races".
bool word_matches(std::string_view token, const std::string& word) {
  if (token == word) return true;
  if (word.size() <= 5) return false;
  if (token.size() <= word.size() || token.compare(0, word.size(), word) != 0) return false;
  auto rest = token.substr(word.size());
  return rest == "s" || rest == "e" || rest == "es";
}

}  // namespace

std::optional<std::string> find_special_category(std::string_view text) {
  std::string folded;
  fold_into(text, folded, true);
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  while (start < folded.size()) {
    auto sp = folded.find(' ', start);
    if (sp == std::string::npos) sp = folded.size();
    if (sp > start) tokens.emplace_back(folded.data() + start, sp - start);
    start = sp + 1;
  }
  for (const auto& e : entries())
    for (std::size_t i = 0; i + e.words.size() <= tokens.size(); ++i) {
      bool all = true;
      for (std::size_t k = 0; k < e.words.size() && all; ++k) all = word_matches(tokens[i + k], e.words[k]);
      if (all) return std::string(e.spelled);
    }
  return std::nullopt;
}

}  // namespace coffre::services::import
