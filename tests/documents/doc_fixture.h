// A vault with a few contacts (plain SQL) for the document tests, and helpers to make files.
#pragma once

#include <gtest/gtest.h>

#include <random>

#include "coffre/documents.h"
#include "fakes/sql_contacts.h"
#include "fakes/vault_fixture.h"
#include "storage/blob_paths.h"

namespace coffre::test {

inline std::string random_content(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(gen() & 0xff);
  return s;
}

class DocVault : public VaultTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(VaultTest::SetUp());
    alice_ = add_sql_contact(*vault_, {"Alice", "Durand", {}, {}, {}, ""});
    bob_ = add_sql_contact(*vault_, {"Bob", "Lefebvre", {}, {}, {}, ""});
  }
  std::filesystem::path make_file(const std::string& name, const std::string& content) {
    auto p = tmp_ / name;
    write_file(p, content);
    return p;
  }
  Id add(Id contact, const std::filesystem::path& file) {
    auto id = DocumentStore(*vault_).add(contact, file, NullProgress::instance());
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
  std::filesystem::path blob_of(Id doc) {
    auto st = vault_->context().db.prepare("SELECT blob_id FROM documents WHERE id = ?");
    st->bind(1, doc);
    EXPECT_TRUE(*st->step());
    return storage::blob_path(vault_->context().blob_dir(), st->column_text(0));
  }
  Status get(Id doc, const std::filesystem::path& out, bool overwrite = false) {
    return DocumentStore(*vault_).get(doc, out, NullProgress::instance(), overwrite);
  }
  Id alice_ = 0, bob_ = 0;
};

}  // namespace coffre::test
