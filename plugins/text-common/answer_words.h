// The words people answer a consent request with (a form's answer column, the first words of a
// mail reply), in French and English, shared by the consent-capture plugins. Header only.
#pragma once

#include <string>
#include <string_view>

namespace coffre::plugin::text {

// Lower case, French accents folded to ASCII, punctuation and spaces at both ends dropped, inner
// runs of spaces made one: "  Oui ! " -> "oui", "Désinscription." -> "desinscription".
inline std::string fold_answer(std::string_view in) {
  std::string s;
  for (std::size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0xC3 && i + 1 < in.size()) {  // U+00C0..U+00FF: the accented Latin letters
      unsigned char d = static_cast<unsigned char>(in[++i]) | 0x20;  // lower case
      const char* map = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // 0xE0..0xFF
      if (d >= 0xA0 && d <= 0xBF) s += map[d - 0xA0];
      continue;
    }
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    if (c == '\t' || c == '\r' || c == '\n') c = ' ';
    if (c == ' ' && (s.empty() || s.back() == ' ')) continue;
    s += static_cast<char>(c);
  }
  auto drop = [](char c) { return c == ' ' || c == '.' || c == '!' || c == ',' || c == ';' || c == ':' || c == '?' || c == '"' || c == '\''; };
  while (!s.empty() && drop(s.back())) s.pop_back();
  std::size_t b = 0;
  while (b < s.size() && drop(s[b])) ++b;
  return s.substr(b);
}

// "given", "refused" or "withdrawn" for a whole answer ("Oui", "J'accepte", "NON", "STOP",
// "désinscription"...), "" when it is none of the words known.
inline std::string answer_event(std::string_view answer) {
  const std::string a = fold_answer(answer);
  static constexpr std::string_view kYes[] = {"oui", "yes", "y", "o", "ok", "d'accord", "daccord", "j'accepte",
                                              "jaccepte", "accepte", "accept", "i accept", "i agree", "agree",
                                              "je consens", "true", "1", "oui, j'accepte", "oui j'accepte"};
  static constexpr std::string_view kNo[] = {"non", "no", "n", "je refuse", "refuse", "i refuse", "false", "0",
                                             "non merci", "no thanks", "no thank you"};
  static constexpr std::string_view kStop[] = {"stop", "unsubscribe", "desinscription", "desinscrire",
                                               "me desinscrire", "se desinscrire", "desabonnement", "desabonner",
                                               "me desabonner", "retrait", "withdraw", "opt-out", "optout"};
  for (auto w : kYes)
    if (a == w) return "given";
  for (auto w : kNo)
    if (a == w) return "refused";
  for (auto w : kStop)
    if (a == w) return "withdrawn";
  return "";
}

}  // namespace coffre::plugin::text
