// UTF-8 helpers of the exporter. Values reach the plugin as "UTF-8 text", but a vault filled by
// imports over the years may still hold stray bytes; an export must neither fail on them nor write
// an invalid file, so they are replaced with U+FFFD (the rest of the value is kept).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace coffre::exporter {

// `s` with every byte that is not part of a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF included) replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

// The number of code points of well-formed UTF-8 `s`: its width on a plain-text page (combining
// marks and wide characters are not accounted for).
std::size_t code_points(std::string_view s);

}  // namespace coffre::exporter
