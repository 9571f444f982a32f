// libFuzzer target: the .xlsx importer on arbitrary bytes (libzip's checks and our bomb guards),
// and, since random bytes rarely make a valid zip, on a valid workbook whose sheet XML, shared
// strings and styles are the fuzzed bytes (split at NUL bytes), so expat and the sheet reader get
// exercised too.
#include <zip.h>

#include "fuzz_support.h"
#include "workbook.h"
#include "xlsx_importer.h"

namespace {

std::string build_workbook(const std::string& sheet, const std::string& strings, const std::string& styles) {
  static const std::string path = "/dev/shm/coffre-fuzz-book-" + std::to_string(::getpid()) + ".xlsx";
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) std::abort();
  const std::string rels =
      "<Relationships><Relationship Id=\"r1\" Type=\"x/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  const std::string wb = "<workbook><sheets><sheet name=\"S\" r:id=\"s1\"/></sheets></workbook>";
  const std::string wrels = "<Relationships><Relationship Id=\"s1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
  const std::pair<const char*, const std::string*> parts[] = {{"_rels/.rels", &rels},
                                                               {"xl/workbook.xml", &wb},
                                                               {"xl/_rels/workbook.xml.rels", &wrels},
                                                               {"xl/worksheets/sheet1.xml", &sheet},
                                                               {"xl/sharedStrings.xml", &strings},
                                                               {"xl/styles.xml", &styles}};
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(z, data->data(), data->size(), 0);
    if (!s || zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) std::abort();
  }
  if (zip_close(z) != 0) std::abort();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace coffre;
  plugin::xlsx::XlsxImporter imp;
  plugin::ImportOptions o;
  o.max_bytes_uncompressed = 8u << 20;
  fuzz::TouchSink sink;
  plugin::ImportError err;
  std::string in(reinterpret_cast<const char*>(data), size);
  o.path = fuzz::write_input(data, size, ".xlsx");
  (void)imp.read(o, sink, err);
  // The same bytes as the parts of a real workbook.
  std::size_t a = in.find('\0'), b = a == std::string::npos ? a : in.find('\0', a + 1);
  std::string sheet = in.substr(0, a);
  std::string strings = a == std::string::npos ? "" : in.substr(a + 1, b == std::string::npos ? b : b - a - 1);
  std::string styles = b == std::string::npos ? "" : in.substr(b + 1);
  o.path = build_workbook("<worksheet><sheetData>" + sheet + "</sheetData></worksheet>", "<sst>" + strings + "</sst>",
                          "<styleSheet>" + styles + "</styleSheet>");
  (void)imp.read(o, sink, err);
  (void)plugin::xlsx::classify_format(in);
  (void)plugin::xlsx::column_of(in);
  return 0;
}
