#include "vcard_export.h"

#include "sink.h"
#include "utf8.h"

namespace coffre::exporter {
namespace {

std::string escape(std::string_view raw) {
  const std::string s = valid_utf8(raw);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' || c == ',' || c == ';') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// RFC 6350 §3.2: lines of at most 75 octets, continued after CRLF and a space; never inside a
// UTF-8 sequence.
std::string fold(const std::string& line) {
  std::string out;
  std::size_t used = 0;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    if (used + len > 75) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line, i, len);
    used += len;
    i += len;
  }
  return out + "\r\n";
}

std::string type_param(const plugin::ExportItem& item) {
  for (const auto& f : item.fields)
    if (f.name == "label") {
      std::string t;
      for (char c : f.value)
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-') t += c;
      if (!t.empty()) return ";TYPE=" + t;
    }
  return {};
}

std::string value_of(const plugin::ExportItem& item, std::string_view name) {
  for (const auto& f : item.fields)
    if (f.name == name) return f.value;
  return {};
}

}  // namespace

bool write_vcard(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& /*error*/) {
  std::string first, last, role, address, org;
  std::string body;
  for (const auto& s : view.sections) {
    if (s.name == "identity" && !s.items.empty()) {
      first = value_of(s.items[0], "first_name");
      last = value_of(s.items[0], "last_name");
      role = value_of(s.items[0], "role");
      address = value_of(s.items[0], "address");
    } else if (s.name == "organisation" && !s.items.empty()) {
      org = value_of(s.items[0], "name");
    } else if (s.name == "emails") {
      for (const auto& item : s.items)
        if (auto v = value_of(item, "email"); !v.empty()) body += fold("EMAIL" + type_param(item) + ":" + escape(v));
    } else if (s.name == "phones") {
      for (const auto& item : s.items)
        if (auto v = value_of(item, "phone"); !v.empty())
          body += fold("TEL;VALUE=uri" + type_param(item) + ":tel:" + escape(v));
    }
  }
  std::string fn = first.empty() ? last : last.empty() ? first : first + " " + last;
  if (fn.empty()) fn = view.display_name;
  std::string out = "BEGIN:VCARD\r\nVERSION:4.0\r\n";
  out += fold("FN:" + escape(fn));
  out += fold("N:" + escape(last) + ";" + escape(first) + ";;;");
  if (!org.empty()) out += fold("ORG:" + escape(org));
  if (!role.empty()) out += fold("TITLE:" + escape(role));
  if (!address.empty()) out += fold("ADR:;;" + escape(address) + ";;;;");
  out += body;
  out += "END:VCARD\r\n";
  ChunkedSink sink(target);
  return sink.append(out) && sink.flush();
}

}  // namespace coffre::exporter
