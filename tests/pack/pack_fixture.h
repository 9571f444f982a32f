// Two people in one vault, each with markers found nowhere else: the seeded person of issue 14's
// proof (contact data, two interactions, a note, consent events with a notice, two documents, a
// subject request) and a colleague at the same company, with a note on the company itself. A
// pack of the first must hold every marker of theirs, in every format, and none of the second's.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "app/pack_internal.h"
#include "coffre/app/consent.h"
#include "coffre/app/pack.h"
#include "coffre/app/register.h"
#include "coffre/app/requests.h"
#include "coffre/documents.h"
#include "coffre/stores.h"
#include "fakes/session_fixture.h"

namespace coffre::test {

inline void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

// Every entry of a zip, by name.
inline std::map<std::string, std::string> unzip(const std::filesystem::path& zip, const SecretBytes* password = nullptr) {
  std::map<std::string, std::string> files;
  std::string current;
  app::pack_detail::ZipEntryReader r;
  r.begin = [&](const std::string& n) { current = n; files[n]; };
  r.data = [&](std::string_view b) { files[current].append(b); };
  r.end = [] {};
  auto s = app::pack_detail::read_zip(zip, password, r);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return files;
}

class PackFixture : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    clock_.set(1764500000);  // 2025-11-30T10:53:20Z
    ASSERT_TRUE(app::set_register_fields(*session_, {{"controller.name", "Martin Conseil EI"},
                                                     {"controller.address", "12 quai Saint-Antoine, 69002 Lyon"},
                                                     {"controller.email", "contact@martin-conseil.fr"}})
                    .ok());
    NewContact a;
    a.first_name = "Hélène";
    a.last_name = "Alphaville";
    a.role = "Directrice ALPHAROLE";
    a.emails = {{"helene@alpha-exemple.fr", std::string("work")}};
    a.phones = {{"06 11 22 33 44", std::string("mobile")}};
    a.org_name = "Boulangerie Partagée";
    auto ida = ContactStore(vault()).add(a);
    ASSERT_TRUE(ida.ok()) << ida.error().message;
    alpha_ = *ida;
    NewContact b;
    b.first_name = "Bruno";
    b.last_name = "Betaville";
    b.emails = {{"bruno@beta-exemple.fr", std::nullopt}};
    b.phones = {{"07 99 88 77 66", std::nullopt}};
    b.org_name = "Boulangerie Partagée";
    auto idb = ContactStore(vault()).add(b);
    ASSERT_TRUE(idb.ok());
    beta_ = *idb;
    auto org = ContactStore(vault()).get(alpha_);
    ASSERT_TRUE(org.ok() && org->org_id);
    ASSERT_TRUE(NoteStore(vault()).add_to_organisation(*org->org_id, "ORGNOTE Bruno et Hélène se partagent le dossier").ok());

    ASSERT_TRUE(NoteStore(vault()).add_to_contact(alpha_, "ALPHANOTE rappeler après le salon").ok());
    ASSERT_TRUE(NoteStore(vault()).add_to_contact(beta_, "BETANOTE ne pas appeler le lundi").ok());
    NewInteraction call;
    call.contact_id = alpha_;
    call.outcome = Outcome::CallBack;
    call.summary = "ALPHACALL devis demandé";
    ASSERT_TRUE(InteractionStore(vault()).add(call).ok());
    NewInteraction meet;
    meet.contact_id = alpha_;
    meet.kind = InteractionKind::Meeting;
    meet.direction = Direction::Inbound;
    meet.summary = "ALPHAMEET rendez-vous à Lyon";
    ASSERT_TRUE(InteractionStore(vault()).add(meet).ok());
    NewInteraction bcall;
    bcall.contact_id = beta_;
    bcall.summary = "BETACALL pas intéressé";
    ASSERT_TRUE(InteractionStore(vault()).add(bcall).ok());

    write_bytes(tmp_ / "notice.txt", "ALPHANOTICE Vous acceptez de recevoir nos offres par e-mail.");
    ASSERT_TRUE(app::add_notice(*session_, "v1", tmp_ / "notice.txt").ok());
    for (const char* event : {"given", "withdrawn"}) {
      app::RecordConsentRequest r;
      r.contact_id = alpha_;
      r.channel = "email";
      r.event = event;
      r.method = "web-form";
      r.notice_version = "v1";
      auto rec = app::record_consent(*session_, r, NullProgress::instance());
      ASSERT_TRUE(rec.ok()) << rec.error().message;
    }

    doc1_ = std::string("ALPHADOC1 %PDF-1.4\0\x01\x02\xff binary", 30);
    doc2_ = "ALPHADOC2 contrat signé\n";
    write_bytes(tmp_ / "devis-alpha.pdf", doc1_);
    write_bytes(tmp_ / "contrat.txt", doc2_);
    write_bytes(tmp_ / "beta.txt", "BETADOC confidentiel");
    ASSERT_TRUE(DocumentStore(vault()).add(alpha_, tmp_ / "devis-alpha.pdf", NullProgress::instance()).ok());
    ASSERT_TRUE(DocumentStore(vault()).add(alpha_, tmp_ / "contrat.txt", NullProgress::instance()).ok());
    ASSERT_TRUE(DocumentStore(vault()).add(beta_, tmp_ / "beta.txt", NullProgress::instance()).ok());

    app::OpenRequest req;
    req.contact_id = alpha_;
    req.type = "access";
    req.received = "2025-11-28";
    req.via = "post";
    req.note = "ALPHAREQ demande reçue par courrier";
    auto r = app::open_request(*session_, req, NullProgress::instance());
    ASSERT_TRUE(r.ok()) << r.error().message;
    request_ = r->id;
  }

  Result<app::PackResult> pack(const std::filesystem::path& out, const std::string& lang = "fr",
                               const SecretBytes* password = nullptr, std::optional<Id> request = std::nullopt,
                               app::PackKind kind = app::PackKind::Access) {
    app::PackOptions o;
    o.contact_id = alpha_;
    o.kind = kind;
    o.language = lang;
    o.output = out;
    o.password = password;
    o.request = request;
    return app::write_access_pack(*session_, o, NullProgress::instance());
  }

  // What only the second person, or their company's note, holds.
  const std::vector<std::string> kBeta = {"Betaville", "Bruno", "BETANOTE", "BETACALL", "BETADOC", "bruno@beta-exemple.fr",
                                          "+33799887766", "07 99 88 77 66", "ORGNOTE"};

  Id alpha_ = 0, beta_ = 0, request_ = 0;
  std::string doc1_, doc2_;
};

}  // namespace coffre::test
