// The "json" format: the machine-readable copy of GDPR art. 20. One UTF-8 JSON document,
// indented by two spaces, keys in the order the host gave them:
//   {"format": "coffre-access-export", "format_version": 1, "subject", "display_name",
//    "generated_at", "generator", "sections": [{"name", "title", "description",
//                                               "items": [{"<field name>": "<value>", ...}]}]}
// A field name that occurs more than once in an item becomes one key whose value is the array of
// its values, in order, at the place of its first occurrence: no value is ever dropped. Bytes that
// are not valid UTF-8 are written as U+FFFD. The document ends with a newline.
#pragma once

#include <string>

#include "coffre/plugin/exporter.h"

namespace coffre::exporter {

// False when the target refused a write (error left empty) or the view could not be encoded
// (error says why). May throw std::bad_alloc; the plugin's write() catches it.
bool write_json(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& error);

}  // namespace coffre::exporter
