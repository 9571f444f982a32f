// Issue 9, item 10: a note edited (`note edit`), a word redacted (`note redact`) and every
// special-category sentence taken out at once (`sensitive redact --all`) keep the guarantees of
// `note rm`: afterwards no decrypted page of the database or of its WAL holds the old text, the
// search index no longer finds it, and the audit log has one entry per note, without the text.
#include <gtest/gtest.h>

#include "coffre/app/sensitive.h"
#include "coffre/audit.h"
#include "coffre/stores.h"
#include "crypto/crypto.h"
#include "fakes/sqlcipher_pages.h"
#include "fakes/vault_fixture.h"
#include "vault/context.h"

namespace coffre {
namespace {

class NoteRewrite : public test::VaultTest {
 protected:
  std::string pages() {
    auto& ctx = vault_->context();
    return test::decrypt_all_pages(crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::Database), ctx.db_path());
  }
  Id contact(const std::string& last) {
    NewContact c;
    c.first_name = "Claire";
    c.last_name = last;
    auto id = ContactStore(*vault_).add(c);
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }
  void others(int n) {
    // Enough other contacts and notes that the index has several segments to merge.
    for (int i = 0; i < n; ++i)
      ASSERT_TRUE(NoteStore(*vault_).add_to_contact(contact("Autre" + std::to_string(i)), "rappeler en mars " + std::to_string(i)).ok());
  }
  int audit_count(const std::string& action) {
    auto log = audit_entries(*vault_, -1);
    EXPECT_TRUE(log.ok());
    int n = 0;
    for (const auto& e : *log) {
      n += e.action == action;
      EXPECT_EQ(e.details.find("qz"), std::string::npos) << "the audit log holds a note's text";
    }
    return n;
  }
};

TEST_F(NoteRewrite, AnEditedNotesOldTextLeavesEveryPage) {
  const Id id = contact("Roux");
  others(40);
  auto note = NoteStore(*vault_).add_to_contact(id, "Rendez-vous pris. Suivi psy qzoldtextmarker en cours.");
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(ContactStore(*vault_).search("qzoldtextmarker")->size(), 1u);
  EXPECT_NE(pages().find("qzoldtextmarker"), std::string::npos);  // positive control

  ASSERT_TRUE(NoteStore(*vault_).edit(*note, "Rendez-vous pris qznewtextmarker.").ok());

  EXPECT_EQ(NoteStore(*vault_).get(*note)->body, "Rendez-vous pris qznewtextmarker.");
  EXPECT_TRUE(ContactStore(*vault_).search("qzoldtextmarker")->empty());
  EXPECT_EQ(ContactStore(*vault_).search("qznewtextmarker")->size(), 1u);
  const auto p = pages();
  EXPECT_EQ(p.find("qzoldtextmarker"), std::string::npos) << "the old text survives in a database or WAL page";
  EXPECT_NE(p.find("qznewtextmarker"), std::string::npos);
  EXPECT_EQ(audit_count("note.edit"), 1);
}

TEST_F(NoteRewrite, AnEditThatIsRefusedChangesNothing) {
  const Id id = contact("Roux");
  auto note = NoteStore(*vault_).add_to_contact(id, "Garder ceci");
  ASSERT_TRUE(note.ok());
  auto empty = NoteStore(*vault_).edit(*note, "  ");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.kind(), ErrorKind::InvalidInput);
  auto missing = NoteStore(*vault_).edit(4242, "x");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.kind(), ErrorKind::NotFound);
  EXPECT_EQ(NoteStore(*vault_).get(*note)->body, "Garder ceci");
  EXPECT_EQ(audit_count("note.edit"), 0);
}

TEST_F(NoteRewrite, RedactingAllTakesEverySensitiveSentenceOutOfEveryPage) {
  PluginHost none(std::vector<std::filesystem::path>{});
  const Id a = contact("Roux"), b = contact("Benali");
  others(30);
  NoteStore notes(*vault_);
  auto n1 = notes.add_to_contact(a, "Intéressée par le devis. En arrêt maladie qzmaladiemarker jusqu'en juin.");
  auto n2 = notes.add_to_contact(b, "Délégué syndical qzsyndicatmarker");  // nothing else: removed
  auto n3 = notes.add_to_contact(b, "Rappeler lundi");                      // untouched
  ASSERT_TRUE(n1.ok() && n2.ok() && n3.ok());
  NewInteraction call;
  call.contact_id = a;
  call.summary = "Pas dispo, hospitalisée qzhopitalmarker. Rappeler en mai.";
  auto i1 = InteractionStore(*vault_).add(call);
  ASSERT_TRUE(i1.ok());
  {
    const auto p = pages();
    for (const char* m : {"qzmaladiemarker", "qzsyndicatmarker", "qzhopitalmarker"}) EXPECT_NE(p.find(m), std::string::npos) << m;
  }
  auto session = app::Session::adopt(std::move(vault_), none);
  auto found = app::scan_vault(*session, NullProgress::instance());
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 3u);
  EXPECT_EQ(found->at(0).word, "arrêt maladie");
  EXPECT_EQ(found->at(0).category, SpecialCategory::Health);
  EXPECT_EQ(found->at(1).category, SpecialCategory::TradeUnion);
  EXPECT_EQ(found->at(2).source, app::SensitiveSource::Interaction);

  auto r = app::redact_all(*session, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->notes_rewritten, 1);
  EXPECT_EQ(r->notes_removed, 1);
  EXPECT_EQ(r->summaries_rewritten, 1);
  Vault& v = session->vault();
  EXPECT_EQ(NoteStore(v).get(*n1)->body, "Intéressée par le devis.");
  EXPECT_EQ(NoteStore(v).get(*n2).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(NoteStore(v).get(*n3)->body, "Rappeler lundi");
  EXPECT_EQ(InteractionStore(v).for_contact(a)->at(0).summary, "Rappeler en mai.");
  EXPECT_TRUE(app::scan_vault(*session, NullProgress::instance())->empty());
  auto& ctx = v.context();
  const auto p =
      test::decrypt_all_pages(crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::Database), ctx.db_path());
  for (const char* m : {"qzmaladiemarker", "qzsyndicatmarker", "qzhopitalmarker"})
    EXPECT_EQ(p.find(m), std::string::npos) << m << " survives in a database or WAL page";
  EXPECT_NE(p.find("Rappeler lundi"), std::string::npos);  // control
  auto log = audit_entries(v, -1);
  ASSERT_TRUE(log.ok());
  int notes_redacted = 0, summaries_redacted = 0;
  for (const auto& e : *log) {
    notes_redacted += e.action == "note.redact";
    summaries_redacted += e.action == "interaction.redact";
    EXPECT_EQ(e.details.find("qz"), std::string::npos);
  }
  EXPECT_EQ(notes_redacted, 2);  // one entry per note
  EXPECT_EQ(summaries_redacted, 1);
}

TEST_F(NoteRewrite, RedactingOneWordOfOneNote) {
  PluginHost none(std::vector<std::filesystem::path>{});
  const Id a = contact("Roux");
  others(20);
  auto n = NoteStore(*vault_).add_to_contact(a, "Devis envoyé.\nSa femme est enceinte qzbebemarker, rappeler après.");
  ASSERT_TRUE(n.ok());
  auto session = app::Session::adopt(std::move(vault_), none);
  auto missing = app::redact_note(*session, *n, "syndicat", RedactScope::Sentence);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::NotFound);
  auto r = app::redact_note(*session, *n, "Enceinte", RedactScope::Sentence);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->matches, 1u);
  EXPECT_FALSE(r->removed);
  EXPECT_EQ(r->text, "Devis envoyé.");
  auto& ctx = session->vault().context();
  const auto p =
      test::decrypt_all_pages(crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::Database), ctx.db_path());
  EXPECT_EQ(p.find("qzbebemarker"), std::string::npos) << "the redacted sentence survives in a page";
  EXPECT_EQ(p.find("enceinte"), std::string::npos);
}

}  // namespace
}  // namespace coffre
