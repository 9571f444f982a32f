// The Excel importer (.xlsx, Office Open XML): libzip for the archive (with the zip-bomb guards of
// zip_reader.h), expat for the XML, streamed; the first sheet or the one named by --sheet.
#pragma once

#include "coffre/plugin/importer.h"

namespace coffre::plugin::xlsx {

class XlsxImporter final : public Importer {
 public:
  Info info() const override;
  bool setup(std::string& error) override;
  std::vector<std::string> formats() const override { return {"xlsx"}; }
  int sniff(const std::string& path, const std::string& head) const override;
  bool read(const ImportOptions& options, RecordSink& sink, ImportError& error) override;
};

}  // namespace coffre::plugin::xlsx
