// The tamper matrix: every flipped byte and every truncation of a small blob, the
// chunk boundaries of a multi-chunk blob, trailing bytes, and blobs swapped between documents and
// between people all fail with Corruption naming the document and its blob, and `get` leaves no
// partial plaintext behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include "documents/doc_fixture.h"

namespace coffre {
namespace {

class Tamper : public test::DocVault {
 protected:
  // Writes `blob` over the document's blob file, runs get, restores the file.
  Status get_with_blob(Id doc, const std::string& blob) {
    const auto path = blob_of(doc);
    const auto original = test::read_file(path);
    test::write_file(path, blob);
    auto out = tmp_ / "out";
    Status s = get(doc, out);
    test::write_file(path, original);
    EXPECT_FALSE(std::filesystem::exists(out)) << "partial output left behind";
    return s;
  }
  void expect_corruption(Id doc, const std::string& blob, const std::string& what) {
    Status s = get_with_blob(doc, blob);
    ASSERT_FALSE(s.ok()) << what << " was not detected";
    EXPECT_EQ(s.kind(), ErrorKind::Corruption) << what << ": " << s.message();
    EXPECT_NE(s.message().find("document " + std::to_string(doc)), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(blob_of(doc).filename().string()), std::string::npos) << s.message();
  }
};

TEST_F(Tamper, EveryFlippedByteOfASmallBlob) {
  const auto doc = add(alice_, make_file("small", test::random_content(100, 7)));
  const auto blob = test::read_file(blob_of(doc));
  ASSERT_EQ(blob.size(), 36u + 100 + 17);
  for (std::size_t i = 0; i < blob.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80}) {
      std::string bad = blob;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      expect_corruption(doc, bad, "flip of byte " + std::to_string(i));
    }
  }
  ASSERT_TRUE(get(doc, tmp_ / "ok").ok());  // the restored blob still reads
}

TEST_F(Tamper, EveryTruncationOfASmallBlobAndTrailingBytes) {
  const auto doc = add(alice_, make_file("small", test::random_content(100, 8)));
  const auto blob = test::read_file(blob_of(doc));
  for (std::size_t len = 0; len < blob.size(); ++len)
    expect_corruption(doc, blob.substr(0, len), "truncation to " + std::to_string(len));
  expect_corruption(doc, blob + std::string(1, '\0'), "one trailing byte");
  expect_corruption(doc, blob + blob.substr(36), "a second final chunk");
}

TEST_F(Tamper, EmptyDocumentBlob) {
  const auto doc = add(alice_, make_file("empty", ""));
  const auto blob = test::read_file(blob_of(doc));
  ASSERT_EQ(blob.size(), 36u + 17);
  for (std::size_t i = 0; i < blob.size(); ++i) {
    std::string bad = blob;
    bad[i] = static_cast<char>(bad[i] ^ 0x10);
    expect_corruption(doc, bad, "flip of byte " + std::to_string(i));
  }
  for (std::size_t len = 0; len < blob.size(); ++len)
    expect_corruption(doc, blob.substr(0, len), "truncation to " + std::to_string(len));
}

TEST_F(Tamper, MultiChunkBoundariesAndReordering) {
  const std::size_t size = 3 * 65536 + 100;
  const auto doc = add(alice_, make_file("big", test::random_content(size, 9)));
  const auto blob = test::read_file(blob_of(doc));
  const std::size_t sealed = 65536 + 17;
  ASSERT_EQ(blob.size(), 36 + 3 * sealed + 117);
  std::vector<std::size_t> cuts;
  for (std::size_t k = 0; k <= 4; ++k) {
    const std::size_t boundary = 36 + k * sealed;
    for (long d : {-18L, -17L, -1L, 0L, 1L, 16L, 17L})
      if (static_cast<long>(boundary) + d >= 0 && boundary + d < blob.size()) cuts.push_back(boundary + d);
  }
  for (auto len : cuts) expect_corruption(doc, blob.substr(0, len), "truncation to " + std::to_string(len));
  for (std::size_t k = 0; k < 4; ++k) {
    const std::size_t start = 36 + k * sealed;
    for (std::size_t i : {start, start + 1, start + 17, std::min(start + sealed - 1, blob.size() - 1)}) {
      std::string bad = blob;
      bad[i] = static_cast<char>(bad[i] ^ 0x04);
      expect_corruption(doc, bad, "flip at " + std::to_string(i));
    }
  }
  // Chunks 1 and 2 swapped.
  std::string swapped = blob.substr(0, 36) + blob.substr(36 + sealed, sealed) + blob.substr(36, sealed) +
                        blob.substr(36 + 2 * sealed);
  expect_corruption(doc, swapped, "swapped chunks");
  // The last chunk dropped: every remaining chunk authenticates, but no final tag.
  expect_corruption(doc, blob.substr(0, 36 + 3 * sealed), "dropped final chunk");
}

TEST_F(Tamper, BlobSwappedBetweenTwoSubjects) {
  const std::string content = test::random_content(5000, 10);
  const auto a = add(alice_, make_file("a", content));
  const auto b = add(bob_, make_file("b", content));
  expect_corruption(a, test::read_file(blob_of(b)), "Bob's blob under Alice's document");
  expect_corruption(b, test::read_file(blob_of(a)), "Alice's blob under Bob's document");
}

TEST_F(Tamper, BlobSwappedBetweenTwoDocumentsOfOneSubject) {
  const std::string content = test::random_content(5000, 11);
  const auto a = add(alice_, make_file("a", content));
  const auto b = add(alice_, make_file("b", content));
  expect_corruption(a, test::read_file(blob_of(b)), "blob of document b under a");
}

TEST_F(Tamper, SizeOrHashMismatchInTheDatabaseIsCorruption) {
  const auto doc = add(alice_, make_file("a", "hello"));
  ASSERT_TRUE(vault_->context().db.exec("UPDATE documents SET sha256 = '" + std::string(64, '0') + "'").ok());
  auto s = get(doc, tmp_ / "out");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::Corruption);
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "out"));
}

TEST_F(Tamper, PartialPlaintextIsWipedNotJustUnlinked) {
  // The last chunk is damaged, so the first two were written before the failure. A hard link kept
  // to the output's inode shows what stays on it.
  const std::string marker = "PARTIAL-PLAINTEXT-MARKER";
  std::string content;
  while (content.size() < 3 * 65536) content += marker;
  const auto doc = add(alice_, make_file("big", content));
  auto blob = test::read_file(blob_of(doc));
  blob[blob.size() - 5] ^= 1;
  test::write_file(blob_of(doc), blob);
  const auto out = tmp_ / "out";
  test::write_file(out, "");
  ASSERT_EQ(::link(out.c_str(), (tmp_ / "witness").c_str()), 0);
  auto s = get(doc, out, /*overwrite=*/true);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::Corruption);
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(test::read_file(tmp_ / "witness").find(marker), std::string::npos);
}

TEST_F(Tamper, MissingBlobIsCorruptionNamingIt) {
  const auto doc = add(alice_, make_file("a", "hello"));
  std::filesystem::remove(blob_of(doc));
  auto s = get(doc, tmp_ / "out");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::Corruption);
  EXPECT_NE(s.message().find(blob_of(doc).filename().string()), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "out"));
}

}  // namespace
}  // namespace coffre
