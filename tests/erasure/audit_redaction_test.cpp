// Issue 17 item 4, the audit half: erasure removes the details of the person's audit entries in
// place while the chain and its signatures still verify; the erasure's own entry and the person's
// requests keep theirs (proof); the removed details are in no decrypted page of the database or
// its WAL; a commitment cannot be satisfied by edited details.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "coffre/audit.h"
#include "coffre/erasure.h"
#include "crypto/crypto.h"
#include "fakes/sql_contacts.h"
#include "fakes/sqlcipher_pages.h"
#include "fakes/vault_fixture.h"

namespace coffre {
namespace {

class AuditRedaction : public test::VaultTest {
 protected:
  std::string pseudonym(std::int64_t id) { return test::pseudonym_of(*vault_, id); }
  const AuditEntry* find(const std::vector<AuditEntry>& entries, std::string_view action) {
    for (const auto& e : entries)
      if (e.action == action) return &e;
    return nullptr;
  }
};

TEST_F(AuditRedaction, ErasureRemovesThePersonsDetailsAndTheChainStillVerifies) {
  const auto id = test::add_sql_contact(*vault_, {});
  const auto bystander = test::add_sql_contact(*vault_, {});
  const std::string p = pseudonym(id), q = pseudonym(bystander);
  ASSERT_TRUE(audit_append(*vault_, "contact.update", p, "fields=auditqzmarker").ok());
  ASSERT_TRUE(audit_append(*vault_, "request.open", p, "id=7 type=access keptqzmarker").ok());
  ASSERT_TRUE(audit_append(*vault_, "contact.update", q, "fields=bystanderqzmarker").ok());
  auto& ctx = vault_->context();
  const SecretBytes db_key = crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::Database);
  {
    const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
    ASSERT_NE(pages.find("auditqzmarker"), std::string::npos) << "control";
  }

  auto proof = erase_contact(*vault_, id, ErasureReason::Objection);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  EXPECT_GE(proof->audit_details_removed, 1);
  EXPECT_EQ(proof->audit_details_older, 0);
  const auto body = nlohmann::json::parse(proof->certificate)["certificate"];
  bool listed = false;
  for (const auto& k : body["kept"])
    if (k["table"] == "audit_log") listed = k["details_removed"].get<std::int64_t>() == proof->audit_details_removed;
  EXPECT_TRUE(listed) << body.dump();

  auto report = verify_audit(*vault_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->reason;
  auto mine = audit_entries(*vault_, 100, p);
  ASSERT_TRUE(mine.ok());
  const AuditEntry* update = find(*mine, "contact.update");
  ASSERT_NE(update, nullptr);
  EXPECT_EQ(update->details, "");
  EXPECT_TRUE(update->redacted_at.has_value());
  const AuditEntry* request = find(*mine, "request.open");
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->details, "id=7 type=access keptqzmarker");
  EXPECT_FALSE(request->redacted_at.has_value());
  const AuditEntry* erase = find(*mine, "contact.erase");
  ASSERT_NE(erase, nullptr);
  EXPECT_NE(erase->details.find("reason=objection"), std::string::npos);
  auto theirs = audit_entries(*vault_, 100, q);
  ASSERT_TRUE(theirs.ok());
  ASSERT_NE(find(*theirs, "contact.update"), nullptr);
  EXPECT_EQ(find(*theirs, "contact.update")->details, "fields=bystanderqzmarker") << "never more than asked";

  const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
  EXPECT_EQ(pages.find("auditqzmarker"), std::string::npos) << "the removed details survive in a page";
  EXPECT_NE(pages.find("bystanderqzmarker"), std::string::npos) << "control: the bystander's entry";
}

TEST_F(AuditRedaction, EditedDetailsOrDetailsPutBackBreakTheChain) {
  const auto id = test::add_sql_contact(*vault_, {});
  const std::string p = pseudonym(id);
  ASSERT_TRUE(audit_append(*vault_, "contact.update", p, "fields=email").ok());
  ASSERT_TRUE(audit_append(*vault_, "contact.update", p, "fields=phone").ok());
  auto& db = vault_->context().db;
  // Details edited under a kept commitment: found.
  ASSERT_TRUE(db.exec("UPDATE audit_log SET details = 'fields=role' WHERE details = 'fields=phone'").ok());
  auto report = verify_audit(*vault_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_NE(report->reason.find("commitment"), std::string::npos) << report->reason;
  ASSERT_TRUE(db.exec("UPDATE audit_log SET details = 'fields=phone' WHERE details = 'fields=role'").ok());
  report = verify_audit(*vault_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->reason;
  // Details written into a redacted entry: found too.
  ASSERT_TRUE(erase_contact(*vault_, id, ErasureReason::Manual).ok());
  ASSERT_TRUE(db.exec("UPDATE audit_log SET details = 'fields=email' WHERE action = 'contact.update' AND "
                      "redacted_at IS NOT NULL AND seq = (SELECT min(seq) FROM audit_log WHERE action = "
                      "'contact.update')").ok());
  report = verify_audit(*vault_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
}

}  // namespace
}  // namespace coffre
