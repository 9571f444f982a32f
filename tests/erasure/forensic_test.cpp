// Erased means erased. A person with unique markers in their names, e-mail, note, interaction and
// a document is erased; then:
//  - no file of the vault folder holds a marker in its raw bytes, and no blob file remains;
//  - SQL finds no row and no search term of theirs;
//  - decrypting every page of the database and its WAL with the database key (what an examiner
//    holding the key would do) finds no marker either, though it finds them before the erasure;
//  - crypto-shredding: the vault no longer holds their key, so a copy of their blob taken before
//    erasure opens with the old key but with no key the vault still has.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fcntl.h>

#include "coffre/documents.h"
#include "coffre/erasure.h"
#include "coffre/stores.h"
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

// What the search index keeps of them: the markers as its tokenizer folds them (lower case), and
// the phone number's digits (the test helper indexes the number as written, in `other`).
const std::vector<std::string> kFoldedTerms = {"zyxwquorvel", "gnarfelbaum", "noteqzmarker", "interqzmarker",
                                               "33699887766"};

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
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM search_terms WHERE term = 'noteqzmarker'"), 1);
  {
    const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
    for (int i = 0; i < 5; ++i) EXPECT_NE(pages.find(kMarkers[i]), std::string::npos) << "control: " << kMarkers[i];
    for (const auto& t : kFoldedTerms) EXPECT_NE(pages.find(t), std::string::npos) << "control: " << t;
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
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM search_terms WHERE contact_id = " + sid), 0);
  for (const char* m : {"zyxw", "gnarfel", "noteqz", "interqz"})
    EXPECT_EQ(test::sql_count(vault, std::string("SELECT count(*) FROM search_terms WHERE instr(term, '") + m + "')"), 0) << m;
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM contacts WHERE id = " + std::to_string(bystander)), 1);

  // Every page of the database and WAL, decrypted: no marker in live rows, free pages or slack.
  {
    const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
    EXPECT_GT(pages.size(), 8u * 4096);
    for (const auto& m : kMarkers) EXPECT_EQ(pages.find(m), std::string::npos) << m << " survives in a database page";
    // The index's folded copies (lower case) too; the bystander's stay.
    for (const auto& t : kFoldedTerms) EXPECT_EQ(pages.find(t), std::string::npos) << t << " survives in a database page";
    EXPECT_NE(pages.find("jeanne"), std::string::npos) << "control: the bystander's term";
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


// At scale, through the stores: thousands of people, so that the term index's B-tree has interior
// pages whose cells are terms too. One person's terms are deleted in place (no one else's entry
// is rewritten), and neither their terms nor the words of a note edited then removed survive in a
// database or WAL page (issue 9, item 9: the FTS4 merge of the whole index is gone).
TEST(ErasedMeansErased, OnePersonsTermsAmongThousandsDeletedInPlace) {
  test::TempDir tmp;
  const auto dir = tmp / "v";
  ASSERT_TRUE(Vault::create(dir, secret("pw"), fast_kdf()).ok());
  auto opened = Vault::open(dir, secret("pw"));
  ASSERT_TRUE(opened.ok());
  Vault& vault = **opened;
  auto& ctx = vault.context();
  ContactStore contacts(vault);
  // Words spread over the alphabet: each person's surname and note word are their own.
  auto word = [](std::uint32_t n) {
    std::string w;
    n = n * 2654435761u;
    for (int k = 0; k < 7; ++k, n /= 26) w += static_cast<char>('a' + n % 26);
    return w;
  };
  std::vector<NewContact> batch;
  for (std::uint32_t i = 0; i < 6000; ++i) {
    NewContact c;
    c.first_name = i % 2 ? "Jean" : "Hélène";
    c.last_name = word(i);
    c.notes = {"dossier " + word(i + 100000)};
    c.phones = {{"+3361" + std::to_string(1000000 + i), std::nullopt}};
    batch.push_back(std::move(c));
    if (i == 3000) {
      NewContact v;
      v.first_name = "Quorvelina";
      v.last_name = "Brzmarkeur";
      v.role = "Acheteuse rolqzmarker";
      v.phones = {{"06 99 88 77 66", std::nullopt}};
      v.notes = {"rappeler noteqzvictim"};
      batch.push_back(std::move(v));
    }
  }
  auto ids = contacts.add_batch(batch, NullProgress::instance());
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  const Id victim = ids->at(3001), neighbour = ids->at(3002);
  NewInteraction call;
  call.contact_id = victim;
  call.summary = "appel interqzvictim";
  ASSERT_TRUE(InteractionStore(vault).add(call).ok());
  NoteStore notes(vault);
  auto edited = notes.add_to_contact(neighbour, "ancien texte editqzmarker");
  auto removed = notes.add_to_contact(neighbour, "a retirer removeqzmarker");
  ASSERT_TRUE(edited.ok() && removed.ok());
  ASSERT_EQ(contacts.search("brzmark")->size(), 1u);
  ASSERT_EQ(contacts.search("99 88 77 66")->size(), 1u);

  const std::vector<std::string> gone = {"quorvelina", "brzmarkeur", "rolqzmarker", "p66778899", "noteqzvictim",
                                         "interqzvictim", "editqzmarker", "removeqzmarker"};
  const SecretBytes db_key = crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::Database);
  {
    const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
    for (const auto& t : gone) EXPECT_NE(pages.find(t), std::string::npos) << "control: " << t;
  }
  // The index is deep enough to have interior pages.
  EXPECT_GT(test::sql_count(vault, "SELECT count(*) FROM search_terms"), 30000);
  const std::string others = "SELECT count(*) || ' ' || sum(length(term)) || ' ' || sum(contact_id * col) FROM "
                             "search_terms WHERE contact_id NOT IN (" + std::to_string(victim) + ", " +
                             std::to_string(neighbour) + ")";
  auto fingerprint = [&] {
    auto st = ctx.db.prepare(others);
    EXPECT_TRUE(st.ok() && *st->step());
    return st->column_text(0);
  };
  const std::string before = fingerprint();

  ASSERT_TRUE(notes.edit(*edited, "nouveau texte").ok());
  ASSERT_TRUE(notes.remove(*removed).ok());
  auto proof = erase_contact(vault, victim, ErasureReason::Objection);
  ASSERT_TRUE(proof.ok()) << proof.error().message;

  EXPECT_EQ(fingerprint(), before) << "other people's entries changed";
  EXPECT_EQ(test::sql_count(vault, "SELECT count(*) FROM search_terms WHERE contact_id = " + std::to_string(victim)), 0);
  EXPECT_TRUE(contacts.search("brzmark")->empty());
  EXPECT_TRUE(contacts.search("noteqzvictim")->empty());
  EXPECT_TRUE(contacts.search("99 88 77 66")->empty());
  EXPECT_TRUE(contacts.search("editqzmarker")->empty());
  EXPECT_EQ(contacts.search("nouveau")->size(), 1u);
  EXPECT_EQ(contacts.search(word(4000))->size(), 1u);
  {
    const std::string pages = test::decrypt_all_pages(db_key, ctx.db_path());
    for (const auto& t : gone) EXPECT_EQ(pages.find(t), std::string::npos) << t << " survives in a database or WAL page";
    EXPECT_NE(pages.find(word(4000)), std::string::npos) << "control: a bystander's term";
    EXPECT_NE(pages.find("nouveau"), std::string::npos) << "control: the edited note's new text";
  }
  for (const auto& t : gone) EXPECT_TRUE(test::files_containing(dir, t).empty()) << t;
}

}  // namespace
}  // namespace coffre
