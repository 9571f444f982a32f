#include "crypto/crypto.h"

#include <gtest/gtest.h>

#include "fakes/test_support.h"

namespace coffre::crypto {
namespace {

TEST(Crypto, InitRunsSelfTests) { EXPECT_TRUE(init().ok()); }

TEST(Crypto, SealOpenRoundTripAndTamperMatrix) {
  ASSERT_TRUE(init().ok());
  SecretBytes key = SecretBytes::random(kKeySize);
  const std::string msg = "Hélène Dupont, arrêt maladie";
  Bytes sealed = seal(key, as_bytes(msg), as_bytes("ad"));
  auto opened = open(key, sealed, as_bytes("ad"));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->view(), msg);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes t = sealed;
    t[i] ^= 0x01;
    EXPECT_FALSE(open(key, t, as_bytes("ad")).ok()) << "flipped byte " << i << " accepted";
  }
  for (std::size_t n = 0; n < sealed.size(); ++n) {
    Bytes t(sealed.begin(), sealed.begin() + static_cast<long>(n));
    EXPECT_FALSE(open(key, t, as_bytes("ad")).ok()) << "truncation to " << n << " accepted";
  }
  EXPECT_FALSE(open(SecretBytes::random(kKeySize), sealed, as_bytes("ad")).ok());
}

TEST(Crypto, SubkeysAreIndependentAndDeterministic) {
  ASSERT_TRUE(init().ok());
  SecretBytes mk = SecretBytes::random(32);
  auto a = derive_subkey(mk, SubkeyId::Database);
  auto b = derive_subkey(mk, SubkeyId::SubjectKeyWrap);
  auto a2 = derive_subkey(mk, SubkeyId::Database);
  EXPECT_TRUE(a.equals(a2));
  EXPECT_FALSE(a.equals(b));
}

TEST(Crypto, HexAndBase64RoundTrip) {
  Bytes data = {0, 1, 2, 250, 255};
  Bytes back;
  ASSERT_TRUE(from_hex(to_hex(data), back));
  EXPECT_EQ(back, data);
  ASSERT_TRUE(from_base64(to_base64(data), back));
  EXPECT_EQ(back, data);
  EXPECT_FALSE(from_hex("zz", back));
  EXPECT_FALSE(from_base64("!!!", back));
}

TEST(Crypto, SignVerify) {
  ASSERT_TRUE(init().ok());
  auto seed = SecretBytes::random(32);
  auto k = signing_key_from_seed(seed);
  auto sig = sign(k, as_bytes("entry"));
  EXPECT_TRUE(verify(k.public_key, as_bytes("entry"), sig));
  EXPECT_FALSE(verify(k.public_key, as_bytes("Entry"), sig));
}

TEST(SecretBytes, MoveAndTruncateAndCompare) {
  ASSERT_TRUE(init().ok());
  SecretBytes a = SecretBytes::from(std::string_view("secret\n"));
  a.truncate(6);
  EXPECT_EQ(a.view(), "secret");
  SecretBytes b = std::move(a);
  EXPECT_EQ(b.view(), "secret");
  EXPECT_TRUE(a.empty());  // NOLINT: moved-from is specified empty
  EXPECT_TRUE(b.equals(SecretBytes::from(std::string_view("secret"))));
}

}  // namespace
}  // namespace coffre::crypto
