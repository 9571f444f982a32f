// A thin streaming wrapper over expat: a handler gets element starts and ends by local name (the
// namespace prefix dropped, since generators use "x:row" as well as "row") and character data.
// Expat never expands external entities and limits entity amplification (2.4+), so a hostile
// part cannot make it read files or blow up ("billion laughs").
#pragma once

#include <expat.h>

#include <string>
#include <string_view>

#include "zip_reader.h"

namespace coffre::plugin::xlsx {

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
  // Set by the handler to stop the parse: `stop_error` empty means a normal early stop.
  bool stop = false;
  std::string stop_error;
};

inline std::string_view local_name(const char* name) {
  std::string_view n(name);
  auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// The value of attribute `name` (local name) or nullptr.
inline const char* attr(const char** attrs, std::string_view name) {
  for (int i = 0; attrs[i]; i += 2)
    if (local_name(attrs[i]) == name) return attrs[i + 1];
  return nullptr;
}

// Parses part `entry` of the archive with `h`. False with `error` on malformed XML (naming the
// part, line and column) or on the handler's stop_error.
bool parse_xml(ZipReader& zip, const std::string& entry, XmlHandler& h, std::string& error);

}  // namespace coffre::plugin::xlsx
