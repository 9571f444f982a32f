#include "vault/keyslots.h"

#include <gtest/gtest.h>

#include "fakes/test_support.h"

namespace coffre::vault {
namespace {

TEST(RecoveryCode, FormatAndParseRoundTrip) {
  ASSERT_TRUE(crypto::init().ok());
  auto bytes = crypto::random_bytes(20);
  std::string code = format_recovery_code(bytes);
  EXPECT_EQ(code.size(), 39u);  // 32 characters and 7 dashes
  auto parsed = parse_recovery_code(code);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(crypto::constant_time_equal(parsed->bytes(), bytes));
  // Lower case, spaces, and O/I/L confusions are tolerated.
  std::string sloppy;
  for (char c : code) sloppy += (c == '-') ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto p2 = parse_recovery_code(sloppy);
  ASSERT_TRUE(p2.ok());
  EXPECT_TRUE(crypto::constant_time_equal(p2->bytes(), bytes));
  EXPECT_FALSE(parse_recovery_code("ABCD").ok());
  EXPECT_FALSE(parse_recovery_code(code + "-AAAA").ok());
  EXPECT_FALSE(parse_recovery_code(std::string(32, 'U')).ok());  // U is not in the alphabet
}

TEST(KeySlots, SerializeLoadUnlock) {
  ASSERT_TRUE(crypto::init().ok());
  test::TempDir dir;
  SecretBytes mk = SecretBytes::random(32);
  KeySlotFile f;
  f.vault_id = crypto::random_hex(16);
  f.created_at = 1;
  auto slot = make_slot(f, 1, SlotType::Passphrase, test::secret("pw"), test::fast_kdf(), mk);
  ASSERT_TRUE(slot.ok());
  f.slots.push_back(*slot);
  seal_mac(f, mk);
  ASSERT_TRUE(store_keyslots(Env::posix(), dir / "keyslots", f).ok());
  auto loaded = load_keyslots(Env::posix(), dir / "keyslots");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(mac_valid(*loaded, mk));
  auto got = unlock(*loaded, SlotType::Passphrase, test::secret("pw"));
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->equals(mk));
  auto bad = unlock(*loaded, SlotType::Passphrase, test::secret("PW"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::AuthFailed);
}

TEST(KeySlots, TamperedParametersBreakTheSlotInsteadOfWeakeningIt) {
  ASSERT_TRUE(crypto::init().ok());
  SecretBytes mk = SecretBytes::random(32);
  KeySlotFile f;
  f.vault_id = crypto::random_hex(16);
  auto slot = make_slot(f, 1, SlotType::Passphrase, test::secret("pw"), {2, 8ull << 20}, mk);
  ASSERT_TRUE(slot.ok());
  f.slots.push_back(*slot);
  f.slots[0].kdf.ops = 1;  // an attacker lowers the cost
  EXPECT_FALSE(unlock(f, SlotType::Passphrase, test::secret("pw")).ok());
}

TEST(KeySlots, ExcessiveParametersAreRefusedBeforeRunning) {
  ASSERT_TRUE(crypto::init().ok());
  SecretBytes mk = SecretBytes::random(32);
  KeySlotFile f;
  f.vault_id = crypto::random_hex(16);
  auto slot = make_slot(f, 1, SlotType::Passphrase, test::secret("pw"), test::fast_kdf(), mk);
  ASSERT_TRUE(slot.ok());
  f.slots.push_back(*slot);
  f.slots[0].kdf.mem_bytes = 64ull << 30;  // 64 GiB would exhaust the machine
  auto r = unlock(f, SlotType::Passphrase, test::secret("pw"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Corruption);
}

TEST(KeySlots, DamagedFilesNameTheFile) {
  ASSERT_TRUE(crypto::init().ok());
  test::TempDir dir;
  for (std::string junk : {std::string(""), std::string("{"), std::string("[]"), std::string("{\"format\":\"x\"}"),
                           std::string("\x00\x01\x02", 3)}) {
    test::write_file(dir / "keyslots", junk);
    auto r = load_keyslots(Env::posix(), dir / "keyslots");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::Corruption);
    EXPECT_NE(r.error().message.find("keyslots"), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace coffre::vault
