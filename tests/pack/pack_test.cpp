// Issue 14, the access pack: every item of the seeded person in every format, nobody else's data,
// a signed manifest that catches any changed byte, AES-256 that 7-Zip opens with the right
// password only, the register it needs, the request it answers, and the portability pack.
#include <gtest/gtest.h>

#include <zip.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <regex>

#include "coffre/audit.h"
#include "crypto/crypto.h"
#include "fakes/test_support.h"
#include "pack/pack_fixture.h"

namespace coffre {
namespace {

using test::unzip;

class PackTest : public test::PackFixture {};

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string sha256_hex(const std::string& s) {
  crypto::Sha256 h;
  h.update(crypto::as_bytes(s));
  auto d = h.finish();
  return crypto::to_hex(crypto::ByteView(d.data(), d.size()));
}

TEST_F(PackTest, HoldsEveryItemOfThePersonInEveryFormat) {
  auto r = pack(tmp_ / "pack.zip");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->documents, 2);
  EXPECT_FALSE(r->encrypted);
  EXPECT_EQ(std::filesystem::status(tmp_ / "pack.zip").permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto files = unzip(tmp_ / "pack.zip");
  for (const char* name : {"index.html", "data.json", "contact.vcf", "manifest.json", "csv/controller.csv",
                           "csv/processing.csv", "csv/rights.csv", "csv/identity.csv", "csv/emails.csv",
                           "csv/phones.csv", "csv/organisation.csv", "csv/notes.csv", "csv/interactions.csv",
                           "csv/documents.csv", "csv/provenance.csv", "csv/consent.csv", "csv/requests.csv",
                           "csv/history.csv"})
    EXPECT_TRUE(files.count(name)) << name;
  // The documents: their original bytes, under their id (the name stays in the encrypted data).
  auto docs = DocumentStore(vault()).list(alpha_);
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ(files["documents/" + std::to_string((*docs)[0].id) + ".pdf"], doc1_);
  EXPECT_EQ(files["documents/" + std::to_string((*docs)[1].id) + ".txt"], doc2_);

  const std::string& html = files["index.html"];
  const std::string& json = files["data.json"];
  // Every item, by content, in the page, the data and the CSV of its section.
  struct Item {
    std::string marker, csv;
  };
  const std::vector<Item> items = {
      {"Alphaville", "csv/identity.csv"},           {"Directrice ALPHAROLE", "csv/identity.csv"},
      {"helene@alpha-exemple.fr", "csv/emails.csv"}, {"Boulangerie Partagée", "csv/organisation.csv"},
      {"ALPHANOTE rappeler après le salon", "csv/notes.csv"}, {"ALPHACALL devis demandé", "csv/interactions.csv"},
      {"ALPHAMEET rendez-vous à Lyon", "csv/interactions.csv"},
      {"ALPHANOTICE Vous acceptez de recevoir nos offres par e-mail.", "csv/consent.csv"},
      {"devis-alpha.pdf", "csv/documents.csv"},     {"contrat.txt", "csv/documents.csv"},
      {(*docs)[0].sha256, "csv/documents.csv"},     {"ALPHAREQ demande reçue par courrier", "csv/requests.csv"},
      {"Martin Conseil EI", "csv/controller.csv"},  {"contact@martin-conseil.fr", "csv/controller.csv"},
      {"Prospection commerciale", "csv/processing.csv"}, {"CNIL", "csv/rights.csv"},
  };
  for (const auto& i : items) {
    EXPECT_TRUE(has(html, i.marker)) << "index.html lacks " << i.marker;
    EXPECT_TRUE(has(json, i.marker)) << "data.json lacks " << i.marker;
    EXPECT_TRUE(has(files[i.csv], i.marker)) << i.csv << " lacks " << i.marker;
  }
  // Two interactions and two consent events, one row each.
  EXPECT_EQ(std::count(files["csv/interactions.csv"].begin(), files["csv/interactions.csv"].end(), '\n'), 3);
  EXPECT_EQ(std::count(files["csv/consent.csv"].begin(), files["csv/consent.csv"].end(), '\n'), 3);
  EXPECT_TRUE(has(files["csv/consent.csv"], "withdrawn"));
  // The phone: E.164 in the data, as people write it on the page.
  EXPECT_TRUE(has(json, "+33611223344"));
  EXPECT_TRUE(has(files["csv/phones.csv"], "+33611223344"));
  EXPECT_TRUE(has(html, "06 11 22 33 44"));
  // Values in the reader's words on the page, stable spellings in the data.
  EXPECT_TRUE(has(html, "à rappeler"));
  EXPECT_TRUE(has(html, "consentement retiré"));
  EXPECT_TRUE(has(json, "\"call-back\""));
  // Documents linked from the page.
  EXPECT_TRUE(has(html, "<a href=\"documents/" + std::to_string((*docs)[0].id) + ".pdf\">"));
  // The card.
  const std::string& vcf = files["contact.vcf"];
  EXPECT_TRUE(has(vcf, "FN:Hélène Alphaville\r\n"));
  EXPECT_TRUE(has(vcf, "EMAIL;TYPE=work:helene@alpha-exemple.fr\r\n"));
  EXPECT_TRUE(has(vcf, "TEL;VALUE=uri;TYPE=mobile:tel:+33611223344\r\n"));
  EXPECT_TRUE(has(vcf, "ORG:Boulangerie Partagée\r\n"));
  EXPECT_FALSE(has(vcf, "ALPHANOTE"));  // a note is not contact data the person provided
  // data.json's schema and version.
  auto doc = nlohmann::json::parse(json);
  EXPECT_EQ(doc["format"], "coffre-access-export");
  EXPECT_EQ(doc["format_version"], 1);
  EXPECT_EQ(doc["sections"][0]["name"], "controller");
}

TEST_F(PackTest, HoldsNothingAboutAnyoneElse) {
  for (const char* lang : {"fr", "en"}) {
    auto r = pack(tmp_ / (std::string("pack-") + lang + ".zip"), lang);
    ASSERT_TRUE(r.ok()) << r.error().message;
    for (const auto& [name, bytes] : unzip(tmp_ / (std::string("pack-") + lang + ".zip")))
      for (const auto& m : kBeta) EXPECT_FALSE(has(bytes, m)) << name << " holds " << m;
  }
}

TEST_F(PackTest, RecordsTheManifestOnTheRequestItAnswersInOneCall) {
  auto r = pack(tmp_ / "pack.zip", "fr", nullptr, request_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto files = unzip(tmp_ / "pack.zip");
  EXPECT_EQ(r->manifest_sha256, sha256_hex(files["manifest.json"]));
  auto req = app::show_request(*session_, request_);
  ASSERT_TRUE(req.ok());
  ASSERT_EQ(req->answers.size(), 1u);
  EXPECT_EQ(req->answers[0].kind, "access-export");
  EXPECT_EQ(req->answers[0].evidence, "pack-manifest-sha256:" + r->manifest_sha256);
  // Another person's request is refused before anything is written.
  app::OpenRequest other;
  other.contact_id = beta_;
  other.type = "access";
  other.received = "2025-11-29";
  auto o = app::open_request(*session_, other, NullProgress::instance());
  ASSERT_TRUE(o.ok());
  auto refused = pack(tmp_ / "other.zip", "fr", nullptr, o->id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::Conflict);
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "other.zip"));
  // The audit entry names the pseudonym and the manifest, no personal data.
  auto entries = audit_entries(vault(), -1);
  ASSERT_TRUE(entries.ok());
  bool found = false;
  for (const auto& e : *entries)
    if (e.action == "access.pack") {
      found = true;
      EXPECT_TRUE(has(e.details, r->manifest_sha256));
      EXPECT_FALSE(has(e.details, "Alphaville"));
    }
  EXPECT_TRUE(found);
}

TEST_F(PackTest, ARegisterWithoutTheControllerNamesTheFieldAndWritesNothing) {
  ASSERT_TRUE(app::set_register_fields(*session_, {{"controller.address", ""}}).ok());
  auto r = pack(tmp_ / "pack.zip");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidInput);
  EXPECT_TRUE(has(r.error().message, "controller.address")) << r.error().message;
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "pack.zip"));
}

// Rewrites `zip` into `out` with `change` applied to the entries (unencrypted).
void rewrite(const std::map<std::string, std::string>& files, const std::filesystem::path& out) {
  int err = 0;
  zip_t* za = zip_open(out.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(za, nullptr);
  for (const auto& [name, bytes] : files) {
    zip_source_t* s = zip_source_buffer(za, bytes.data(), bytes.size(), 0);
    ASSERT_GE(zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(za), 0);
}

TEST_F(PackTest, AChangedByteInAnyFileFailsVerifyPack) {
  auto r = pack(tmp_ / "pack.zip");
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto ok = app::verify_access_pack(*session_, tmp_ / "pack.zip", nullptr);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->files, 19);  // 18 files and the manifest itself
  EXPECT_EQ(ok->manifest_sha256, r->manifest_sha256);
  const auto files = unzip(tmp_ / "pack.zip");
  // The same files rezipped still pass: the manifest covers content, not the container.
  rewrite(files, tmp_ / "same.zip");
  EXPECT_TRUE(app::verify_access_pack(*session_, tmp_ / "same.zip", nullptr).ok());
  for (const auto& [name, bytes] : files) {
    for (std::size_t at : {std::size_t{0}, bytes.size() / 2, bytes.size() - 1}) {
      auto changed = files;
      changed[name][at] = static_cast<char>(changed[name][at] ^ 0x01);
      rewrite(changed, tmp_ / "changed.zip");
      auto v = app::verify_access_pack(*session_, tmp_ / "changed.zip", nullptr);
      ASSERT_FALSE(v.ok()) << name << " byte " << at;
      EXPECT_EQ(v.error().kind, ErrorKind::Corruption);
      EXPECT_TRUE(has(v.error().message, name)) << v.error().message;
    }
  }
  // A file added or taken out.
  auto more = files;
  more["documents/extra.pdf"] = "slipped in";
  rewrite(more, tmp_ / "more.zip");
  auto v = app::verify_access_pack(*session_, tmp_ / "more.zip", nullptr);
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(has(v.error().message, "documents/extra.pdf is not in the manifest"));
  auto fewer = files;
  fewer.erase("contact.vcf");
  rewrite(fewer, tmp_ / "fewer.zip");
  v = app::verify_access_pack(*session_, tmp_ / "fewer.zip", nullptr);
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(has(v.error().message, "contact.vcf is missing"));
  // A byte flipped in the zip itself (inside a compressed entry: the CRC catches it).
  std::string raw = test::read_file(tmp_ / "pack.zip");
  raw[raw.size() / 3] = static_cast<char>(raw[raw.size() / 3] ^ 0x40);
  test::write_bytes(tmp_ / "raw.zip", raw);
  EXPECT_FALSE(app::verify_access_pack(*session_, tmp_ / "raw.zip", nullptr).ok());
}

TEST_F(PackTest, APackFromAnotherVaultFailsItsSignature) {
  ASSERT_TRUE(pack(tmp_ / "pack.zip").ok());
  test::FakeClock clock;
  test::TempDir other_dir;
  ASSERT_TRUE(Vault::create(other_dir / "v", test::secret("pw"), test::fast_kdf(), test::with_clock(&clock)).ok());
  auto other = app::Session::open(other_dir / "v", test::secret("pw"), plugins_, app::SessionOptions{&clock});
  ASSERT_TRUE(other.ok());
  auto v = app::verify_access_pack(**other, tmp_ / "pack.zip", nullptr);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, ErrorKind::Corruption);
  EXPECT_TRUE(has(v.error().message, "manifest.json"));
}

TEST_F(PackTest, WithAPasswordEveryEntryIsAes256AndOnlyThatPasswordOpensIt) {
  ASSERT_TRUE(zip_encryption_method_supported(ZIP_EM_AES_256, 1)) << "Debian 12's libzip encrypts with AES-256";
  const auto pw = test::secret("cerise-tuba-42");
  auto r = pack(tmp_ / "pack.zip", "fr", &pw);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->encrypted);
  // No entry readable without it, and the raw file shows none of the person's data.
  int err = 0;
  zip_t* za = zip_open((tmp_ / "pack.zip").c_str(), ZIP_RDONLY, &err);
  ASSERT_NE(za, nullptr);
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
    zip_stat_t st;
    ASSERT_EQ(zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st), 0);
    EXPECT_EQ(st.encryption_method, ZIP_EM_AES_256) << st.name;
  }
  zip_discard(za);
  const std::string raw = test::read_file(tmp_ / "pack.zip");
  for (const char* m : {"Alphaville", "ALPHANOTE", "ALPHADOC1", "helene@alpha", "devis-alpha"})
    EXPECT_FALSE(has(raw, m)) << m;

  auto none = app::verify_access_pack(*session_, tmp_ / "pack.zip", nullptr);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::AuthFailed);
  const auto wrong = test::secret("cerise-tuba-43");
  auto bad = app::verify_access_pack(*session_, tmp_ / "pack.zip", &wrong);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::AuthFailed);
  auto good = app::verify_access_pack(*session_, tmp_ / "pack.zip", &pw);
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_TRUE(good->encrypted);
}

TEST_F(PackTest, SevenZipOpensItWithTheRightPasswordAndNotAWrongOne) {
  if (std::system("command -v 7z >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "7z is not installed (Debian p7zip-full; scripts/setup installs it)";
  const auto pw = test::secret("cerise-tuba-42");
  ASSERT_TRUE(pack(tmp_ / "pack.zip", "fr", &pw).ok());
  const auto plain = unzip(tmp_ / "pack.zip", &pw);
  const auto right = tmp_ / "right", wrong = tmp_ / "wrong";
  const std::string base = "7z x -y -bso0 -bse0 -bsp0 ";
  ASSERT_EQ(std::system((base + "-pcerise-tuba-42 -o" + right.string() + " " + (tmp_ / "pack.zip").string()).c_str()), 0);
  for (const auto& [name, bytes] : plain) EXPECT_EQ(test::read_file(right / name), bytes) << name;
  EXPECT_NE(std::system((base + "-pcerise-tuba-43 -o" + wrong.string() + " " + (tmp_ / "pack.zip").string()).c_str()), 0);
  // What 7-Zip leaves behind after a wrong password is never the plaintext.
  if (std::filesystem::exists(wrong))
    for (const auto& e : std::filesystem::recursive_directory_iterator(wrong))
      if (e.is_regular_file()) {
        EXPECT_FALSE(has(test::read_file(e.path()), "Alphaville")) << e.path();
      }
}

TEST_F(PackTest, InFrenchThePageHasNoEnglish) {
  ASSERT_TRUE(pack(tmp_ / "fr.zip", "fr").ok());
  ASSERT_TRUE(pack(tmp_ / "en.zip", "en").ok());
  const std::string fr = unzip(tmp_ / "fr.zip")["index.html"];
  const std::string en = unzip(tmp_ / "en.zip")["index.html"];
  // Stable spellings and English words the English page shows: none on the French one.
  for (const char* word : {"call-back", "legitimate-interest", "interaction.add", "contact.add", "note.add",
                           "outbound", "inbound", "web-form", "withdrawn", "Identity", "E-mail addresses",
                           "Phone numbers", "Contacts with you", "Your rights", "Who processes your data",
                           "History", "Contents", "Generated on", "First name", "Summary", "Outcome", "Purposes",
                           "Legal basis", "Right of access", "Complaint", "No item", "b2b", "T10:53"}) {
    EXPECT_FALSE(has(fr, word)) << word;
  }
  for (const char* word : {"Identity", "Your rights", "to call back", "Right of access", "Contents"})
    EXPECT_TRUE(has(en, word)) << word;
  EXPECT_TRUE(has(fr, "<html lang=\"fr\">"));
  EXPECT_TRUE(has(fr, "30 novembre 2025 à 11:53"));  // 10:53 UTC, Paris time
  EXPECT_TRUE(has(en, "30 November 2025, 11:53"));
  // No time in UTC form is left on the French page.
  EXPECT_FALSE(std::regex_search(fr, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:")));
}

TEST_F(PackTest, PortabilityHoldsOnlyWhatThePersonProvided) {
  auto r = pack(tmp_ / "port.zip", "fr", nullptr, std::nullopt, app::PackKind::Portability);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto files = unzip(tmp_ / "port.zip");
  ASSERT_EQ(files.size(), 3u);
  EXPECT_TRUE(has(files["contact.vcf"], "EMAIL;TYPE=work:helene@alpha-exemple.fr"));
  EXPECT_TRUE(has(files["contact.csv"], "helene@alpha-exemple.fr"));
  EXPECT_TRUE(has(files["contact.csv"], "+33611223344"));
  EXPECT_TRUE(has(files["contact.csv"], "Alphaville"));
  for (const auto& [name, bytes] : files)
    for (const char* m : {"ALPHANOTE", "ALPHACALL", "ALPHAMEET", "ALPHADOC", "ALPHANOTICE", "ALPHAREQ", "prospect",
                          "Betaville"})
      EXPECT_FALSE(has(bytes, m)) << name << " holds " << m;
  EXPECT_TRUE(app::verify_access_pack(*session_, tmp_ / "port.zip", nullptr).ok());
}

TEST_F(PackTest, ADocumentThatFailsItsCheckLeavesNothingAtTheDestination) {
  // Corrupt the first document's blob: the pack must fail and leave no file.
  auto docs = DocumentStore(vault()).list(alpha_);
  ASSERT_TRUE(docs.ok());
  std::filesystem::path blob;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir_ / "blobs"))
    if (e.is_regular_file()) blob = e.path();
  ASSERT_FALSE(blob.empty());
  // Flip a byte in every blob: whichever is the person's, the write fails.
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir_ / "blobs")) {
    if (!e.is_regular_file()) continue;
    std::string b = test::read_file(e.path());
    b[b.size() - 5] = static_cast<char>(b[b.size() - 5] ^ 1);
    test::write_bytes(e.path(), b);
  }
  auto r = pack(tmp_ / "pack.zip");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Corruption) << r.error().message;
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "pack.zip"));
  for (const auto& e : std::filesystem::directory_iterator(tmp_.path()))
    EXPECT_EQ(e.path().filename().string().find("pack.zip"), std::string::npos) << e.path();
}

}  // namespace
}  // namespace coffre
