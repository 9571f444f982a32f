#include "model/text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <optional>

namespace coffre::model {
namespace {

bool all_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

icu::UnicodeString from_utf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string to_utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

icu::UnicodeString nfc(const icu::UnicodeString& u) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return u;
  icu::UnicodeString out = n->normalize(u, status);
  return U_FAILURE(status) ? u : out;
}

// True when `s` is valid UTF-8 made only of code points below U+0300. Such text is always in NFC
// (every character that composes with a preceding one is U+0300 or above), so the ICU round trip
// can be skipped: this is every French name written with precomposed accents.
bool simple_nfc(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) continue;
    if (c < 0xC2 || c > 0xCB || i + 1 >= s.size()) return false;
    const auto d = static_cast<unsigned char>(s[++i]);
    if ((d & 0xC0) != 0x80) return false;
  }
  return true;
}

}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string unicode_lower(std::string_view s) {
  if (all_ascii(s)) return ascii_lower(s);
  icu::UnicodeString u = from_utf8(s);
  u.toLower(icu::Locale::getRoot());
  return to_utf8(u);
}

std::string unicode_capitalise(std::string_view s) {
  if (s.empty()) return {};
  icu::UnicodeString u = from_utf8(s);
  const UChar32 first = u.char32At(0);
  const int32_t len = U16_LENGTH(first);
  icu::UnicodeString head(u, 0, len);
  head.toUpper(icu::Locale::getRoot());
  return to_utf8(head + icu::UnicodeString(u, len));
}

std::string clean_text(std::string_view s, bool keep_newlines) {
  // ASCII fast path: the batch insert of a million contacts goes through here for every name.
  std::string out;
  out.reserve(s.size());
  const bool simple = simple_nfc(s);
  std::string src;
  if (!simple) src = to_utf8(nfc(from_utf8(s)));
  std::string_view in = simple ? s : std::string_view(src);
  bool pending_space = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (keep_newlines && c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out.push_back('\n');
      pending_space = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      pending_space = true;
      continue;
    }
    if (c < 0x20 || c == 0x7f) continue;
    if (pending_space && !out.empty() && out.back() != '\n') out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(c));
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  std::size_t lead = 0;
  while (lead < out.size() && out[lead] == '\n') ++lead;
  return out.substr(lead);
}

// Case folding of ASCII and the Latin-1 letters of French (U+00C0-U+00FF but ß), which is what
// ICU's full folding gives for them; nullopt for anything else. Company names are mostly this, and
// a batch import folds every name of the organisation table.
std::optional<std::string> fold_latin1(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      continue;
    }
    if (c != 0xC3 || i + 1 >= s.size()) return std::nullopt;
    const auto d = static_cast<unsigned char>(s[++i]);
    if (d < 0x80 || d > 0xBF || d == 0x9F) return std::nullopt;
    out.push_back(static_cast<char>(c));
    out.push_back(static_cast<char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d));
  }
  return out;
}

std::string fold_key(std::string_view s) {
  const std::string cleaned = clean_text(s);  // NFC: combining accents are composed first
  if (auto fast = fold_latin1(cleaned)) return *fast;
  icu::UnicodeString u = from_utf8(cleaned);
  u.foldCase();
  return to_utf8(nfc(u));
}

std::string name_key(std::string_view s) {
  icu::UnicodeString u = from_utf8(clean_text(s));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString d = nfd->normalize(u, status);
    if (U_SUCCESS(status)) u = d;
  }
  u.foldCase();
  icu::UnicodeString out;
  bool space = true;  // no leading space
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    const bool sep = c == ' ' || c == '-' || c == '\'' || c == 0x2019 || c == 0x2010 || c == 0x2011 || c == '.';
    if (sep) {
      if (!space) out.append(static_cast<UChar>(' '));
      space = true;
    } else {
      out.append(c);
      space = false;
    }
  }
  if (out.length() > 0 && out.charAt(out.length() - 1) == ' ') out.truncate(out.length() - 1);
  return to_utf8(out);
}

}  // namespace coffre::model
