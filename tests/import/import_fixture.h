// A vault and the three importers linked in (the plugins' static libraries), for the pipeline tests.
#pragma once

#include <gtest/gtest.h>

#include "coffre/import.h"
#include "coffre/stores.h"
#include "csv_importer.h"
#include "fakes/sql_contacts.h"
#include "fakes/vault_fixture.h"
#include "vault/context.h"
#include "vcard_importer.h"
#include "xlsx_importer.h"

namespace coffre::test {

class ImportTest : public VaultTest {
 protected:
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
  std::int64_t sql_int(const std::string& sql) { return sql_count(*vault_, sql); }
  Contact only(const std::string& email) {
    auto ids = contacts().find_by_email(email);
    EXPECT_TRUE(ids.ok() && ids->size() == 1u) << email;
    return *contacts().get(ids->at(0));
  }

  plugin::csv::CsvImporter csv_;
  plugin::vcard::VcardImporter vcard_;
  plugin::xlsx::XlsxImporter xlsx_;
};

}  // namespace coffre::test
