#include "coffre/normalize.h"

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

#include <random>

namespace coffre {
namespace {

TEST(NormalisePhone, FrenchSpellingsBecomeE164) {
  EXPECT_EQ(normalise_phone("06 12 34 56 78"), "+33612345678");
  EXPECT_EQ(normalise_phone("0612345678"), "+33612345678");
  EXPECT_EQ(normalise_phone("06.12.34.56.78"), "+33612345678");
  EXPECT_EQ(normalise_phone("06-12-34-56-78"), "+33612345678");
  EXPECT_EQ(normalise_phone("+33 6 12 34 56 78"), "+33612345678");
  EXPECT_EQ(normalise_phone("+33 (0)6 12 34 56 78"), "+33612345678");
  EXPECT_EQ(normalise_phone("+33(0)612345678"), "+33612345678");
  EXPECT_EQ(normalise_phone("0033 6 12 34 56 78"), "+33612345678");
  EXPECT_EQ(normalise_phone("0033612345678"), "+33612345678");
  EXPECT_EQ(normalise_phone("  01 23 45 67 89 "), "+33123456789");
  EXPECT_EQ(normalise_phone("0800 123 456"), "+33800123456");
  EXPECT_EQ(normalise_phone("tel:+33612345678"), "+33612345678");
}

TEST(NormalisePhone, ForeignNumbersKeepTheirCountry) {
  EXPECT_EQ(normalise_phone("+1 650 253 0000"), "+16502530000");
  EXPECT_EQ(normalise_phone("+32 2 555 12 12"), "+3225551212");
  EXPECT_EQ(normalise_phone("0032 2 555 12 12"), "+3225551212");
  EXPECT_EQ(normalise_phone("02 555 12 12", "BE"), "+3225551212");
}

TEST(NormalisePhone, ImpossibleNumbersAreRefused) {
  EXPECT_FALSE(normalise_phone("").has_value());
  EXPECT_FALSE(normalise_phone("   ").has_value());
  EXPECT_FALSE(normalise_phone("abc").has_value());
  EXPECT_FALSE(normalise_phone("12345").has_value());
  EXPECT_FALSE(normalise_phone("0612").has_value());
  EXPECT_FALSE(normalise_phone("06 12 34 56 78 9").has_value());
  EXPECT_FALSE(normalise_phone("+33 6 12 34 56 78 9").has_value());
  EXPECT_FALSE(normalise_phone("3615").has_value());
  EXPECT_FALSE(normalise_phone(std::string(100, '1')).has_value());
}

// The region of an overseas department's national number ("0590...", written with its trunk 0).
std::optional<std::string> overseas_region(const std::string& s) {
  std::string d;
  for (char c : s)
    if (c >= '0' && c <= '9') d += c;
    else if (c == '+') return std::nullopt;
  if (d.size() != 10 || d[0] != '0' || s.rfind("00", 0) == 0) return std::nullopt;
  const std::pair<const char*, const char*> kPrefixes[] = {
      {"0590", "GP"}, {"0690", "GP"}, {"0691", "GP"}, {"0596", "MQ"}, {"0696", "MQ"}, {"0697", "MQ"}, {"0594", "GF"},
      {"0694", "GF"}, {"0262", "RE"}, {"0263", "RE"}, {"0692", "RE"}, {"0693", "RE"}, {"0269", "YT"}, {"0639", "YT"}};
  for (auto [prefix, region] : kPrefixes)
    if (d.rfind(prefix, 0) == 0) return std::string(region);
  return std::nullopt;
}

// The fast path for French numbers must give exactly what libphonenumber gives (with the region
// of an overseas department for its national numbers); parse_phone keeps only the valid ones.
TEST(NormalisePhone, FastPathAgreesWithLibphonenumber) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const auto* util = PhoneNumberUtil::GetInstance();
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> digit(0, 9);
  const char* shapes[] = {"0D DD DD DD DD", "0DDDDDDDDD", "+33 D DD DD DD DD", "0033DDDDDDDDD", "0D.DD.DD.DD.DD",
                          "+33 (0)D DD DD DD DD", "0DDDDDDDD", "0DDDDDDDDDD", "+33DDDDDDDDDD", "00DDDDDDDDDDD"};
  int compared = 0;
  for (int round = 0; round < 400; ++round) {
    for (const char* shape : shapes) {
      std::string s;
      for (const char* p = shape; *p; ++p) s += *p == 'D' ? static_cast<char>('0' + digit(rng)) : *p;
      PhoneNumber n;
      std::optional<std::string> expected, valid;
      if (util->Parse(s, "FR", &n) == PhoneNumberUtil::NO_PARSING_ERROR) {
        // A national number of an overseas department is read in its own region.
        if (auto region = overseas_region(s)) util->Parse(s, *region, &n);
        std::string out;
        util->Format(n, PhoneNumberUtil::E164, &out);
        if (util->IsPossibleNumber(n)) expected = out;
        if (util->IsValidNumber(n)) valid = out;
      }
      EXPECT_EQ(normalise_phone(s), expected) << s;
      EXPECT_EQ(parse_phone(s).e164, valid) << s;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 4000);
}

// Overseas departments get their own country codes, as libphonenumber gives them with the right
// region (its example numbers of each region, written as a French list writes them).
TEST(ParsePhone, OverseasFrenchNumbersGetTheirOwnCountryCodes) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const auto* util = PhoneNumberUtil::GetInstance();
  int checked = 0;
  for (const char* region : {"GP", "MQ", "GF", "RE", "YT"})
    for (auto type : {PhoneNumberUtil::FIXED_LINE, PhoneNumberUtil::MOBILE}) {
      PhoneNumber n;
      ASSERT_TRUE(util->GetExampleNumberForType(region, type, &n)) << region;
      std::string national, international;
      util->Format(n, PhoneNumberUtil::NATIONAL, &national);
      util->Format(n, PhoneNumberUtil::E164, &international);
      ASSERT_EQ(national[0], '0') << region << " " << national;
      EXPECT_EQ(parse_phone(national).e164, international) << region << " " << national;
      EXPECT_EQ(normalise_phone(national), international) << region << " " << national;
      ++checked;
    }
  EXPECT_EQ(checked, 10);
  EXPECT_EQ(parse_phone("0590 20 12 34").e164, "+590590201234");
  EXPECT_EQ(parse_phone("0692 12 34 56").e164, "+262692123456");
  EXPECT_EQ(parse_phone("0269 60 12 34").e164, "+262269601234");
  EXPECT_EQ(parse_phone("0596 30 12 34").e164, "+596596301234");
  EXPECT_EQ(parse_phone("0594 10 12 34").e164, "+594594101234");
  EXPECT_EQ(parse_phone("+590 690 00 12 34").e164, "+590690001234");
  EXPECT_EQ(parse_phone("0590 20 12 34", "GP").e164, "+590590201234");
}

TEST(ParsePhone, NumbersLibphonenumberSaysAreInvalidAreRefusedWithAReason) {
  auto a = parse_phone("039562544");
  EXPECT_FALSE(a.e164) << *a.e164;
  EXPECT_NE(a.problem.find("+33"), std::string::npos) << a.problem;
  EXPECT_FALSE(parse_phone("+12345677").e164);
  EXPECT_FALSE(parse_phone("abc").e164);
  auto sci = parse_phone("6,12346E+08");
  EXPECT_FALSE(sci.e164);
  EXPECT_NE(sci.problem.find("scientific notation"), std::string::npos) << sci.problem;
  EXPECT_EQ(parse_phone("06 12 34 56 78").e164, "+33612345678");
  EXPECT_EQ(parse_phone("612345678").e164, "+33612345678");  // a spreadsheet dropped the 0
}

TEST(ParsePhone, CommentsAndExtensionsAroundTheNumberAreSetApart) {
  auto perso = parse_phone("06 12 34 56 78 (perso)");
  EXPECT_EQ(perso.e164, "+33612345678");
  EXPECT_EQ(perso.comment, "perso");
  EXPECT_EQ(perso.extension, "");
  auto poste = parse_phone("04 72 00 00 00 poste 123");
  EXPECT_EQ(poste.e164, "+33472000000");
  EXPECT_EQ(poste.extension, "123");
  EXPECT_EQ(poste.comment, "");
  EXPECT_EQ(parse_phone("04 72 00 00 00 ext. 45").extension, "45");
  EXPECT_EQ(parse_phone("04.72.00.00.00 (p. 7)").extension, "7");
  auto uri = parse_phone("+33472000000;ext=123");
  EXPECT_EQ(uri.e164, "+33472000000");
  EXPECT_EQ(uri.extension, "123");
  auto bureau = parse_phone("Bureau : 01 42 68 53 00");
  EXPECT_EQ(bureau.e164, "+33142685300");
  EXPECT_EQ(bureau.comment, "Bureau");
}

TEST(ParsePhone, TheRegionReadsNationalNumbers) {
  EXPECT_EQ(parse_phone("02 555 12 12", "BE").e164, "+3225551212");
  EXPECT_EQ(parse_phone("044 668 18 00", "CH").e164, "+41446681800");
  EXPECT_TRUE(is_phone_region("BE"));
  EXPECT_FALSE(is_phone_region("XX"));
  EXPECT_EQ(country_region("France"), "FR");
  EXPECT_EQ(country_region("BELGIQUE"), "BE");
  EXPECT_EQ(country_region("Belgium"), "BE");
  EXPECT_EQ(country_region("Suisse"), "CH");
  EXPECT_EQ(country_region("La Réunion"), "RE");
  EXPECT_EQ(country_region("Réunion"), "RE");
  EXPECT_EQ(country_region("guadeloupe"), "GP");
  EXPECT_EQ(country_region("CH"), "CH");
  EXPECT_EQ(country_region("Atlantide"), std::nullopt);
}

TEST(NormaliseEmail, LowerCasedAndTrimmed) {
  EXPECT_EQ(normalise_email(" Jean.Dupont@Exemple.FR "), "jean.dupont@exemple.fr");
  EXPECT_EQ(normalise_email("mailto:contact@boulangerie-dupre.fr"), "contact@boulangerie-dupre.fr");
  EXPECT_EQ(normalise_email("a+tag@sub.example.com"), "a+tag@sub.example.com");
  EXPECT_EQ(normalise_email("ÉLODIE@exemple.fr"), "élodie@exemple.fr");
}

TEST(NormaliseEmail, MalformedAddressesAreRefused) {
  for (const char* bad : {"", "jean", "jean@", "@exemple.fr", "jean@exemple", "a@b@c.fr", "jean dupont@x.fr",
                          "jean@x..fr", "jean@.x.fr", "jean@x.fr.", "Jean <jean@x.fr>", "jean@x.fr,paul@x.fr",
                          ".jean@x.fr", "jean.@x.fr"})
    EXPECT_FALSE(normalise_email(bad).has_value()) << bad;
}

TEST(NormaliseName, CapitalisesWordsAndKeepsParticles) {
  EXPECT_EQ(normalise_name("jean-PIERRE"), "Jean-Pierre");
  EXPECT_EQ(normalise_name("DE LA FONTAINE"), "de La Fontaine");
  EXPECT_EQ(normalise_name("HÉLÈNE"), "Hélène");
  EXPECT_EQ(normalise_name("éric"), "Éric");
  EXPECT_EQ(normalise_name("d'ARTAGNAN"), "d'Artagnan");
  EXPECT_EQ(normalise_name("o'neil"), "O'Neil");
  EXPECT_EQ(normalise_name("  marie   claire "), "Marie Claire");
  EXPECT_EQ(normalise_name("De"), "De");
  EXPECT_EQ(normalise_name(""), "");
}

TEST(Trim, RemovesSurroundingBlanksOnly) {
  EXPECT_EQ(trim("  a b \t\n"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("   "), "");
}

}  // namespace
}  // namespace coffre
