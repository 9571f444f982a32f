#include "xlsx_importer.h"
#include "coffre/plugin/i18n.h"

#include "sheet_reader.h"
#include "workbook.h"
#include "zip_reader.h"

namespace coffre::plugin::xlsx {

Info XlsxImporter::info() const {
  return {"import-xlsx", Kind::Importer, "1.0.0", "Excel workbooks (.xlsx): first sheet or --sheet NAME"};
}

bool XlsxImporter::setup(std::string&) { return true; }

int XlsxImporter::sniff(const std::string& path, const std::string& head) const {
  bool zip = head.size() >= 4 && head.compare(0, 4, "PK\x03\x04") == 0;
  if (has_suffix_ci(path, ".xlsx") || has_suffix_ci(path, ".xlsm")) return 90;  // even if not a zip: say why
  return zip ? 50 : 0;
}

bool XlsxImporter::read(const ImportOptions& options, RecordSink& sink, ImportError& error) {
  ZipReader zip;
  if (!zip.open(options.path, options.max_bytes_uncompressed, error.message)) return false;
  Workbook wb;
  if (!load_workbook(zip, wb, error.message)) return false;
  const SheetRef* sheet = &wb.sheets.front();
  if (!options.sheet.empty()) {
    sheet = nullptr;
    std::string names;
    for (const auto& s : wb.sheets) {
      if (s.name == options.sheet) sheet = &s;
      names += (names.empty() ? "" : ", ") + ("\"" + s.name + "\"");
    }
    if (!sheet) {
      error.message = trf("no sheet named \"{0}\" (the workbook has {1})", {options.sheet, names});
      return false;
    }
  }
  SheetReader reader(wb, sink);
  const std::uint64_t sheet_size = zip.entry_size(sheet->part);
  reader.track_progress(&zip, zip.inflated(), sheet_size);
  if (!parse_xml(zip, sheet->part, reader, error.message)) {
    error.message = trf("sheet \"{0}\": {1}", {sheet->name, error.message});
    return false;
  }
  if (reader.sink_stopped()) return true;
  if (!reader.saw_header()) {
    error.message = trf("sheet \"{}\" is empty: no header row", {sheet->name});
    return false;
  }
  sink.progress(sheet_size, sheet_size);
  return true;
}

}  // namespace coffre::plugin::xlsx
