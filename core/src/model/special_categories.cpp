// The special-category scan and redaction (coffre/special_categories.h). Words are folded as the
// import's header matcher folds them (ASCII and Latin-1 letters without accents, lower case, any
// other character a separator), keeping each word's place in the text so that it can be cut out.
// Sentences are found by ICU's sentence break iterator (a line break also ends one).
#include "coffre/special_categories.h"

#include <unicode/brkiter.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>

#include "model/text.h"

namespace coffre {

std::string_view to_string(SpecialCategory c) {
  switch (c) {
    case SpecialCategory::Health: return "health";
    case SpecialCategory::Religion: return "religion";
    case SpecialCategory::TradeUnion: return "trade-union";
    case SpecialCategory::Ethnicity: return "ethnicity";
    case SpecialCategory::Politics: return "politics";
    case SpecialCategory::SexLife: return "sex-life";
  }
  return "health";
}

namespace {

struct Listed {
  SpecialCategory category;
  const char* words;  // "|"-separated, as written; matched folded
};

// What the CNIL names as sensitive data, French then English.
const Listed kList[] = {
    {SpecialCategory::Health,
     "arrêt maladie|maladie|malade|maternité|congé maternité|enceinte|grossesse|santé|handicap|handicapé|invalidité|"
     "cancer|chimiothérapie|dépression|dépressif|burn-out|hospitalisé|hospitalisation|diabète|séropositif|VIH|sida|"
     "psychiatre|thérapie|sick leave|illness|disease|sick|maternity|maternity leave|pregnant|pregnancy|health|"
     "disability|disabled|depression|hospital|diabetes|HIV"},
    {SpecialCategory::TradeUnion,
     "syndicat|syndiqué|syndical|délégué syndical|CGT|CFDT|trade union|union member|union"},
    {SpecialCategory::Religion,
     "religion|religieux|musulman|juif|juive|catholique|protestant|chrétien|mosquée|synagogue|église|ramadan|halal|"
     "casher|religious|muslim|jewish|catholic|christian|church|mosque"},
    {SpecialCategory::Ethnicity, "ethnie|ethnique|origine raciale|race|ethnicity|ethnic|racial"},
    {SpecialCategory::Politics, "politique|parti|militant|élu|opinion politique|political|politics|party member"},
    {SpecialCategory::SexLife,
     "orientation sexuelle|homosexuel|gay|lesbienne|bisexuel|transgenre|vie sexuelle|sexual orientation|sex life|"
     "lesbian|bisexual|transgender"},
};

struct Token {
  std::string folded;
  std::size_t begin = 0, end = 0;  // bytes in the original text
};

// Splits into folded words with their byte ranges (the folding of services/import/header_map's
// fold_into, which the import's column matching uses).
std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  Token cur;
  bool open = false;
  auto close = [&](std::size_t at) {
    if (open && !cur.folded.empty()) {
      cur.end = at;
      out.push_back(std::move(cur));
    }
    cur = Token{};
    open = false;
  };
  auto put = [&](std::size_t at, std::string_view folded) {
    if (!open) {
      cur.begin = at;
      open = true;
    }
    cur.folded += folded;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') put(i, std::string(1, static_cast<char>(c - 'A' + 'a')));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) put(i, std::string(1, static_cast<char>(c)));
      else close(i);
      continue;
    }
    if ((c == 0xC3 || c == 0xC5) && i + 1 < s.size()) {
      const std::size_t at = i;
      const auto d = static_cast<unsigned char>(s[++i]);
      const unsigned cp = ((c & 0x1Fu) << 6) | (d & 0x3Fu);
      static const char* const kLatin1 =  // U+00C0..U+00FF without accents
          "aaaaaaaceeeeiiiidnooooo*ouuuuyts" "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
      std::string f;
      if (cp >= 0xC0 && cp <= 0xFF) {
        const char l = kLatin1[cp - 0xC0];
        if (l == '*' || l == '/') {
          close(at);
          continue;
        }
        f += l;
        if (cp == 0xC6 || cp == 0xE6) f += 'e';
        if (cp == 0xDF) f += 's';
      } else if (cp == 0x152 || cp == 0x153) {
        f = "oe";
      }
      put(at, f);
      continue;
    }
    const std::size_t at = i;
    while (i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) ++i;
    close(at);
  }
  close(s.size());
  return out;
}

struct Entry {
  std::vector<std::string> words;  // folded
  std::string spelled;
  SpecialCategory category;
};

std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> v;
  for (auto& t : tokenize(text)) v.push_back(std::move(t.folded));
  return v;
}

const std::vector<Entry>& entries() {
  static const std::vector<Entry> list = [] {
    std::vector<Entry> v;
    for (const auto& l : kList) {
      std::string_view all = l.words;
      while (!all.empty()) {
        const auto bar = all.find('|');
        const auto w = all.substr(0, bar);
        v.push_back({folded_words(w), std::string(w), l.category});
        all = bar == std::string_view::npos ? std::string_view() : all.substr(bar + 1);
      }
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
  const auto rest = token.substr(word.size());
  return rest == "s" || rest == "e" || rest == "es";
}

bool matches_at(const std::vector<Token>& tokens, std::size_t i, const std::vector<std::string>& words) {
  if (words.empty() || i + words.size() > tokens.size()) return false;
  for (std::size_t k = 0; k < words.size(); ++k)
    if (!word_matches(tokens[i + k].folded, words[k])) return false;
  return true;
}

}  // namespace

std::vector<SpecialCategoryMatch> find_special_categories(std::string_view text) {
  const auto tokens = tokenize(text);
  std::vector<SpecialCategoryMatch> out;
  for (std::size_t i = 0; i < tokens.size();) {
    const Entry* hit = nullptr;
    for (const auto& e : entries())
      if (matches_at(tokens, i, e.words)) {
        hit = &e;
        break;
      }
    if (!hit) {
      ++i;
      continue;
    }
    const std::size_t last = i + hit->words.size() - 1;
    out.push_back({hit->spelled, hit->category, tokens[i].begin, tokens[last].end});
    i = last + 1;
  }
  return out;
}

std::vector<SpecialCategoryMatch> find_word(std::string_view text, std::string_view word) {
  const auto words = folded_words(word);
  const auto tokens = tokenize(text);
  std::vector<SpecialCategoryMatch> out;
  for (std::size_t i = 0; i < tokens.size();) {
    if (!matches_at(tokens, i, words)) {
      ++i;
      continue;
    }
    const std::size_t last = i + words.size() - 1;
    out.push_back({std::string(word), SpecialCategory::Health, tokens[i].begin, tokens[last].end});
    i = last + 1;
  }
  return out;
}

namespace {

// Sentence boundaries of `text`, as byte offsets (0 and text.size() included).
std::vector<std::size_t> sentence_bounds(std::string_view text) {
  // The UTF-16 string and, for each of its units, the byte offset it starts at.
  icu::UnicodeString u;
  std::vector<std::size_t> byte_at;
  for (std::int32_t i = 0, n = static_cast<std::int32_t>(text.size()); i < n;) {
    const std::int32_t start = i;
    UChar32 cp = 0;
    U8_NEXT_OR_FFFD(text.data(), i, n, cp);
    u.append(cp);
    byte_at.resize(static_cast<std::size_t>(u.length()), static_cast<std::size_t>(start));
  }
  byte_at.push_back(text.size());
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createSentenceInstance(icu::Locale::getFrench(), status));
  std::vector<std::size_t> out{0};
  if (U_FAILURE(status) || !it) {
    // Without ICU's rules, the line is the sentence.
    for (std::size_t p = text.find('\n'); p != std::string_view::npos; p = text.find('\n', p + 1)) out.push_back(p + 1);
  } else {
    it->setText(u);
    for (std::int32_t b = it->next(); b != icu::BreakIterator::DONE; b = it->next())
      out.push_back(byte_at[static_cast<std::size_t>(b)]);
  }
  if (out.back() != text.size()) out.push_back(text.size());
  return out;
}

// Blanks tidied after cuts: no run of spaces, no space at a line's ends or before , . ; :,
// no empty line, no line left with punctuation only.
std::string tidy(const std::string& s) {
  std::string out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    std::string line;
    for (std::size_t i = start; i < nl; ++i) {
      const char c = s[i];
      if ((c == ' ' || c == '\t') && (line.empty() || line.back() == ' ')) continue;
      if ((c == ',' || c == '.' || c == ';' || c == ':') && !line.empty() && line.back() == ' ') line.pop_back();
      if (c == ',' && line.empty()) continue;
      line += c == '\t' ? ' ' : c;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    const bool words = std::any_of(line.begin(), line.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
    });
    if (words) out += (out.empty() ? "" : "\n") + line;
    start = nl + 1;
  }
  return model::clean_text(out, /*keep_newlines=*/true);
}

}  // namespace

std::string redact(std::string_view text, const std::vector<SpecialCategoryMatch>& matches, RedactScope scope) {
  if (matches.empty()) return model::clean_text(text, /*keep_newlines=*/true);
  std::vector<std::pair<std::size_t, std::size_t>> cuts;
  if (scope == RedactScope::Word) {
    for (const auto& m : matches) cuts.emplace_back(m.begin, m.end);
  } else {
    const auto bounds = sentence_bounds(text);
    for (std::size_t s = 0; s + 1 < bounds.size(); ++s) {
      const auto a = bounds[s], b = bounds[s + 1];
      const bool hit = std::any_of(matches.begin(), matches.end(), [&](const auto& m) { return m.begin < b && m.end > a; });
      if (!hit) continue;
      // Keep the line break that ended the sentence: the next line stays a line.
      std::size_t e = b;
      if (e > a && text[e - 1] == '\n') --e;
      cuts.emplace_back(a, e);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  std::string out;
  std::size_t at = 0;
  for (const auto& [a, b] : cuts) {
    if (a > at) out.append(text.substr(at, a - at));
    at = std::max(at, b);
  }
  if (at < text.size()) out.append(text.substr(at));
  return tidy(out);
}

}  // namespace coffre
