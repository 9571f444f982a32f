// The "csv" format: RFC 4180 (comma, double quotes, CRLF), UTF-8 without a byte-order mark. One
// row per item. The columns are the field names (stable keys, not labels) in the order they first
// occur; a view of several sections gets a first column "section". A field that occurs more than
// once in an item has its values joined with a line feed in one cell. A value starting with =, +,
// - or @ is written as it is (this is a copy of the person's data, not a spreadsheet to trust):
// a reader that opens it in a spreadsheet should import it as text. The access pack writes one
// file per section (csv/<section>.csv).
#pragma once

#include <string>

#include "coffre/plugin/exporter.h"

namespace coffre::exporter {

bool write_csv(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& error);

}  // namespace coffre::exporter
