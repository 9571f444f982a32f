#include "coffre/suppression.h"

#include <gtest/gtest.h>

#include "coffre/audit.h"
#include "coffre/erasure.h"
#include "coffre/stores.h"
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

// Issue 9, item 3: after an objection, no write path that adds an e-mail or a phone lets the person
// back in: not a new contact, not an edit of another contact, not an edit that adds a number.
TEST(Suppression, NoWritePathLetsAnObjectorBackIn) {
  test::TempDir tmp;
  ASSERT_TRUE(Vault::create(tmp / "v", secret("pw"), fast_kdf()).ok());
  auto v = Vault::open(tmp / "v", secret("pw"));
  ASSERT_TRUE(v.ok());
  ContactStore contacts(**v);
  NewContact objector;
  objector.last_name = "Refus";
  objector.emails = {{"k.refus@exemple.fr", ""}};
  objector.phones = {{"06 11 22 33 44", ""}};
  auto id = contacts.add(objector);
  ASSERT_TRUE(id.ok());
  NewContact other;
  other.last_name = "Autre";
  other.emails = {{"autre@exemple.fr", ""}};
  auto other_id = contacts.add(other);
  ASSERT_TRUE(other_id.ok());
  ASSERT_TRUE(erase_contact(**v, *id, ErasureReason::Objection).ok());

  EXPECT_EQ(contacts.add(objector).error().kind, ErrorKind::Conflict);
  ContactPatch edit;
  edit.emails = std::vector<Labelled>{{"autre@exemple.fr", ""}, {"K.Refus@Exemple.fr", "perso"}};
  auto s = contacts.update(*other_id, edit);
  EXPECT_EQ(s.kind(), ErrorKind::Conflict) << s.message();
  ContactPatch phone;
  phone.phones = std::vector<Labelled>{{"+33 6 11 22 33 44", ""}};
  EXPECT_EQ(contacts.update(*other_id, phone).kind(), ErrorKind::Conflict);
  auto after = contacts.get(*other_id);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->emails.size(), 1u);  // nothing of the refused edit was written
  EXPECT_TRUE(after->phones.empty());
  // Edits that add nothing suppressed still work.
  ContactPatch fine;
  fine.emails = std::vector<Labelled>{{"autre@exemple.fr", ""}, {"autre.pro@exemple.fr", ""}};
  EXPECT_TRUE(contacts.update(*other_id, fine).ok());
}

}  // namespace
}  // namespace coffre

namespace coffre {
namespace {

// Issue 9, item 5: an art. 17 erasure request has its own reason, and the person asked not to be
// processed, so they are suppressed as after an objection; "access-request" still means it.
TEST(Suppression, AnErasureRequestKeepsThePersonOut) {
  test::TempDir tmp;
  ASSERT_TRUE(Vault::create(tmp / "v", test::secret("pw"), test::fast_kdf()).ok());
  auto v = Vault::open(tmp / "v", test::secret("pw"));
  ASSERT_TRUE(v.ok());
  ContactStore contacts(**v);
  NewContact c;
  c.last_name = "Benali";
  c.emails = {{"k.benali@exemple.fr", ""}};
  auto id = contacts.add(c);
  ASSERT_TRUE(id.ok());
  auto proof = erase_contact(**v, *id, ErasureReason::Request);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_TRUE(proof->suppressed);
  EXPECT_EQ(contacts.add(c).error().kind, ErrorKind::Conflict);
  EXPECT_EQ(parse_erasure_reason("access-request"), ErasureReason::Request);
  EXPECT_EQ(parse_erasure_reason("request"), ErasureReason::Request);
  EXPECT_EQ(to_string(ErasureReason::Request), "request");
  EXPECT_FALSE(parse_erasure_reason("access"));
}

}  // namespace
}  // namespace coffre
