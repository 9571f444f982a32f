// The special-category scan and the redaction it feeds (coffre/special_categories.h).
#include <gtest/gtest.h>

#include "coffre/special_categories.h"

namespace coffre {
namespace {

TEST(SpecialCategories, FindsWordsAndPhrasesWithTheirCategoryAndPlace) {
  const std::string text = "Client fidèle. En Arrêt-Maladie depuis mai, syndiquée à la CGT; très catholique.";
  auto hits = find_special_categories(text);
  ASSERT_EQ(hits.size(), 4u);
  EXPECT_EQ(hits[0].word, "arrêt maladie");  // the phrase, not "maladie" inside it
  EXPECT_EQ(hits[0].category, SpecialCategory::Health);
  EXPECT_EQ(text.substr(hits[0].begin, hits[0].end - hits[0].begin), "Arrêt-Maladie");
  EXPECT_EQ(hits[1].word, "syndiqué");
  EXPECT_EQ(text.substr(hits[1].begin, hits[1].end - hits[1].begin), "syndiquée");
  EXPECT_EQ(hits[1].category, SpecialCategory::TradeUnion);
  EXPECT_EQ(hits[2].word, "CGT");
  EXPECT_EQ(hits[3].category, SpecialCategory::Religion);
  EXPECT_EQ(to_string(SpecialCategory::TradeUnion), "trade-union");
  // Short words match exactly: "parti" is not "partie", "race" not "races".
  EXPECT_TRUE(find_special_categories("Une partie du stock, des races de chiens").empty());
  EXPECT_TRUE(find_special_categories("").empty());
}

TEST(SpecialCategories, RedactsTheSentenceOrTheWord) {
  const std::string text = "Devis envoyé. Sa femme est enceinte, rappeler après.\nSuivi: en arrêt maladie\nA signé";
  auto hits = find_special_categories(text);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(redact(text, hits, RedactScope::Sentence), "Devis envoyé.\nA signé");
  EXPECT_EQ(redact(text, hits, RedactScope::Word), "Devis envoyé. Sa femme est, rappeler après.\nSuivi: en\nA signé");
  EXPECT_EQ(redact("En arrêt maladie.", find_special_categories("En arrêt maladie."), RedactScope::Sentence), "");
  auto word = find_word(text, "Rappeler");
  ASSERT_EQ(word.size(), 1u);
  EXPECT_EQ(redact(text, word, RedactScope::Word), "Devis envoyé. Sa femme est enceinte, après.\nSuivi: en arrêt maladie\nA signé");
  EXPECT_TRUE(find_word(text, "rappel").empty());  // whole words
  EXPECT_EQ(find_word("Ça va, ÇA VA", "ca va").size(), 2u);
}

}  // namespace
}  // namespace coffre
