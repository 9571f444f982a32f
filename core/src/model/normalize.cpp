// Normalisation of e-mail addresses, phone numbers and names (normalize.h).
// Phone numbers are in phone.cpp.
#include "coffre/normalize.h"

#include <vector>

#include "model/text.h"

namespace coffre {
namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool all_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

}  // namespace

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && is_space(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::optional<std::string> normalise_email(std::string_view raw) {
  std::string s = trim(raw);
  if (s.size() > 7 && model::ascii_lower(s.substr(0, 7)) == "mailto:") s = trim(s.substr(7));
  if (s.empty() || s.size() > 254) return std::nullopt;
  s = all_ascii(s) ? model::ascii_lower(s) : model::unicode_lower(s);
  const auto at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return std::nullopt;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f || c == ',' || c == ';' || c == '<' || c == '>' || c == '"') return std::nullopt;
  const std::string_view domain = std::string_view(s).substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' || domain.find("..") != std::string_view::npos)
    return std::nullopt;
  if (s[0] == '.' || s[at - 1] == '.') return std::nullopt;
  return s;
}

std::string normalise_name(std::string_view raw) {
  // Words split on spaces; inside a word, every part after '-' or an apostrophe is capitalised,
  // except the French elision "d'". The particles "de", "du", "des" stay lower case unless they
  // are the whole name ("DE LA FONTAINE" -> "de La Fontaine", "De" -> "De").
  const std::string cleaned = model::clean_text(raw);
  std::vector<std::string> words;
  for (std::size_t b = 0; b < cleaned.size();) {
    auto e = cleaned.find(' ', b);
    if (e == std::string::npos) e = cleaned.size();
    words.push_back(cleaned.substr(b, e - b));
    b = e + 1;
  }
  std::string out;
  for (std::size_t w = 0; w < words.size(); ++w) {
    const std::string lower = model::unicode_lower(words[w]);
    if (!out.empty()) out.push_back(' ');
    if (words.size() > 1 && w + 1 < words.size() && (lower == "de" || lower == "du" || lower == "des")) {
      out += lower;
      continue;
    }
    // Split at '-', '\'' and '’', capitalise each part.
    std::size_t start = 0;
    for (std::size_t i = 0; i <= lower.size(); ++i) {
      std::size_t sep_len = 0;
      if (i < lower.size() && (lower[i] == '-' || lower[i] == '\'')) sep_len = 1;
      else if (i < lower.size() && lower.compare(i, 3, "\xE2\x80\x99") == 0) sep_len = 3;
      if (i < lower.size() && sep_len == 0) continue;
      const std::string part = lower.substr(start, i - start);
      const bool elision = sep_len > 0 && lower[i] != '-' && part == "d" && start == 0;
      out += elision ? part : model::unicode_capitalise(part);
      if (sep_len) out += lower.substr(i, sep_len);
      start = i + sep_len;
      i += sep_len ? sep_len - 1 : 0;
    }
  }
  return out;
}

}  // namespace coffre
