// Documents round-trip at every size around the 64 KiB chunk, are listed with their size and
// SHA-256, are written only as ciphertext, and are got into a new 0600 file.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "coffre/audit.h"
#include "coffre/check.h"
#include "crypto/crypto.h"
#include "documents/doc_fixture.h"
#include "model/subject_keys.h"

namespace coffre {
namespace {

using test::DocVault;

std::string sha256_hex(const std::string& s) {
  crypto::Sha256 h;
  h.update(crypto::as_bytes(s));
  return crypto::to_hex(h.finish());
}

class DocSizes : public DocVault, public ::testing::WithParamInterface<std::size_t> {};

TEST_P(DocSizes, RoundTrip) {
  const std::size_t size = GetParam();
  const std::string content = test::random_content(size, static_cast<unsigned>(size));
  const auto doc = add(alice_, make_file("in.bin", content));
  ASSERT_NE(doc, 0);
  // Blob size: header, full chunks, and one final chunk (empty when the size is 0).
  const std::size_t chunks = size == 0 ? 1 : (size + 65535) / 65536;
  EXPECT_EQ(std::filesystem::file_size(blob_of(doc)), 36 + size + 17 * chunks);
  const auto out = tmp_ / "out.bin";
  auto s = get(doc, out);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(test::read_file(out) == content);
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto info = DocumentStore(*vault_).info(doc);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size, static_cast<std::int64_t>(size));
  EXPECT_EQ(info->sha256, sha256_hex(content));
  EXPECT_EQ(info->name, "in.bin");
}

INSTANTIATE_TEST_SUITE_P(ChunkBoundaries, DocSizes,
                         ::testing::Values(0, 1, 65535, 65536, 65537, 2 * 65536, 64 * 65536 - 1, 64 * 65536,
                                           64 * 65536 + 1, 65 * 65536 + 3));

TEST_F(DocVault, ListInfoAndAudit) {
  const auto a = add(alice_, make_file("devis.pdf", "quote"));
  const auto b = add(alice_, make_file("carte.png", "card!"));
  add(bob_, make_file("autre.txt", "other"));
  auto list = DocumentStore(*vault_).list(alice_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, a);
  EXPECT_EQ((*list)[0].name, "devis.pdf");
  EXPECT_EQ((*list)[0].size, 5);
  EXPECT_EQ((*list)[0].added_at, clock_.now());
  EXPECT_EQ((*list)[1].id, b);
  EXPECT_EQ(DocumentStore(*vault_).list(999).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(DocumentStore(*vault_).info(999).error().kind, ErrorKind::NotFound);
  // One key per subject, created at the first document only.
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM subject_keys"), 2);
  auto entries = audit_entries(*vault_, 10);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ((*entries)[0].action, "doc.add");
  EXPECT_EQ((*entries)[0].details.find("autre"), std::string::npos);  // no file names in the log
  EXPECT_TRUE(verify_audit(*vault_)->ok);
}

TEST_F(DocVault, NoPlaintextAtRestAndNoTempFilesLeft) {
  const std::string marker = "UNIQUE-DOC-MARKER-7f3a9";
  std::string content;
  for (int i = 0; i < 5000; ++i) content += marker;
  add(alice_, make_file("secret.txt", content));
  EXPECT_TRUE(test::files_containing(dir_, marker).empty());
  EXPECT_TRUE(test::files_containing(dir_, "secret.txt").empty());
  for (auto& e : std::filesystem::recursive_directory_iterator(dir_ / "blobs")) {
    if (!e.is_regular_file()) continue;
    EXPECT_TRUE(storage::valid_blob_id(e.path().filename().string())) << e.path();
    EXPECT_EQ(e.status().permissions() & std::filesystem::perms::all, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
}

TEST_F(DocVault, GetRefusesToOverwriteUnlessForced) {
  const auto doc = add(alice_, make_file("a.txt", "new content"));
  const auto out = make_file("existing.txt", "precious");
  auto s = get(doc, out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::Conflict);
  EXPECT_EQ(test::read_file(out), "precious");
  ASSERT_TRUE(get(doc, out, true).ok());
  EXPECT_EQ(test::read_file(out), "new content");
  // A symbolic link at the target is not followed.
  std::filesystem::create_symlink(tmp_ / "elsewhere", tmp_ / "link");
  EXPECT_FALSE(get(doc, tmp_ / "link", true).ok());
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "elsewhere"));
  EXPECT_EQ(DocumentStore(*vault_).get(12345, tmp_ / "x", NullProgress::instance()).kind(), ErrorKind::NotFound);
}

TEST_F(DocVault, AddRefusesMissingFilesFoldersAndUnknownContacts) {
  DocumentStore docs(*vault_);
  EXPECT_EQ(docs.add(alice_, tmp_ / "missing", NullProgress::instance()).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(docs.add(alice_, tmp_.path(), NullProgress::instance()).error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(docs.add(424242, make_file("f", "x"), NullProgress::instance()).error().kind, ErrorKind::NotFound);
  EXPECT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM documents"), 0);
}

TEST_F(DocVault, SubjectKeyIsBoundToThePseudonym) {
  add(alice_, make_file("a", "x"));
  add(bob_, make_file("b", "y"));
  auto& ctx = vault_->context();
  auto pa = test::pseudonym_of(*vault_, alice_);
  auto pb = test::pseudonym_of(*vault_, bob_);
  ASSERT_TRUE(model::subject_key(ctx, alice_, pa).ok());
  // Alice's wrapped key copied onto Bob's row does not open as Bob's.
  ASSERT_TRUE(ctx.db.exec("UPDATE subject_keys SET wrapped = (SELECT wrapped FROM subject_keys WHERE contact_id = " +
                          std::to_string(alice_) + ") WHERE contact_id = " + std::to_string(bob_)).ok());
  auto k = model::subject_key(ctx, bob_, pb);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().kind, ErrorKind::Corruption);
}

TEST_F(DocVault, CheckDecryptsEveryDocumentAndNamesTheBadOne) {
  add(alice_, make_file("a", test::random_content(70000, 1)));
  const auto bad = add(bob_, make_file("b", test::random_content(1000, 2)));
  auto report = check_vault(*vault_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
  auto blob = test::read_file(blob_of(bad));
  blob[200] ^= 1;
  test::write_file(blob_of(bad), blob);
  report = check_vault(*vault_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok());
  bool named = false;
  for (const auto& i : report->items)
    if (i.name == "documents") {
      EXPECT_FALSE(i.ok);
      named = i.detail.find("document " + std::to_string(bad)) != std::string::npos &&
              i.detail.find(blob_of(bad).filename().string()) != std::string::npos;
      EXPECT_NE(i.detail.find("1 of 2"), std::string::npos) << i.detail;
    }
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace coffre
