// The certificate's `rows` is every row the erasure removed, in every table the data map
// (coffre/data_map.h) says goes with the person: the provenance rows an import left, which go by
// cascade, included.
#include <gtest/gtest.h>

#include <map>

#include "coffre/data_map.h"
#include "coffre/erasure.h"
#include "coffre/import.h"
#include "coffre/stores.h"
#include "csv_importer.h"
#include "fakes/sql_contacts.h"
#include "fakes/vault_fixture.h"

namespace coffre {
namespace {

class ErasureRows : public test::VaultTest {
 protected:
  void import_csv(const std::string& name, const std::string& content) {
    const auto file = tmp_ / name;
    test::write_file(file, content);
    ImportRequest r;
    r.options.path = file.string();
    r.format = "csv";
    plugin::csv::CsvImporter csv;
    auto s = run_import(*vault_, csv, r, NullProgress::instance());
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  // Rows of every mapped table but the FTS shadow tables, whose rows are their owner's.
  std::map<std::string, std::int64_t> rows_per_table() {
    std::map<std::string, std::int64_t> out;
    for (const auto& t : data_map::tables())
      if (t.reach != data_map::Reach::Shadow)
        out[std::string(t.name)] = test::sql_count(*vault_, "SELECT count(*) FROM " + std::string(t.name));
    return out;
  }
};

TEST_F(ErasureRows, CertificateCountsEveryRowRemovedProvenanceIncluded) {
  // Two imports hold Jeanne: the first adds her (with a colleague), the second merges into her.
  import_csv("salon.csv", "Nom;Prénom;Email;Téléphone\nMartin;Jeanne;jeanne@martin.fr;06 12 34 56 78\n"
                          "Durand;Luc;luc@durand.fr;\n");
  import_csv("relance.csv", "Nom;Prénom;Email;Fonction\nMartin;Jeanne;jeanne@martin.fr;Gérante\n");
  auto ids = ContactStore(*vault_).find_by_email("jeanne@martin.fr");
  ASSERT_TRUE(ids.ok() && ids->size() == 1u);
  const Id id = ids->front();
  ASSERT_EQ(test::sql_count(*vault_, "SELECT count(*) FROM contact_provenance WHERE contact_id = " + std::to_string(id)), 2);
  ASSERT_TRUE(NoteStore(*vault_).add_to_contact(id, "rappeler en mars").ok());

  const auto before = rows_per_table();
  auto proof = erase_contact(*vault_, id, ErasureReason::Manual);
  ASSERT_TRUE(proof.ok()) << proof.error().message;
  const auto after = rows_per_table();

  std::int64_t removed = 0;
  for (const auto& [table, n] : before) {
    const auto* t = data_map::find(table);
    ASSERT_NE(t, nullptr);
    const std::int64_t gone = n - after.at(table);
    if (data_map::is_erased(*t)) {
      EXPECT_GE(gone, 0) << table;
    } else {
      EXPECT_LE(gone, 0) << table << " lost rows, but the data map says the erasure keeps them";
    }
    if (gone > 0) removed += gone;
  }
  EXPECT_EQ(before.at("contact_provenance") - after.at("contact_provenance"), 2);
  EXPECT_EQ(before.at("import_batches"), after.at("import_batches"));
  // contact, e-mail, phone, note, search row, two provenance rows at least
  EXPECT_GE(removed, 7);
  EXPECT_EQ(proof->rows, removed);
  auto verified = verify_erasure_certificate(*vault_, proof->certificate);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->rows, removed);
}

}  // namespace
}  // namespace coffre
