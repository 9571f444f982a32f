// Erased means erased. A person with unique markers in their names, e-mail, note, interaction and
// a document is erased; then:
//  - no file of the vault folder holds a marker in its raw bytes, and no blob file remains;
//  - SQL finds no row and no search term of theirs, and the FTS4 segments hold no marker;
//  - decrypting every page of the database and its WAL with the database key (what an examiner
//    holding the key would do) finds no marker either, though it finds them before the erasure;
//  - crypto-shredding: the vault no longer holds their key, so a copy of their blob taken before
//    erasure opens with the old key but with no key the vault still has.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fcntl.h>

#include "coffre/documents.h"
#include "coffre/erasure.h"
#include "fakes/sql_contacts.h"
#include "fakes/sqlcipher_pages.h"
#include "fakes/test_support.h"
#include "model/subject_keys.h"
#include "storage/blob_format.h"
#include "storage/blob_paths.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::secret;

const std::vector<std::string> kMarkers = {"Zyxwquorvel", "zyxw.qorv@example.fr", "Gnarfelbaum", "noteqzmarker",
                                           "interqzmarker", "docqzmarker"};

bool opens_with(const SecretBytes& key, const std::string& blob_id, const std::string& blob) {
  test::TempDir tmp;
  test::write_file(tmp / "b", blob);
  auto in = Env::posix().open(tmp / "b", OpenOptions{});
  if (!in.ok()) return false;
  auto r = storage::open_blob(**in, key, blob_id, "copy", [](crypto::ByteView) { return Status{}; },
                              NullProgress::instance(), 0);
  return r.ok();
}

TEST(ErasedMeansErased, RawFilesSqlPagesAndKeys) {
  test::TempDir tmp;
  const auto dir = tmp / "v";
  ASSERT_TRUE(Vault::create(dir, secret("pw"), fast_kdf()).ok());
  auto opened = Vault::open(dir, secret("pw"));
  ASSERT_TRUE(opened.ok());
  Vault& vault = **opened;
  auto& ctx = vault.context();

  test::SqlContact person;
  person.first_name = kMarkers[0];
  person.last_name = kMarkers[2];
  person.emails = {kMarkers[1]};
  person.phones = {"+33699887766"};
  person.notes = {"rappeler " + kMarkers[3]};
  person.interaction_summary = "appel " + kMarkers[4];
  const Id id = test::add_sql_contact(vault, person);
  const Id bystander = test::add_sql_contact(vault, {});
  std::string content;
  while (content.size() < 200000) content += kMarkers[5] + " ";
  test::write_file(tmp / "scan.txt", content);
  auto doc = DocumentStore(vault).add(id, tmp / "scan.txt", NullProgress::instance());
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  ASSERT_TRUE(DocumentStore(vault).add(bystander, tmp / "scan.txt", NullProgress::instance()).ok());
  std::filesystem::remove(tmp / "scan.txt");

  const std::string pseudonym = test::pseudonym_of(vault, id);
  std::string blob_id;
  {
    auto st = ctx.db.prepare("SELECT blob_id FROM documents WHERE id = ?");
    st->bind(1, *doc);
    ASSERT_TRUE(*st->step());
    blob_id = st->column_text(0);
  }
  const auto blob_path = storage::blob_path(ctx.blob_dir(), blob_id);
  const std::string blob_copy = test::read_file(blob_path);
  auto old_key = model::subject_key(ctx, id, pseudonym);
  ASSERT_TRUE(old_key.ok());
  auto bystander_key = model::subject_key(ctx, bystander, test::pseudonym_of(vault, bystander));
  ASSERT_TRUE(bystander_key.ok());

  // Positive controls: the markers are in the index and in the decrypted pages before erasure.
  const SecretBytes db_key = crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::Database);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM search_index WHERE search_index MATCH 'noteqzmarker'"), 1);
  {
    const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
    for (int i = 0; i < 5; ++i) EXPECT_NE(pages.find(kMarkers[i]), std::string::npos) << "control: " << kMarkers[i];
  }
  EXPECT_TRUE(opens_with(*old_key, blob_id, blob_copy));

  auto proof = erase_contact(vault, id, ErasureReason::Objection);
  ASSERT_TRUE(proof.ok()) << proof.error().message;

  // Raw bytes of every file in the vault folder (database, -wal, -shm, key slots, blobs).
  for (const auto& m : kMarkers) EXPECT_TRUE(test::files_containing(dir, m).empty()) << m;
  EXPECT_FALSE(std::filesystem::exists(blob_path));
  EXPECT_FALSE(std::filesystem::exists(storage::blob_temp_path(ctx.blob_dir(), blob_id)));
  int blob_files = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(ctx.blob_dir())) blob_files += e.is_regular_file();
  EXPECT_EQ(blob_files, 1) << "only the bystander's blob may remain";

  // SQL: rows and search terms.
  const std::string sid = std::to_string(id);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM contacts WHERE id = " + sid), 0);
  for (const char* t : {"contact_emails", "contact_phones", "interactions", "notes", "documents", "subject_keys"})
    EXPECT_EQ(test::sql_count(vault, std::string("SELECT count(*) FROM ") + t + " WHERE contact_id = " + sid), 0) << t;
  for (const char* term : {"zyxwquorvel", "gnarfelbaum", "noteqzmarker", "interqzmarker", "zyxw*"})
    EXPECT_EQ(test::sql_count(vault, std::string("SELECT count(*) FROM search_index WHERE search_index MATCH '") + term + "'"), 0)
        << term;
  for (const char* m : {"zyxw", "gnarfel", "noteqz"}) {
    EXPECT_EQ(test::sql_count(vault, std::string("SELECT count(*) FROM search_index_segments WHERE instr(block, '") + m + "')"), 0);
    EXPECT_EQ(test::sql_count(vault, std::string("SELECT count(*) FROM search_index_segdir WHERE instr(root, '") + m + "')"), 0);
  }
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM contacts WHERE id = " + std::to_string(bystander)), 1);

  // Every page of the database and WAL, decrypted: no marker in live rows, free pages or slack.
  {
    const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
    EXPECT_GT(pages.size(), 8u * 4096);
    for (const auto& m : kMarkers) EXPECT_EQ(pages.find(m), std::string::npos) << m << " survives in a database page";
  }

  // Crypto-shredding: the vault holds no key of theirs; the old key (captured before) still opens
  // the copy, which shows the copy is intact and only the key is gone.
  auto gone = model::subject_key(ctx, id, pseudonym);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM subject_keys"), 1);
  EXPECT_FALSE(opens_with(*bystander_key, blob_id, blob_copy));
  EXPECT_TRUE(opens_with(*old_key, blob_id, blob_copy));
  // Putting the copy back where it was does not make it readable through the vault.
  test::write_file(blob_path, blob_copy);
  EXPECT_EQ(DocumentStore(vault).get(*doc, tmp / "out", NullProgress::instance()).kind(), ErrorKind::NotFound);
  EXPECT_FALSE(std::filesystem::exists(tmp / "out"));
}

}  // namespace
}  // namespace coffre
