// A 50 MiB document round trip (slow label: it runs with COFFRE_SLOW=1).
#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "documents/doc_fixture.h"

namespace coffre {
namespace {

std::string sha_of_file(const std::filesystem::path& p) {
  auto s = test::read_file(p);
  crypto::Sha256 h;
  h.update(crypto::as_bytes(s));
  return crypto::to_hex(h.finish());
}

class LargeDocument : public test::DocVault {};

TEST_F(LargeDocument, FiftyMebibytesRoundTrip) {
  const std::size_t size = 50u << 20;
  const auto in = make_file("big.bin", test::random_content(size, 50));
  const auto doc = add(alice_, in);
  ASSERT_NE(doc, 0);
  const auto out = tmp_ / "big.out";
  auto s = get(doc, out);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(std::filesystem::file_size(out), size);
  const auto sha = sha_of_file(in);
  EXPECT_EQ(sha_of_file(out), sha);
  EXPECT_EQ(DocumentStore(*vault_).info(doc)->sha256, sha);
  EXPECT_EQ(std::filesystem::file_size(blob_of(doc)), 36 + size + 17 * 800);
}

}  // namespace
}  // namespace coffre
