#include "coffre/suppression.h"

#include <gtest/gtest.h>

#include "coffre/audit.h"
#include "fakes/test_support.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::secret;

TEST(Suppression, KeyedHashesNotValuesAndCaseInsensitiveEmails) {
  test::TempDir tmp;
  ASSERT_TRUE(Vault::create(tmp / "v", secret("pw"), fast_kdf()).ok());
  {
    auto v = Vault::open(tmp / "v", secret("pw"));
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(*suppression_count(**v), 0);
    ASSERT_TRUE(suppress(**v, {"Refus.Total@Example.com"}, {"+33611223344"}).ok());
    ASSERT_TRUE(suppress_email(**v, "refus.total@example.com").ok());  // idempotent
    EXPECT_EQ(*suppression_count(**v), 2);
    EXPECT_TRUE(*is_suppressed_email(**v, "refus.total@example.com"));
    EXPECT_TRUE(*is_suppressed_email(**v, " REFUS.TOTAL@EXAMPLE.COM "));
    EXPECT_FALSE(*is_suppressed_email(**v, "refus.partiel@example.com"));
    EXPECT_TRUE(*is_suppressed_phone(**v, "+33611223344"));
    EXPECT_FALSE(*is_suppressed_phone(**v, "+33611223345"));
    // An email is not a phone: the kinds are hashed apart.
    EXPECT_FALSE(*is_suppressed_phone(**v, "refus.total@example.com"));
    EXPECT_TRUE(*is_suppressed(**v, {"autre@example.com"}, {"+33611223344"}));
    EXPECT_FALSE(*is_suppressed(**v, {"autre@example.com"}, {}));
    auto empty = suppress_email(**v, "  ");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.kind(), ErrorKind::InvalidInput);
    EXPECT_TRUE(verify_audit(**v)->ok);
  }
  // Survives reopening; the value never appears in the files.
  auto v = Vault::open(tmp / "v", secret("pw"));
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(*is_suppressed_email(**v, "refus.total@example.com"));
  EXPECT_TRUE(test::files_containing(tmp / "v", "refus.total").empty());
}

}  // namespace
}  // namespace coffre
