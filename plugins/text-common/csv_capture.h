// Reading a CSV export for a consent-capture plugin through import-csv's reader (charset
// detection, delimiter sniffing, RFC 4180): the header once, then each row with its line. A ragged
// row stops the capture naming its line (consent evidence is all or nothing). Header only; the
// plugin links coffre_import_csv_impl.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "coffre/plugin/consent.h"
#include "coffre/plugin/i18n.h"
#include "csv_columns.h"
#include "csv_importer.h"
#include "csv_parser.h"

namespace coffre::plugin::text {

// The folded headers of the first line of `head` (a file's first bytes), for sniff().
inline std::vector<std::string> sniff_headers(const std::string& head) {
  std::vector<std::string> out;
  const std::string first = head.substr(0, head.find_first_of("\r\n"));
  csv::Parser p(csv::sniff_delimiter(first), [&](std::vector<std::string>& fields, std::uint64_t) {
    for (auto& f : fields) out.push_back(fold_header(f));
    return false;
  });
  std::string text = first;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  p.feed(text);
  p.finish();
  return out;
}

// on_header gets the folded headers and may fail (a required column missing) by returning false
// with `error` set; on_row gets the cells in header order and the row's line.
inline bool read_csv(const CaptureOptions& options, ConsentSink& sink, CaptureError& error,
                     const std::function<bool(const std::vector<std::string>&, CaptureError&)>& on_header,
                     const std::function<bool(const std::vector<std::string>&, std::uint64_t)>& on_row) {
  class Adapter final : public RecordSink {
   public:
    Adapter(ConsentSink& sink, CaptureError& error,
            const std::function<bool(const std::vector<std::string>&, CaptureError&)>& on_header,
            const std::function<bool(const std::vector<std::string>&, std::uint64_t)>& on_row)
        : sink_(sink), error_(error), on_header_(on_header), on_row_(on_row) {}
    bool record(Record&& r) override {
      std::vector<std::string> cells;
      for (auto& f : r.fields) {
        if (f.name == kProblemField) {
          error_.message = trf("malformed row: {}", {f.value});
          error_.line = r.line;
          failed = true;
          return false;
        }
        if (!header_done_) headers_.push_back(fold_header(f.name));
        cells.push_back(std::move(f.value));
      }
      if (!header_done_) {
        header_done_ = true;
        if (!on_header_(headers_, error_)) {
          failed = true;
          return false;
        }
      }
      bool blank = true;
      for (const auto& c : cells)
        if (!c.empty()) blank = false;
      if (blank) return true;
      return on_row_(cells, r.line);
    }
    void progress(std::uint64_t done, std::uint64_t total) override { sink_.progress(done, total); }
    bool failed = false;

   private:
    ConsentSink& sink_;
    CaptureError& error_;
    const std::function<bool(const std::vector<std::string>&, CaptureError&)>& on_header_;
    const std::function<bool(const std::vector<std::string>&, std::uint64_t)>& on_row_;
    std::vector<std::string> headers_;
    bool header_done_ = false;
  } adapter(sink, error, on_header, on_row);
  csv::CsvImporter reader;
  ImportOptions o;
  o.path = options.path;
  o.charset = options.charset;
  ImportError ie;
  if (!reader.read(o, adapter, ie)) {
    error.message = ie.message;
    error.line = ie.line;
    error.column = ie.column;
    error.field = ie.field;
    return false;
  }
  if (adapter.failed) return false;
  return true;
}

}  // namespace coffre::plugin::text
