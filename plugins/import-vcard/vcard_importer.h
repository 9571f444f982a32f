// The vCard importer (.vcf): reads the file in 64 KiB chunks through vcard::Parser and hands each
// card to the host as one Record whose field names are already canonical.
#pragma once

#include "coffre/plugin/importer.h"
#include "vcard_parser.h"

namespace coffre::plugin::vcard {

class VcardImporter final : public Importer {
 public:
  Info info() const override;
  bool setup(std::string& error) override;
  std::vector<std::string> formats() const override { return {"vcard"}; }
  int sniff(const std::string& path, const std::string& head) const override;
  bool read(const ImportOptions& options, RecordSink& sink, ImportError& error) override;
};

}  // namespace coffre::plugin::vcard
