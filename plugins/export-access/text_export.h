// The "text" format: a plain-text report (UTF-8, "\n" line ends) the user can send to the person
// who asked. Layout:
//
//   Personal data held about Hélène Guérin (subject S6745a3c2...)
//   =============================================================
//   Generated at 2026-11-25T08:30:00Z by Coffre 0.3.0
//
//   E-mail addresses
//   ----------------
//   The addresses the vault holds for you.          (wrapped at kWrapWidth code points)
//
//     Address: helene@example.org
//     Kind: work
//
//     Address: h.guerin@example.com
//
//   Notes
//   -----
//   ...
//
//     (none)
//
// The report's own words (heading, "Generated at", "(none)") are in the view's language when it is
// "fr", else in English; titles, labels and descriptions come from the view as they are.
// Underlines are as wide as their title in code points, not bytes. A field is "  Label: value"
// (the name when the label is empty); each further line of a multi-line value is indented to
// start under the value. Items are separated by a blank line; a section without items says
// "(none)". Titles and labels are kept on one line (line breaks become spaces); line breaks at
// the very end of a value are dropped, all others kept. Bytes that are not valid UTF-8 are
// written as U+FFFD.
#pragma once

#include <cstddef>
#include <string>

#include "coffre/plugin/exporter.h"

namespace coffre::exporter {

constexpr std::size_t kWrapWidth = 78;

// False when the target refused a write (error left empty). May throw std::bad_alloc; the
// plugin's write() catches it.
bool write_text(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& error);

}  // namespace coffre::exporter
