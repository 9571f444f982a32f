#include "xml_stream.h"
#include "coffre/plugin/i18n.h"

#include <memory>

namespace coffre::plugin::xlsx {

namespace {
struct Ctx {
  XmlHandler* h;
  XML_Parser p;
};
// A handler that asks to stop stops expat at once, not at the end of the 64 KiB chunk.
void check_stop(Ctx* c) {
  if (c->h->stop) XML_StopParser(c->p, XML_FALSE);
}
void XMLCALL on_start(void* ud, const XML_Char* name, const XML_Char** attrs) {
  auto* c = static_cast<Ctx*>(ud);
  if (c->h->stop) return;
  c->h->start(local_name(name), attrs);
  check_stop(c);
}
void XMLCALL on_end(void* ud, const XML_Char* name) {
  auto* c = static_cast<Ctx*>(ud);
  if (c->h->stop) return;
  c->h->end(local_name(name));
  check_stop(c);
}
void XMLCALL on_text(void* ud, const XML_Char* s, int len) {
  auto* c = static_cast<Ctx*>(ud);
  if (c->h->stop) return;
  c->h->text(std::string_view(s, static_cast<std::size_t>(len)));
  check_stop(c);
}
}  // namespace

bool parse_xml(ZipReader& zip, const std::string& entry, XmlHandler& h, std::string& error) {
  std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> p(XML_ParserCreate("UTF-8"), XML_ParserFree);
  if (!p) {
    error = tr("out of memory");
    return false;
  }
  Ctx ctx{&h, p.get()};
  XML_SetUserData(p.get(), &ctx);
  XML_SetElementHandler(p.get(), on_start, on_end);
  XML_SetCharacterDataHandler(p.get(), on_text);
  bool xml_failed = false;
  bool ok = zip.read(
      entry,
      [&](std::string_view chunk) {
        if (XML_Parse(p.get(), chunk.data(), static_cast<int>(chunk.size()), XML_FALSE) != XML_STATUS_OK) {
          xml_failed = !h.stop;
          return false;
        }
        return !h.stop;
      },
      error);
  if (!ok) return false;
  if (!xml_failed && !h.stop && XML_Parse(p.get(), "", 0, XML_TRUE) != XML_STATUS_OK) xml_failed = !h.stop;
  if (h.stop && !h.stop_error.empty()) {
    error = h.stop_error;
    return false;
  }
  if (xml_failed) {
    error = trf("malformed XML in {0} at line {1}, column {2}: {3}",
                {entry, std::to_string(XML_GetCurrentLineNumber(p.get())),
                 std::to_string(XML_GetCurrentColumnNumber(p.get()) + 1), XML_ErrorString(XML_GetErrorCode(p.get()))});
    return false;
  }
  return true;
}

}  // namespace coffre::plugin::xlsx
