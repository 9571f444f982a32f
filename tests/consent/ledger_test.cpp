// The consent ledger through the application layer: notices, append-only events with their
// audited hashes and encrypted evidence, the access export's consent section, erasure leaving a
// channel-scoped suppression entry, and the campaign export.
#include <gtest/gtest.h>

#include "coffre/access.h"
#include "coffre/app/consent.h"
#include "coffre/app/erase.h"
#include "coffre/app/receipt.h"
#include "coffre/audit.h"
#include "coffre/stores.h"
#include "coffre/documents.h"
#include "fakes/session_fixture.h"
#include "fakes/test_support.h"
#include "vault/context.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;
constexpr Time kWed1100 = 1795600800;  // Wed 2026-11-25 11:00 Paris

class ConsentLedger : public test::SessionTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(initialise_runtime().ok());
    clock_.set(kWed1100);
    SessionTest::SetUp();
  }
  Id person(const std::string& email, const std::string& phone, ContactKind kind,
            Category category = Category::Prospect) {
    NewContact c;
    c.first_name = "Hélène";
    c.last_name = "Dupont";
    c.kind = kind;
    c.category = category;
    if (!email.empty()) c.emails.push_back({email, std::nullopt});
    if (!phone.empty()) c.phones.push_back({phone, std::nullopt});
    auto id = ContactStore(vault()).add(c);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
  Result<app::RecordConsentResult> record(Id id, const std::string& channel, const std::string& event,
                                          const std::string& notice = "") {
    app::RecordConsentRequest r;
    r.contact_id = id;
    r.channel = channel;
    r.event = event;
    r.notice_version = notice;
    r.method = "web-form";
    return app::record_consent(*session_, r, NullProgress::instance());
  }
  bool allowed(Id id, const std::string& channel) {
    app::CanContactRequest r;
    r.contact_id = id;
    r.channel = channel;
    auto d = app::can_contact(*session_, r);
    EXPECT_TRUE(d.ok()) << d.error().message;
    return d.ok() && d->allowed;
  }
  Result<app::CampaignExportResult> campaign(const std::string& channel, const fs::path& out) {
    app::CampaignExportRequest r;
    r.channel = channel;
    r.output = out;
    return app::export_campaign(*session_, r, NullProgress::instance());
  }
};

TEST_F(ConsentLedger, NoticesAreStoredOnceAndNeverChange) {
  test::write_file(tmp_ / "n1.txt", "J'accepte de recevoir les offres de Dupont SARL par e-mail.\n");
  test::write_file(tmp_ / "n1b.txt", "Autre texte.\n");
  auto n = app::add_notice(*session_, "v1", tmp_ / "n1.txt");
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n->sha256.size(), 64u);
  auto again = app::add_notice(*session_, "v1", tmp_ / "n1.txt");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->sha256, n->sha256);
  auto other = app::add_notice(*session_, "v1", tmp_ / "n1b.txt");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().kind, ErrorKind::Conflict);
  EXPECT_EQ(app::add_notice(*session_, "v2", tmp_ / "missing.txt").error().kind, ErrorKind::NotFound);
  auto list = app::list_notices(*session_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].text, "J'accepte de recevoir les offres de Dupont SARL par e-mail.\n");
}

TEST_F(ConsentLedger, EventsAreAppendOnlyAuditedByHashAndCarryTheirNotice) {
  test::write_file(tmp_ / "n1.txt", "Texte v1");
  ASSERT_TRUE(app::add_notice(*session_, "v1", tmp_ / "n1.txt").ok());
  const Id id = person("h.dupont@exemple.fr", "", ContactKind::B2C);
  auto e = record(id, "email", "given", "v1");
  ASSERT_TRUE(e.ok()) << e.error().message;
  auto h = app::consent_history(*session_, id);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->events.size(), 1u);
  const auto& ev = h->events[0];
  EXPECT_EQ(ev.notice_version, "v1");
  ASSERT_TRUE(ev.notice_sha256);
  EXPECT_EQ(ev.hash.size(), 64u);
  ASSERT_EQ(h->state.size(), 1u);
  EXPECT_EQ(h->state[0].status, ConsentEventKind::Given);
  // The audit entry names the pseudonym and the hash, never the address.
  auto entries = audit_entries(vault(), 100);
  ASSERT_TRUE(entries.ok());
  bool found = false;
  for (const auto& a : *entries) {
    EXPECT_EQ(a.details.find("exemple.fr"), std::string::npos);
    if (a.action == "consent.record") {
      found = true;
      EXPECT_NE(a.details.find("hash=" + ev.hash), std::string::npos);
    }
  }
  EXPECT_TRUE(found);
  // The database refuses an edit.
  auto& db = vault().context().db;
  EXPECT_FALSE(db.exec("UPDATE consent_events SET event = 'withdrawn'").ok());
  auto bad = ConsentStore(vault()).verify_hashes();
  ASSERT_TRUE(bad.ok());
  EXPECT_TRUE(bad->empty());
  EXPECT_TRUE(audit_entries(vault(), 1).ok());
  auto report = verify_audit(vault());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->reason;
}

TEST_F(ConsentLedger, BadWordsAreRefusedNamingTheFieldAndNothingIsRecorded) {
  const Id id = person("a@exemple.fr", "", ContactKind::B2C);
  auto bad_channel = record(id, "fax", "given");
  ASSERT_FALSE(bad_channel.ok());
  EXPECT_NE(bad_channel.error().message.find("--channel"), std::string::npos);
  auto bad_event = record(id, "email", "maybe");
  ASSERT_FALSE(bad_event.ok());
  EXPECT_NE(bad_event.error().message.find("--event"), std::string::npos);
  EXPECT_EQ(record(id, "email", "given", "v9").error().kind, ErrorKind::NotFound);
  EXPECT_EQ(record(9999, "email", "given").error().kind, ErrorKind::NotFound);
  app::RecordConsentRequest future;
  future.contact_id = id;
  future.channel = "email";
  future.event = "given";
  future.at = kWed1100 + 10 * 24 * 3600;
  EXPECT_EQ(app::record_consent(*session_, future, NullProgress::instance()).error().kind, ErrorKind::InvalidInput);
  // With evidence too: the refusal comes before the file is stored, so no document is left behind.
  test::write_file(tmp_ / "form.txt", "formulaire");
  future.evidence = tmp_ / "form.txt";
  EXPECT_EQ(app::record_consent(*session_, future, NullProgress::instance()).error().kind, ErrorKind::InvalidInput);
  EXPECT_TRUE(DocumentStore(vault()).list(id)->empty());
  auto h = app::consent_history(*session_, id);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->events.empty());
  // An unknown purpose until it is added to the registry.
  app::RecordConsentRequest news;
  news.contact_id = id;
  news.channel = "email";
  news.event = "given";
  news.purpose = "newsletter";
  EXPECT_EQ(app::record_consent(*session_, news, NullProgress::instance()).error().kind, ErrorKind::NotFound);
  ASSERT_TRUE(app::add_purpose(*session_, "newsletter", "la lettre mensuelle").ok());
  EXPECT_TRUE(app::record_consent(*session_, news, NullProgress::instance()).ok());
  EXPECT_EQ(*app::list_purposes(*session_), (std::vector<std::string>{"newsletter", "prospecting"}));
}

TEST_F(ConsentLedger, EvidenceIsThePersonsEncryptedDocument) {
  const Id id = person("a@exemple.fr", "", ContactKind::B2C);
  test::write_file(tmp_ / "form.txt", "FORMULAIRE SIGNE PAR MADAME TOURNESOL");
  app::RecordConsentRequest r;
  r.contact_id = id;
  r.channel = "email";
  r.event = "given";
  r.method = "paper";
  r.evidence = tmp_ / "form.txt";
  auto e = app::record_consent(*session_, r, NullProgress::instance());
  ASSERT_TRUE(e.ok()) << e.error().message;
  ASSERT_TRUE(e->evidence_document_id);
  auto h = app::consent_history(*session_, id);
  ASSERT_TRUE(h.ok());
  ASSERT_TRUE(h->events[0].evidence_sha256);
  EXPECT_EQ(h->events[0].evidence_document_id, e->evidence_document_id);
  EXPECT_TRUE(test::files_containing(dir_, "MADAME TOURNESOL").empty());
}

TEST_F(ConsentLedger, TheAccessExportHasTheConsentHistoryWithTheNoticeText) {
  test::write_file(tmp_ / "n1.txt", "Texte exact presente");
  ASSERT_TRUE(app::add_notice(*session_, "v1", tmp_ / "n1.txt").ok());
  const Id id = person("a@exemple.fr", "", ContactKind::B2C);
  ASSERT_TRUE(record(id, "email", "given", "v1").ok());
  for (const char* lang : {"en", "fr"}) {
    auto view = subject_view(vault(), id, lang);
    ASSERT_TRUE(view.ok()) << view.error().message;
    const plugin::ExportSection* consent = nullptr;
    for (const auto& s : view->sections)
      if (s.name == "consent") consent = &s;
    ASSERT_NE(consent, nullptr);
    ASSERT_EQ(consent->items.size(), 1u);
    bool text = false;
    for (const auto& f : consent->items[0].fields)
      if (f.name == "notice_text") text = f.value == "Texte exact presente";
    EXPECT_TRUE(text) << lang;
  }
}

TEST_F(ConsentLedger, AWithdrawalOnEmailKeepsAProfessionalCallableAndOutOfEmailCampaignsEvenAfterErasure) {
  const Id id = person("h.dupont@exemple.fr", "06 12 34 56 78", ContactKind::B2B);
  const Id other = person("luc@exemple.fr", "06 98 76 54 32", ContactKind::B2B);
  EXPECT_TRUE(allowed(id, "email"));
  ASSERT_TRUE(record(id, "email", "withdrawn").ok());
  EXPECT_FALSE(allowed(id, "email"));
  EXPECT_TRUE(allowed(id, "phone"));
  auto c1 = campaign("email", tmp_ / "c1.csv");
  ASSERT_TRUE(c1.ok()) << c1.error().message;
  EXPECT_EQ(c1->exported, 1);
  EXPECT_EQ(c1->excluded_by_rule["withdrawn"], 1);
  const std::string csv1 = test::read_file(tmp_ / "c1.csv");
  EXPECT_EQ(csv1.find("h.dupont@exemple.fr"), std::string::npos);
  EXPECT_NE(csv1.find("luc@exemple.fr"), std::string::npos);
  EXPECT_EQ(csv1.find("id,first_name,last_name,email,organisation,unsubscribe_token\r\n"), 0u);
  auto calls = campaign("phone", tmp_ / "calls.csv");
  ASSERT_TRUE(calls.ok());
  EXPECT_EQ(calls->exported, 2);

  // Erased (manually: no suppression list entry), the withdrawal stays, scoped to e-mail.
  auto proofs = app::erase_people(*session_, {id}, "manual", NullProgress::instance());
  ASSERT_TRUE(proofs.ok()) << proofs.error().message;
  EXPECT_EQ((*proofs)[0].consent_kept, std::vector<std::string>{"email"});
  EXPECT_NE((*proofs)[0].certificate.find("consent_suppression"), std::string::npos);
  auto checked = verify_erasure_certificate(vault(), (*proofs)[0].certificate);
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_EQ(checked->consent_kept, std::vector<std::string>{"email"});
  EXPECT_TRUE(test::files_containing(dir_, "h.dupont@exemple.fr").empty());

  // The same person comes back (an import of the old file): never in an e-mail campaign again.
  const Id back = person("H.Dupont@exemple.fr", "06 12 34 56 78", ContactKind::B2B);
  EXPECT_FALSE(allowed(back, "email"));
  EXPECT_TRUE(allowed(back, "phone"));
  auto c2 = campaign("email", tmp_ / "c2.csv");
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(c2->exported, 1);
  EXPECT_EQ(c2->excluded_by_rule["channel-suppression"], 1);
  EXPECT_EQ(test::read_file(tmp_ / "c2.csv").find("h.dupont@exemple.fr"), std::string::npos);
  (void)other;
}

TEST_F(ConsentLedger, TheCampaignIsRecordedWithItsRuleCountsAndFingerprintNotItsList) {
  person("a@exemple.fr", "", ContactKind::B2C);
  const Id yes = person("b@exemple.fr", "", ContactKind::B2C);
  ASSERT_TRUE(record(yes, "email", "given").ok());
  auto c = campaign("email", tmp_ / "c.csv");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->exported, 1);
  EXPECT_EQ(c->excluded, 1);
  EXPECT_EQ(c->excluded_by_rule["email-b2c-consent"], 1);
  EXPECT_EQ(c->rule_version, std::string(kContactRuleVersion));
  auto& db = vault().context().db;
  auto st = db.prepare("SELECT rule_version, exported, excluded, file_sha256 FROM campaigns WHERE id = ?");
  ASSERT_TRUE(st.ok());
  st->bind(1, c->campaign);
  ASSERT_TRUE(*st->step());
  EXPECT_EQ(st->column_text(0), std::string(kContactRuleVersion));
  EXPECT_EQ(st->column_int(1), 1);
  EXPECT_EQ(st->column_text(3), c->file_sha256);
  EXPECT_EQ(fs::status(tmp_ / "c.csv").permissions() & fs::perms::group_all, fs::perms::none);
  // The token: 128 bits in hex, no personal data, different per campaign.
  const std::string csv = test::read_file(tmp_ / "c.csv");
  const auto line = csv.substr(csv.find("\r\n") + 2);
  const auto token = line.substr(line.rfind(',') + 1, 32);
  EXPECT_EQ(token.size(), 32u);
  auto c2 = campaign("email", tmp_ / "c2.csv");
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(test::read_file(tmp_ / "c2.csv").find(token), std::string::npos);
  // An existing file is not overwritten, and a failed export records nothing.
  auto again = campaign("email", tmp_ / "c.csv");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::Conflict);
  auto count = db.prepare("SELECT count(*) FROM campaigns");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->column_int(0), 2);
}

TEST_F(ConsentLedger, PhoneFrequencyAndRefusalComeFromTheCallsLogged) {
  const Id id = person("", "06 12 34 56 78", ContactKind::B2C);
  ASSERT_TRUE(record(id, "phone", "given").ok());
  EXPECT_TRUE(allowed(id, "phone"));
  for (int i = 0; i < 4; ++i) {
    NewInteraction call;
    call.contact_id = id;
    call.occurred_at = kWed1100 - (i + 1) * 24 * 3600;
    call.outcome = Outcome::NoAnswer;
    ASSERT_TRUE(InteractionStore(vault()).add(call).ok());
  }
  app::CanContactRequest r;
  r.contact_id = id;
  r.channel = "phone";
  auto d = app::can_contact(*session_, r);
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->allowed);
  EXPECT_EQ(d->rule, "phone-b2c-frequency");
}

TEST_F(ConsentLedger, AReceiptIsSignedAndAnAlteredOneIsRefused) {
  test::write_file(tmp_ / "n1.txt", "J'accepte les offres par e-mail");
  ASSERT_TRUE(app::add_notice(*session_, "v1", tmp_ / "n1.txt").ok());
  const Id id = person("a@exemple.fr", "", ContactKind::B2C);
  ASSERT_TRUE(record(id, "email", "given", "v1").ok());
  for (const char* format : {"json", "text"}) {
    app::ConsentReceiptRequest r;
    r.contact_id = id;
    r.format = format;
    r.language = "fr";
    r.output = tmp_ / (std::string("receipt.") + format);
    auto w = app::write_consent_receipt(*session_, r);
    ASSERT_TRUE(w.ok()) << w.error().message;
    EXPECT_EQ(w->events, 1);
    auto ok = app::verify_consent_receipt(*session_, r.output);
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->receipt_id, w->receipt_id);
    std::string body = test::read_file(r.output);
    EXPECT_NE(body.find("J'accepte les offres par e-mail"), std::string::npos);
    const auto at = body.find("\"given\"");
    ASSERT_NE(at, std::string::npos);
    body.replace(at, 7, "\"gived\"");
    test::write_file(tmp_ / "altered", body);
    auto bad = app::verify_consent_receipt(*session_, tmp_ / "altered");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, ErrorKind::Corruption);
  }
}

}  // namespace
}  // namespace coffre
