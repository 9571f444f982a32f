// The "html" format: one self-contained UTF-8 HTML page a person opens in any browser and prints
// (the access pack's index.html). A header (title, the person's name, when and by what it was
// generated), a table of contents, then each section as a heading, its description and one
// table of label/value rows per item; a section without items says so. A field named "file" is a
// link to that relative path (a document next to the page in the pack). No script, no external
// resource: the page works offline and prints on A4 (a print style sheet breaks between items,
// not inside them). Values are escaped; line breaks become <br>; bytes that are not valid UTF-8
// are written as U+FFFD. The page's own words ("Contents", "No item.") are in the view's
// language ("fr" or "en"); the rest comes from the view as it is: the host gives this format
// values already in the reader's language.
#pragma once

#include <string>

#include "coffre/plugin/exporter.h"

namespace coffre::exporter {

bool write_html(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& error);

}  // namespace coffre::exporter
