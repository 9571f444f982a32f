// Issue 14, subject requests: the deadline of GDPR art. 12(3) counted as Regulation 1182/71 art.
// 3(2)(c), the limits on extensions, refusals that name the CNIL, and an erasure that keeps the
// request under the pseudonym while the person's words leave every page of the database.
#include <gtest/gtest.h>

#include "coffre/app/erase.h"
#include "coffre/app/requests.h"
#include "coffre/audit.h"
#include "coffre/stores.h"
#include "crypto/crypto.h"
#include "fakes/session_fixture.h"
#include "fakes/sql_contacts.h"
#include "fakes/sqlcipher_pages.h"
#include "vault/context.h"

namespace coffre {
namespace {

app::Date d(const char* s) {
  auto r = app::parse_date(s);
  EXPECT_TRUE(r.has_value()) << s;
  return r.value_or(app::Date{});
}

// Noon UTC of a day, for the fake clock.
Time noon(const char* day) {
  Time t = 0;
  EXPECT_TRUE(parse_utc(std::string(day) + "T12:00:00Z", t)) << day;
  return t;
}

struct DueCase {
  const char* received;
  int months;
  const char* due;
};

TEST(RequestDeadline, OneMonthAsRegulation1182_71CountsIt) {
  const DueCase cases[] = {
      {"2025-01-31", 1, "2025-02-28"},  // no 31 February: the month's last day
      {"2024-01-31", 1, "2024-02-29"},  // leap year
      {"2100-01-31", 1, "2100-02-28"},  // not a leap year (divisible by 100)
      {"2000-01-31", 1, "2000-02-29"},  // leap year (divisible by 400)
      {"2024-02-29", 1, "2024-03-29"},
      {"2024-02-29", 12, "2025-02-28"},
      {"2025-04-30", 1, "2025-05-30"},  // the same day, not the month's last
      {"2025-03-31", 1, "2025-04-30"},
      {"2025-12-31", 1, "2026-01-31"},  // across the year
      {"2025-12-15", 1, "2026-01-15"},
      {"2025-01-31", 3, "2025-04-30"},  // extended by two: counted from receipt, not month by month
      {"2025-01-31", 2, "2025-03-31"},
      {"2025-11-30", 3, "2026-02-28"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(app::to_string(app::add_months(d(c.received), c.months)), c.due) << c.received << " + " << c.months;
}

TEST(RequestDeadline, DatesAreRealDays) {
  for (const char* bad : {"2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "25-01-01", "2025/01/01", "",
                          "2025-1-01", "2100-02-29"})
    EXPECT_FALSE(app::parse_date(bad).has_value()) << bad;
  EXPECT_TRUE(app::parse_date("2024-02-29").has_value());
  EXPECT_EQ(app::days_between(d("2024-02-28"), d("2024-03-01")), 2);
  EXPECT_EQ(app::days_between(d("2025-03-01"), d("2025-02-28")), -1);
}

class Requests : public test::SessionTest {
 protected:
  Id add_person(const std::string& last, std::vector<std::string> notes = {}) {
    NewContact c;
    c.first_name = "Hélène";
    c.last_name = last;
    c.emails = {Labelled{last + "@exemple.fr", std::nullopt}};
    c.notes = std::move(notes);
    auto id = ContactStore(vault()).add(c);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
  app::SubjectRequest open(Id contact, const char* type, const char* received, const std::string& note = "") {
    app::OpenRequest r;
    r.contact_id = contact;
    r.type = type;
    r.received = received;
    r.via = "email";
    r.note = note;
    auto out = app::open_request(*session_, r, NullProgress::instance());
    EXPECT_TRUE(out.ok()) << out.error().message;
    return out.ok() ? *out : app::SubjectRequest{};
  }
};

TEST_F(Requests, OpenComputesTheDueDateAndRefusesBadInput) {
  clock_.set(noon("2025-02-10"));
  const Id id = add_person("Dupont");
  auto r = open(id, "access", "2025-01-31");
  EXPECT_EQ(app::to_string(r.due), "2025-02-28");
  EXPECT_EQ(r.status, app::RequestStatus::Open);
  EXPECT_EQ(r.days_left, 18);
  EXPECT_FALSE(r.overdue);

  app::OpenRequest bad;
  bad.contact_id = id;
  bad.type = "complaint";
  bad.received = "2025-02-01";
  auto e = app::open_request(*session_, bad, NullProgress::instance());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(e.error().message.find("--type"), std::string::npos);
  bad.type = "erasure";
  bad.received = "2025-02-11";  // tomorrow
  e = app::open_request(*session_, bad, NullProgress::instance());
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("--received"), std::string::npos);
  bad.received = "2025-02-01";
  bad.via = "pigeon";
  e = app::open_request(*session_, bad, NullProgress::instance());
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("--via"), std::string::npos);
  bad.via.clear();
  bad.contact_id = 999;
  e = app::open_request(*session_, bad, NullProgress::instance());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::NotFound);
  auto all = app::list_requests(*session_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u) << "a refused request writes nothing";
}

TEST_F(Requests, ExtensionsOnlyBeforeTheFirstDeadlineAndAtMostTwoMonths) {
  clock_.set(noon("2025-02-20"));
  const Id id = add_person("Martin");
  const auto r = open(id, "access", "2025-01-31");
  auto bad = app::extend_request(*session_, r.id, 3, "volume");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::InvalidInput);
  bad = app::extend_request(*session_, r.id, 1, "  ");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::InvalidInput);

  auto one = app::extend_request(*session_, r.id, 1, "nombreuses archives papier");
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(app::to_string(one->due), "2025-03-31");
  EXPECT_EQ(app::to_string(one->first_due), "2025-02-28");
  EXPECT_TRUE(one->person_told);
  // Two more would make three further months: refused, nothing changed.
  auto three = app::extend_request(*session_, r.id, 2, "encore");
  ASSERT_FALSE(three.ok());
  EXPECT_EQ(three.error().kind, ErrorKind::Conflict);
  EXPECT_NE(three.error().message.find("two further months"), std::string::npos);
  auto two = app::extend_request(*session_, r.id, 1, "encore");
  ASSERT_TRUE(two.ok()) << two.error().message;
  EXPECT_EQ(app::to_string(two->due), "2025-04-30");  // three months from receipt
  EXPECT_EQ(two->extended_months, 2);
  EXPECT_FALSE(app::extend_request(*session_, r.id, 1, "encore").ok());

  // The first deadline's own day still allows it; the next day does not.
  const auto late = open(id, "erasure", "2025-01-20");
  clock_.set(noon("2025-02-20"));
  EXPECT_TRUE(app::extend_request(*session_, late.id, 1, "volume").ok());
  const auto later = open(id, "rectification", "2025-01-19");
  auto refused = app::extend_request(*session_, later.id, 1, "volume");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Conflict);
  EXPECT_NE(refused.error().message.find("2025-02-19"), std::string::npos) << refused.error().message;
  auto shown = app::show_request(*session_, later.id);
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->extended_months, 0);
  EXPECT_TRUE(shown->overdue);
  EXPECT_EQ(shown->days_left, -1);
}

TEST_F(Requests, RefusalNamesTheCnilAndClosingIsFinal) {
  clock_.set(noon("2025-03-03"));
  const Id id = add_person("Petit");
  const auto r = open(id, "portability", "2025-03-01");
  auto no = app::refuse_request(*session_, r.id, "demande manifestement excessive");
  ASSERT_TRUE(no.ok()) << no.error().message;
  EXPECT_NE(no->text.find("CNIL"), std::string::npos);
  EXPECT_NE(no->text.find("réclamation"), std::string::npos);
  EXPECT_NE(no->text.find("demande manifestement excessive"), std::string::npos);
  EXPECT_EQ(no->request.status, app::RequestStatus::Refused);
  EXPECT_TRUE(no->request.answered_at.has_value());
  for (auto s : {app::close_request(*session_, r.id, "").status(),
                 app::extend_request(*session_, r.id, 1, "x").status(),
                 app::refuse_request(*session_, r.id, "x").status()}) {
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.kind(), ErrorKind::Conflict);
  }
  const auto other = open(id, "access", "2025-03-02");
  auto closed = app::close_request(*session_, other.id, "réponse envoyée");
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, app::RequestStatus::Closed);
  auto open_only = app::list_requests(*session_, {true, false});
  ASSERT_TRUE(open_only.ok());
  EXPECT_TRUE(open_only->empty());
}

TEST_F(Requests, AnswersAreRecordedForTheirOwnPersonOnly) {
  clock_.set(noon("2025-03-03"));
  const Id a = add_person("Roux"), b = add_person("Blanc");
  const auto r = open(a, "rectification", "2025-03-01");
  auto wrong = app::check_request_for(*session_, r.id, b);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.kind(), ErrorKind::Conflict);
  ContactPatch p;
  p.role = "gérante";
  p.emails = std::vector<Labelled>{Labelled{"roux@exemple.org", std::nullopt}};
  ASSERT_TRUE(app::check_request_for(*session_, r.id, a).ok());
  ASSERT_TRUE(app::record_rectification(*session_, r.id, a, p).ok());
  EXPECT_FALSE(app::record_rectification(*session_, r.id, b, p).ok());
  auto shown = app::show_request(*session_, r.id);
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->answers.size(), 1u);
  EXPECT_EQ(shown->answers[0].kind, "rectification");
  EXPECT_EQ(shown->answers[0].evidence, "fields:role,emails");
}

TEST_F(Requests, DueListHoldsOnlyWhatIsWithinAWeekOrLate) {
  clock_.set(noon("2025-03-25"));
  const Id id = add_person("Noir");
  open(id, "access", "2025-03-01");       // due 2025-04-01: 7 days
  open(id, "objection", "2025-02-10");    // due 2025-03-10: overdue
  open(id, "restriction", "2025-03-20");  // due 2025-04-20: not yet
  auto due = app::requests_due(*session_, 7);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_TRUE((*due)[0].overdue);
  EXPECT_EQ(app::to_string((*due)[0].due), "2025-03-10");
  EXPECT_EQ((*due)[1].days_left, 7);
  auto overdue = app::list_requests(*session_, {false, true});
  ASSERT_TRUE(overdue.ok());
  EXPECT_EQ(overdue->size(), 1u);
}

TEST_F(Requests, ErasureKeepsThePseudonymisedRequestAndItsWordsLeaveEveryPage) {
  clock_.set(noon("2025-05-02"));
  const std::string kNote = "reqnoteqzmarker lettre recommandee";
  const std::string kReason = "reqreasonqzmarker archives";
  const Id id = add_person("Zyxquorvel");
  const Id bystander = add_person("Blanc");
  auto& ctx = vault().context();
  test::write_file(tmp_ / "lettre.txt", "reqevidenceqzmarker je demande l'effacement");
  app::OpenRequest in;
  in.contact_id = id;
  in.type = "erasure";
  in.received = "2025-04-30";
  in.via = "post";
  in.evidence = tmp_ / "lettre.txt";
  in.note = kNote;
  auto r = app::open_request(*session_, in, NullProgress::instance());
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::filesystem::remove(tmp_ / "lettre.txt");
  EXPECT_EQ(app::to_string(r->due), "2025-05-30");
  ASSERT_TRUE(r->evidence_document_id.has_value());
  ASSERT_TRUE(app::extend_request(*session_, r->id, 1, kReason).ok());
  const auto other = open(bystander, "access", "2025-04-30", "bystander keeps this");

  const SecretBytes db_key = crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::Database);
  {
    const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
    EXPECT_NE(pages.find("reqnoteqzmarker"), std::string::npos) << "control";
    EXPECT_NE(pages.find("reqreasonqzmarker"), std::string::npos) << "control";
  }
  const std::string pseudonym = test::pseudonym_of(vault(), id);
  ASSERT_TRUE(app::check_request_for(*session_, r->id, id).ok());
  auto proofs = app::erase_people(*session_, {id}, "request", NullProgress::instance());
  ASSERT_TRUE(proofs.ok()) << proofs.error().message;
  const ErasureProof& proof = proofs->front();
  ASSERT_TRUE(app::record_erasure(*session_, r->id, proof).ok());

  // The certificate says the request is kept, and a verifier reads it back.
  EXPECT_EQ(proof.requests_kept, std::vector<Id>{r->id});
  EXPECT_NE(proof.certificate.find("subject_requests"), std::string::npos);
  auto verified = verify_erasure_certificate(vault(), proof.certificate);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->requests_kept, std::vector<Id>{r->id});

  // The request: pseudonym, type, dates and outcome; none of the person's words.
  auto kept = app::show_request(*session_, r->id);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(kept->subject, pseudonym);
  EXPECT_FALSE(kept->contact_id.has_value());
  EXPECT_TRUE(kept->subject_erased);
  EXPECT_EQ(kept->type, app::RequestType::Erasure);
  EXPECT_EQ(app::to_string(kept->received), "2025-04-30");
  EXPECT_EQ(app::to_string(kept->due), "2025-06-30");
  EXPECT_FALSE(kept->note.has_value());
  EXPECT_FALSE(kept->extension_reason.has_value());
  EXPECT_FALSE(kept->evidence_document_id.has_value());
  ASSERT_EQ(kept->answers.size(), 1u);
  EXPECT_EQ(kept->answers[0].kind, "erasure");
  EXPECT_EQ(kept->answers[0].evidence.rfind("certificate-sha256:", 0), 0u);
  // A closing note would be their data after their erasure: refused; closing without one works.
  auto noted = app::close_request(*session_, r->id, "effacé, courrier envoyé à Zyxquorvel");
  ASSERT_FALSE(noted.ok());
  EXPECT_EQ(noted.error().kind, ErrorKind::InvalidInput);
  auto closed = app::close_request(*session_, r->id, "");
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->status, app::RequestStatus::Closed);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM subject_request_texts WHERE request_id = " +
                                         std::to_string(r->id)),
            0);
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM documents WHERE contact_id = " + std::to_string(id)), 0);
  // The bystander's request and note are untouched.
  auto theirs = app::show_request(*session_, other.id);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->note.value_or(""), "bystander keeps this");

  // Forensic: neither the note, the extension's reason nor the name is in any decrypted page or raw file.
  ASSERT_TRUE(ctx.db.checkpoint_truncate().ok());
  const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
  for (const char* m : {"reqnoteqzmarker", "reqreasonqzmarker", "Zyxquorvel", "reqevidenceqzmarker"})
    EXPECT_EQ(pages.find(m), std::string::npos) << m << " survives in a database page";
  for (const char* m : {"reqnoteqzmarker", "reqreasonqzmarker", "reqevidenceqzmarker"})
    EXPECT_TRUE(test::files_containing(dir_, m).empty()) << m;
}

TEST_F(Requests, EveryChangeIsAuditedWithoutTheNote) {
  clock_.set(noon("2025-05-02"));
  const Id id = add_person("Audit");
  const auto r = open(id, "access", "2025-05-01", "auditnoteqzmarker");
  ASSERT_TRUE(app::extend_request(*session_, r.id, 1, "auditreasonqzmarker").ok());
  ASSERT_TRUE(app::close_request(*session_, r.id, "auditclosingqzmarker").ok());
  const std::string pseudonym = test::pseudonym_of(vault(), id);
  for (const char* action : {"request.open", "request.extend", "request.close"})
    EXPECT_EQ(test::sql_count(vault(), std::string("SELECT count(*) FROM audit_log WHERE action = '") + action +
                                           "' AND subject = '" + pseudonym + "'"),
              1)
        << action;
  EXPECT_EQ(test::sql_count(vault(), "SELECT count(*) FROM audit_log WHERE instr(details, 'qzmarker') > 0"), 0);
}

}  // namespace
}  // namespace coffre
