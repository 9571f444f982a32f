// Phone numbers (normalize.h): normalise_phone for the stores, parse_phone for imports.
//
// libphonenumber is the reference, but parsing costs about 40 µs a number here, more than a whole
// contact insert may (the batch insert must keep half the speed of a bare SQLCipher insert). The
// common French spellings ("06 12 34 56 78", "+33 6 12...", "0033 6...") therefore skip its parser:
// their digits are read here and the number handed to libphonenumber already split (country code,
// national number), which costs only its validity check in parse_phone and nothing in
// normalise_phone. tests/model/normalize_test.cpp checks both agree with libphonenumber's parser.
//
// Overseas departments: their national numbers ("0590 ...", "0692 ...") are in the French plan,
// and libphonenumber told FR reads them as +33 numbers, which reach no one. With the right region
// it gives them their own country codes; the table below picks that region from the prefix.
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <map>
#include <regex>
#include <set>

#include "coffre/i18n.h"
#include "coffre/normalize.h"
#include "model/text.h"
#include "util/english.h"

namespace coffre {
namespace {

using ::i18n::phonenumbers::PhoneNumber;
using ::i18n::phonenumbers::PhoneNumberMatch;
using ::i18n::phonenumbers::PhoneNumberMatcher;
using ::i18n::phonenumbers::PhoneNumberUtil;

// The first three digits after the trunk 0 of the overseas departments' fixed and mobile numbers
// (ARCEP numbering plan, the ranges libphonenumber's metadata gives each region), their region
// and country code. Their national numbers keep all nine digits: 0590 20 12 34 is +590 590201234.
struct Overseas {
  std::string_view prefix, region;
  int country_code;
};
constexpr Overseas kOverseas[] = {
    {"590", "GP", 590}, {"690", "GP", 590}, {"691", "GP", 590},  // Guadeloupe (and St-Barthélemy, St-Martin)
    {"596", "MQ", 596}, {"696", "MQ", 596}, {"697", "MQ", 596},  // Martinique
    {"594", "GF", 594}, {"694", "GF", 594},                      // Guyane
    {"262", "RE", 262}, {"263", "RE", 262}, {"692", "RE", 262}, {"693", "RE", 262},  // La Réunion
    {"269", "YT", 262}, {"639", "YT", 262},                      // Mayotte
};

const Overseas* overseas(std::string_view national) {
  for (const auto& o : kOverseas)
    if (national.substr(0, 3) == o.prefix) return &o;
  return nullptr;
}

// French numbers in their usual spellings, read without libphonenumber's parser: the nine
// national digits, or nullopt when the input is anything else.
std::optional<std::string> french_national(std::string_view raw) {
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c == ' ' || c == '.' || c == '-' || c == '/') {
      continue;
    } else if (c == '(' && raw.substr(i, 3) == "(0)" && (plus || digits.rfind("00", 0) == 0)) {
      i += 2;  // "+33 (0)6 ...": the trunk prefix written for national readers, not dialled
    } else {
      return std::nullopt;
    }
    if (digits.size() > 16) return std::nullopt;
  }
  std::string national;
  bool trunk = false;  // written as a national number: the overseas prefixes apply
  if (!plus && digits.size() == 10 && digits[0] == '0') national = digits.substr(1), trunk = true;
  else if (plus && digits.size() == 11 && digits.rfind("33", 0) == 0) national = digits.substr(2);
  else if (!plus && digits.size() == 13 && digits.rfind("0033", 0) == 0) national = digits.substr(4);
  else return std::nullopt;
  if (national[0] < '1' || national[0] > '9') return std::nullopt;
  // "+33 590 ..." was dialled as written: keep it +33 (and let validity judge it).
  return trunk ? national : "+" + national;
}

// The number the fast path read: +33, or an overseas department's code for a national number.
PhoneNumber french_number(const std::string& fast) {
  PhoneNumber n;
  const bool international = fast[0] == '+';
  const std::string national = international ? fast.substr(1) : fast;
  const Overseas* o = international ? nullptr : overseas(national);
  n.set_country_code(o ? o->country_code : 33);
  n.set_national_number(std::stoull(national));
  return n;
}

// libphonenumber's parse of `s`, with a French national number of an overseas department moved to
// its own region. False when it is not a number at all.
bool parse_number(const std::string& s, std::string_view region, PhoneNumber& n) {
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  if (util->ParseAndKeepRawInput(s, std::string(region), &n) != PhoneNumberUtil::NO_PARSING_ERROR) return false;
  const std::string national = std::to_string(n.national_number());
  if (n.country_code() == 33 && n.country_code_source() == PhoneNumber::FROM_DEFAULT_COUNTRY && national.size() == 9 &&
      !n.italian_leading_zero())
    if (const Overseas* o = overseas(national)) {
      PhoneNumber moved;
      if (util->Parse(s, std::string(o->region), &moved) == PhoneNumberUtil::NO_PARSING_ERROR) n = moved;
    }
  return true;
}

std::string e164(const PhoneNumber& n) {
  std::string out;
  PhoneNumberUtil::GetInstance()->Format(n, PhoneNumberUtil::E164, &out);
  return out;
}

// Sets out.problem (English) and out.problem_said (the user's language) to `msgid` with `arg`.
bool refuse(PhoneParse& out, const char* msgid, const std::string& arg = {}) {
  out.problem = english(msgid, {arg});
  out.problem_said = trf(msgid, {arg});
  return false;
}

// Why libphonenumber does not take a number it could parse.
bool refuse_invalid(const PhoneNumber& n, PhoneParse& out) {
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  const std::string cc = "+" + std::to_string(n.country_code());
  switch (util->IsPossibleNumberWithReason(n)) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE: return refuse(out, N_("no country has the code {}"), cc);
    case PhoneNumberUtil::TOO_SHORT: return refuse(out, N_("too short for a number of {}"), cc);
    case PhoneNumberUtil::TOO_LONG: return refuse(out, N_("too long for a number of {}"), cc);
    case PhoneNumberUtil::INVALID_LENGTH: return refuse(out, N_("not a length a number of {} has"), cc);
    default: return refuse(out, N_("no number of {} is allocated in this range"), cc);
  }
}

// The whole text as one valid number (an extension written "ext. 12" or ";ext=12" included).
bool whole_number(const std::string& text, std::string_view region, PhoneParse& out) {
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumber n;
  if (region == "FR") {
    if (auto fast = french_national(text)) n = french_number(*fast);
    else if (!parse_number(text, region, n)) return refuse(out, N_("not a phone number"));
  } else if (!parse_number(text, region, n)) {
    return refuse(out, N_("not a phone number"));
  }
  if (!util->IsValidNumber(n)) return refuse_invalid(n, out);
  out.e164 = e164(n);
  if (n.has_extension() && out.extension.empty()) out.extension = n.extension();
  return true;
}

// Extensions as French lists write them, which libphonenumber does not know ("poste 123",
// "p. 123", "p123"), and as it does ("ext. 123", "x123"). The number stays in `text`, the extension's digits go to `extension`.
void take_french_extension(std::string& text, std::string& extension) {
  static const std::regex kPoste(R"(^(.*[0-9)])[\s,;/-]*\(?(?:poste|p\.?|ext\.?|extension|x)\s*[:.]?\s*([0-9]{1,6})\)?\s*$)",
                                 std::regex::icase | std::regex::optimize);
  std::smatch m;
  if (!std::regex_match(text, m, kPoste)) return;
  extension = m[2].str();
  text = trim(m[1].str());
}

// "(perso)", "- bureau", ", perso": the words themselves.
std::string strip_comment(std::string_view s) {
  std::string t = trim(s);
  auto edge = [](char c) { return c == '(' || c == ')' || c == '[' || c == ']' || c == '-' || c == ',' || c == ';' ||
                                  c == ':' || c == '/' || c == ' '; };
  while (!t.empty() && edge(t.front())) t.erase(0, 1);
  while (!t.empty() && edge(t.back())) t.pop_back();
  return t;
}

bool has_letters(std::string_view s) {
  for (unsigned char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) return true;
  return false;
}

bool scientific(std::string_view s) {
  static const std::regex kSci(R"(^[0-9]([.,][0-9]+)?[eE]\+?[0-9]+$)");
  return std::regex_match(s.begin(), s.end(), kSci);
}

}  // namespace

std::optional<std::string> normalise_phone(std::string_view raw, std::string_view default_region) {
  const std::string s = trim(raw);
  if (s.empty() || s.size() > 64) return std::nullopt;
  if (default_region == "FR")
    if (auto fast = french_national(s)) {
      if (fast->front() == '+') return "+33" + fast->substr(1);
      const Overseas* o = overseas(*fast);
      return "+" + std::to_string(o ? o->country_code : 33) + *fast;
    }
  PhoneNumber number;
  if (!parse_number(s, default_region, number)) return std::nullopt;
  if (!PhoneNumberUtil::GetInstance()->IsPossibleNumber(number)) return std::nullopt;
  return e164(number);
}

std::string display_phone(std::string_view stored, std::string_view reader_region) {
  PhoneNumber number;
  const std::string s(stored);
  auto* util = PhoneNumberUtil::GetInstance();
  if (util->Parse(s, std::string(reader_region), &number) != PhoneNumberUtil::NO_PARSING_ERROR) return s;
  std::string region;
  util->GetRegionCodeForNumber(number, &region);
  std::string out;
  util->Format(number, region == reader_region ? PhoneNumberUtil::NATIONAL : PhoneNumberUtil::INTERNATIONAL, &out);
  return out.empty() ? s : out;
}

PhoneParse parse_phone(std::string_view raw, std::string_view region) {
  PhoneParse out;
  std::string s = trim(raw);
  if (s.empty()) return refuse(out, N_("empty")), out;
  if (s.size() > 64) return refuse(out, N_("longer than 64 characters")), out;
  // libphonenumber's parser skips words before a number ("Bureau : 01..."): text with letters
  // goes to the matcher, which says where the number is, so that the words are kept.
  if (!has_letters(s)) {
    whole_number(s, region, out);
    return out;
  }
  // Scientific notation has an 'e': only text with letters can be it, so plain numbers skip the regex.
  if (scientific(s)) {
    refuse(out, N_("a number in scientific notation (a spreadsheet showed it so and kept only its first digits)"));
    return out;
  }
  // The words around a number: formatted only when no number is found in them (the common case,
  // "06 12 34 56 78 (perso)", finds one), not before every search.
  auto none = [&] {
    refuse(out, N_("no valid phone number in it"));
    return out;
  };
  std::string body = s;
  take_french_extension(body, out.extension);
  PhoneParse again;
  again.extension = out.extension;
  if (body != s && !has_letters(body)) {
    whole_number(body, region, again);
    return again;
  }
  // A number with words around it ("06 12 34 56 78 (perso)"): libphonenumber's matcher finds it.
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumberMatcher matcher(*util, body, std::string(region), PhoneNumberMatcher::POSSIBLE, 10);
  if (!matcher.HasNext()) return none();
  PhoneNumberMatch match;
  if (!matcher.Next(&match)) return none();
  PhoneParse found;
  found.extension = out.extension;
  if (!whole_number(match.raw_string(), region, found)) return none();
  const auto start = static_cast<std::size_t>(match.start());
  const auto end = start + static_cast<std::size_t>(match.length());
  std::string rest = trim(body.substr(0, start) + " " + (end < body.size() ? body.substr(end) : std::string()));
  static const std::regex kExtension(R"(^[\s,;/(-]*(?:poste|p\.?|ext\.?|extension|x)\s*[:.]?\s*([0-9]{1,6})\)?$)",
                                     std::regex::icase);
  std::smatch m;
  if (found.extension.empty() && std::regex_match(rest, m, kExtension)) found.extension = m[1].str();
  else found.comment = strip_comment(rest);
  return found;
}

bool is_phone_region(std::string_view region) {
  static const std::set<std::string> kRegions = [] {
    std::set<std::string> r;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&r);
    return r;
  }();
  return kRegions.count(std::string(region)) > 0;
}

std::optional<std::string> country_region(std::string_view country) {
  static const std::map<std::string, std::string> kByName = [] {
    std::map<std::string, std::string> m;
    for (const char* const* c = icu::Locale::getISOCountries(); *c != nullptr; ++c) {
      const icu::Locale place("", *c);
      for (const char* language : {"fr", "en"}) {
        icu::UnicodeString name;
        place.getDisplayCountry(icu::Locale(language), name);
        std::string utf8;
        name.toUTF8String(utf8);
        m.emplace(model::name_key(utf8), *c);
      }
      m.emplace(model::name_key(*c), *c);
      m.emplace(model::name_key(place.getISO3Country()), *c);  // "USA", "DEU", "BEL"
    }
    // Long and common forms address books write that are not ICU's display names.
    for (const auto& [name, code] : {std::pair{"United States of America", "US"}, std::pair{"Etats-Unis d'Amerique", "US"},
                                     std::pair{"UK", "GB"}, std::pair{"Great Britain", "GB"},
                                     std::pair{"Angleterre", "GB"}, std::pair{"England", "GB"}})
      m.emplace(model::name_key(name), code);
    return m;
  }();
  std::string key = model::name_key(country);
  if (key.empty()) return std::nullopt;
  auto it = kByName.find(key);
  // Initials with dots ("U.S.A.", "R.-U."): a code once the separators are gone.
  if (it == kByName.end() && key.size() <= 9) {
    std::string joined;
    for (char c : key)
      if (c != ' ') joined += c;
    if (joined.size() <= 3) it = kByName.find(joined);
  }
  if (it == kByName.end()) return std::nullopt;
  return it->second;
}

}  // namespace coffre
