// A vault and the three importers linked in (the plugins' static libraries), for the pipeline tests.
#pragma once

#include <gtest/gtest.h>

#include "coffre/import.h"
#include "coffre/stores.h"
#include "csv_importer.h"
#include "fakes/test_support.h"
#include "vault/context.h"
#include "vcard_importer.h"
#include "xlsx_importer.h"

namespace coffre::test {

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(initialise_runtime().ok());
    ASSERT_TRUE(Vault::create(tmp_ / "v", secret("pw"), fast_kdf(), {&clock_}).ok());
    auto v = Vault::open(tmp_ / "v", secret("pw"), {&clock_});
    ASSERT_TRUE(v.ok()) << v.error().message;
    vault_ = std::move(*v);
  }
  std::filesystem::path write(const std::string& name, const std::string& content) {
    auto p = tmp_ / name;
    write_file(p, content);
    return p;
  }
  ImportRequest request(const std::filesystem::path& file, const std::string& format = "csv") {
    ImportRequest r;
    r.options.path = file.string();
    r.format = format;
    return r;
  }
  plugin::Importer& importer(const std::string& format) {
    if (format == "xlsx") return xlsx_;
    if (format == "vcard") return vcard_;
    return csv_;
  }
  Result<ImportSummary> import(const ImportRequest& r) {
    return run_import(*vault_, importer(r.format), r, NullProgress::instance());
  }
  Result<ImportSummary> import_csv(const std::string& content, bool skip_invalid = false) {
    auto r = request(write("in.csv", content));
    r.skip_invalid = skip_invalid;
    return import(r);
  }
  ContactStore contacts() { return ContactStore(*vault_); }
  std::int64_t count() { return *ContactStore(*vault_).count(); }
  std::int64_t sql_int(const std::string& sql) {
    auto st = vault_->context().db.prepare(sql);
    EXPECT_TRUE(st.ok());
    auto row = st->step();
    EXPECT_TRUE(row.ok() && *row) << sql;
    return st->column_int(0);
  }
  Contact only(const std::string& email) {
    auto ids = contacts().find_by_email(email);
    EXPECT_TRUE(ids.ok() && ids->size() == 1u) << email;
    return *contacts().get(ids->at(0));
  }

  TempDir tmp_;
  FakeClock clock_;
  std::unique_ptr<Vault> vault_;
  plugin::csv::CsvImporter csv_;
  plugin::vcard::VcardImporter vcard_;
  plugin::xlsx::XlsxImporter xlsx_;
};

}  // namespace coffre::test
