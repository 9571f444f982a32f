// Output of `coffre import`: the JSON summary (stable names, docs/cli.md), the human summary, and
// the report of rejected rows, which holds personal data and is written mode 0600.
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <ostream>
#include <string>

#include "coffre/import.h"

namespace coffre::cli {

nlohmann::json import_summary_json(const ImportSummary& s, const ImportRequest& req);
void print_import_summary(std::ostream& out, const ImportSummary& s, const ImportRequest& req);

// Rejected rows as a `;` CSV in UTF-8 with a BOM (so spreadsheets open it right): line, column,
// field, reason, then the row's own columns. The file is created with mode 0600 (and an existing
// one is truncated and set to 0600): it holds the rejected people's data.
class RejectReport {
 public:
  static Result<std::unique_ptr<RejectReport>> create(const std::string& path);
  ~RejectReport();
  RejectReport(const RejectReport&) = delete;
  RejectReport& operator=(const RejectReport&) = delete;
  void write(const RejectedRow& row);
  Status close();

 private:
  RejectReport() = default;
  int fd_ = -1;
  std::string path_;
  bool header_done_ = false;
  bool failed_ = false;
};

}  // namespace coffre::cli
