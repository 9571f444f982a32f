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

// The fast path for French numbers must give exactly what libphonenumber gives.
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
      std::optional<std::string> expected;
      if (util->Parse(s, "FR", &n) == PhoneNumberUtil::NO_PARSING_ERROR && util->IsPossibleNumber(n)) {
        std::string out;
        util->Format(n, PhoneNumberUtil::E164, &out);
        expected = out;
      }
      EXPECT_EQ(normalise_phone(s), expected) << s;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 4000);
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
