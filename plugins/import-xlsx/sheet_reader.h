// Streams one worksheet part into Records: the first row holding any value is the header, each
// later non-empty row a record whose fields are named by the header cell of their column (cells
// under no header are named "column AB"). Values: shared and inline strings, formula results,
// booleans, numbers (integers written without exponent, so a phone number stored as a number reads
// "612345678"), dates formatted from Excel serials by their cell style. Memory: one row at a time.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "coffre/plugin/importer.h"
#include "workbook.h"
#include "xml_stream.h"

namespace coffre::plugin::xlsx {

class SheetReader final : public XmlHandler {
 public:
  SheetReader(const Workbook& wb, RecordSink& sink) : wb_(wb), sink_(sink) {}
  // Reports progress every 1,000 rows as bytes of the sheet part inflated out of its size.
  void track_progress(const ZipReader* zip, std::uint64_t start, std::uint64_t total) {
    zip_ = zip;
    progress_start_ = start;
    progress_total_ = total;
  }
  void start(std::string_view name, const char** attrs) override;
  void end(std::string_view name) override;
  void text(std::string_view s) override;
  bool sink_stopped() const { return sink_stopped_; }
  bool saw_header() const { return !header_.empty(); }
  std::uint64_t rows() const { return rows_; }

 private:
  void end_cell();
  void end_row();
  void error_at(std::string message);

  const Workbook& wb_;
  RecordSink& sink_;
  std::map<std::uint32_t, std::string> header_;
  std::vector<std::pair<std::uint32_t, std::string>> cells_;
  std::uint64_t row_ = 0, rows_ = 0;
  std::uint32_t col_ = 0, next_col_ = 1;
  std::string type_, text_;
  int style_ = -1;
  bool in_row_ = false, in_cell_ = false, in_v_ = false, in_is_ = false, in_t_ = false;
  int in_phonetic_ = 0;
  bool sink_stopped_ = false;
  const ZipReader* zip_ = nullptr;
  std::uint64_t progress_start_ = 0, progress_total_ = 0;
};

// Reads an Excel number as written in <v>: "3.3612345678E10" -> "33612345678"; others unchanged.
std::string number_text(const std::string& v);

}  // namespace coffre::plugin::xlsx
