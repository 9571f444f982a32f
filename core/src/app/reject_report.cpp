#include "app/reject_report.h"

namespace coffre::app {
namespace {

std::string csv_cell(const std::string& v) {
  if (v.find_first_of(";\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Result<RejectReport> RejectReport::create(Env& env, const std::filesystem::path& path) {
  COFFRE_ASSIGN_OR_RETURN(auto out, util::PrivateOutput::create(env, path, /*overwrite=*/true));
  return RejectReport(std::move(out));
}

void RejectReport::write(const RejectedRow& row) {
  if (!status_.ok()) return;
  std::string line;
  if (!header_done_) {
    line = "\xEF\xBB\xBFline;column;field;reason";
    for (const auto& [k, v] : row.values) line += ";" + csv_cell(k);
    line += "\r\n";
    header_done_ = true;
  }
  line += std::to_string(row.line) + ";" + (row.column ? std::to_string(row.column) : "") + ";" + csv_cell(row.field) +
          ";" + csv_cell(row.said.empty() ? row.reason : row.said);  // for the person who fixes the rows
  for (const auto& [k, v] : row.values) line += ";" + csv_cell(v);
  line += "\r\n";
  status_ = out_.write(line);
}

Status RejectReport::close() {
  COFFRE_TRY(status_);
  return out_.commit();
}

}  // namespace coffre::app
