// The CSV importer: delimiter sniffing, RFC 4180 quoting, charset detection and conversion,
// streamed in 64 KiB chunks so that memory does not grow with the file. The first non-blank
// record is the header; each later record becomes a plugin::Record whose fields are named by it.
// A record with a different number of fields than the header (a ragged row) is handed on with a
// kProblemField, so the host can reject that row alone under --skip-invalid.
#pragma once

#include "coffre/plugin/importer.h"
#include "csv_parser.h"

namespace coffre::plugin::csv {

class CsvImporter final : public Importer {
 public:
  Info info() const override;
  bool setup(std::string& error) override;
  std::vector<std::string> formats() const override { return {"csv"}; }
  int sniff(const std::string& path, const std::string& head) const override;
  bool read(const ImportOptions& options, RecordSink& sink, ImportError& error) override;

  // For tests: smaller limits than the defaults.
  void set_limits(Limits limits) { limits_ = limits; }

 private:
  Limits limits_;
};

}  // namespace coffre::plugin::csv
