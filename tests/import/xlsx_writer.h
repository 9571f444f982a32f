// Builds small .xlsx archives in tests with libzip: any set of parts, stored or deflated.
#pragma once

#include <zip.h>

#include <map>
#include <string>

namespace coffre::test {

inline bool write_zip(const std::string& path, const std::map<std::string, std::string>& parts) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) return false;
  for (const auto& [name, data] : parts) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    if (!src || zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(src);
      zip_discard(z);
      return false;
    }
    zip_set_file_compression(z, static_cast<zip_uint64_t>(zip_name_locate(z, name.c_str(), 0)), ZIP_CM_DEFLATE, 9);
  }
  return zip_close(z) == 0;  // the buffers must live until here: zip_close reads them
}

// A minimal workbook as Excel writes it: the sheets' XML bodies go in <sheetData>.
inline std::map<std::string, std::string> workbook_parts(const std::map<std::string, std::string>& sheets_in_order,
                                                         const std::string& shared_strings,
                                                         const std::string& styles) {
  std::map<std::string, std::string> p;
  p["[Content_Types].xml"] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
  p["_rels/.rels"] =
      "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
      "</Relationships>";
  std::string wb = "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>";
  std::string rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  int i = 1;
  for (const auto& [name, body] : sheets_in_order) {
    std::string n = name.substr(name.find(':') + 1);  // keys are "1:Name" to keep the order
    wb += "<sheet name=\"" + n + "\" sheetId=\"" + std::to_string(i) + "\" r:id=\"rId" + std::to_string(i) + "\"/>";
    rels += "<Relationship Id=\"rId" + std::to_string(i) +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet" +
            std::to_string(i) + ".xml\"/>";
    p["xl/worksheets/sheet" + std::to_string(i) + ".xml"] =
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" +
        body + "</sheetData></worksheet>";
    ++i;
  }
  p["xl/workbook.xml"] = wb + "</sheets></workbook>";
  p["xl/_rels/workbook.xml.rels"] = rels + "</Relationships>";
  if (!shared_strings.empty())
    p["xl/sharedStrings.xml"] = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
                                shared_strings + "</sst>";
  if (!styles.empty())
    p["xl/styles.xml"] = "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
                         styles + "</styleSheet>";
  return p;
}

}  // namespace coffre::test
