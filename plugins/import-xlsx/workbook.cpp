#include "workbook.h"
#include "coffre/plugin/i18n.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "xml_stream.h"

namespace coffre::plugin::xlsx {

namespace {
constexpr std::size_t kMaxString = 1u << 20;

std::string lower(std::string_view s) {
  std::string u(s);
  for (auto& c : u)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return u;
}

// Resolves a relationship target against the folder of the part that holds the relationship.
std::string resolve(const std::string& base_dir, const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::string path = base_dir + target;
  // Fold "a/../b" (rare, but legal in targets).
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    std::string seg = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

struct RelsHandler : XmlHandler {
  std::map<std::string, std::string> targets;  // Id -> Target
  std::string office_document;                 // from _rels/.rels
  void start(std::string_view name, const char** a) override {
    if (name != "Relationship") return;
    const char* id = attr(a, "Id");
    const char* target = attr(a, "Target");
    const char* type = attr(a, "Type");
    if (id && target) targets[id] = target;
    if (type && target && std::string_view(type).ends_with("/officeDocument")) office_document = target;
  }
  void end(std::string_view) override {}
};

struct WorkbookHandler : XmlHandler {
  std::vector<std::pair<std::string, std::string>> sheets;  // name, r:id
  bool date1904 = false;
  void start(std::string_view name, const char** a) override {
    if (name == "sheet") {
      const char* n = attr(a, "name");
      const char* id = attr(a, "id");
      if (n && id) sheets.emplace_back(n, id);
    } else if (name == "workbookPr") {
      // Excel 2010+ also writes an <x14:workbookPr> in extLst (same local name), without date1904:
      // only the attribute where it is given decides.
      const char* d = attr(a, "date1904");
      if (d) date1904 = std::string_view(d) == "1" || std::string_view(d) == "true";
    }
  }
  void end(std::string_view) override {}
};

struct SharedStringsHandler : XmlHandler {
  std::vector<std::string>& out;
  std::string cur;
  bool in_t = false;
  int in_phonetic = 0;  // <rPh> holds reading aids for East Asian text, not the value
  explicit SharedStringsHandler(std::vector<std::string>& o) : out(o) {}
  void start(std::string_view name, const char**) override {
    if (name == "si") cur.clear();
    else if (name == "rPh") ++in_phonetic;
    else if (name == "t") in_t = true;
  }
  void end(std::string_view name) override {
    if (name == "si") out.push_back(decode_ooxml_escapes(cur)), cur.clear();
    else if (name == "rPh") --in_phonetic;
    else if (name == "t") in_t = false;
  }
  void text(std::string_view s) override {
    if (!in_t || in_phonetic) return;
    if (cur.size() + s.size() > kMaxString) {
      stop = true;
      stop_error = tr("a shared string is longer than 1 MiB");
      return;
    }
    cur.append(s);
  }
};

struct StylesHandler : XmlHandler {
  std::map<int, NumKind> custom;
  std::vector<int> xf_formats;
  bool in_cell_xfs = false;
  void start(std::string_view name, const char** a) override {
    if (name == "numFmt") {
      const char* id = attr(a, "numFmtId");
      const char* code = attr(a, "formatCode");
      if (id && code) custom[std::atoi(id)] = classify_format(code);
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      const char* id = attr(a, "numFmtId");
      xf_formats.push_back(id ? std::atoi(id) : 0);
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
};
}  // namespace

NumKind builtin_format_kind(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
    return NumKind::Date;
  if (id == 22) return NumKind::DateTime;
  if ((id >= 18 && id <= 21) || (id >= 32 && id <= 33) || (id >= 45 && id <= 47)) return NumKind::Time;
  return NumKind::Number;
}

NumKind classify_format(std::string_view code) {
  bool date = false, time = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') {  // a literal
      auto close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '[') {  // a colour, a condition or a locale; [h] and [mm] are elapsed time
      auto close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      auto inner = lower(code.substr(i + 1, close - i - 1));
      if (inner == "h" || inner == "hh" || inner == "m" || inner == "mm" || inner == "s" || inner == "ss") time = true;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {  // an escaped character, a padding, a fill
      ++i;
    } else if (c == ';') {
      break;  // only the first section (positive numbers) matters
    } else {
      char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (l == 'd' || l == 'y') date = true;
      else if (l == 'h' || l == 's') time = true;
      else if (l == 'm') (time ? time : date) = true;  // "h:mm" is minutes, "mm/yy" a month
    }
  }
  if (date && time) return NumKind::DateTime;
  if (date) return NumKind::Date;
  if (time) return NumKind::Time;
  return NumKind::Number;
}

std::string decode_ooxml_escapes(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (i + 7 <= s.size() && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_') {
      unsigned cp = 0;
      bool ok = true;
      for (std::size_t k = 2; k < 6; ++k) {
        const int h = hex(s[i + k]);
        ok &= h >= 0;
        cp = cp * 16 + static_cast<unsigned>(h < 0 ? 0 : h);
      }
      if (ok && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xC0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        i += 7;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::string format_serial(double serial, NumKind kind, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958465.0) return {};  // 9999-12-31
  auto days = static_cast<std::int64_t>(std::floor(serial));
  auto secs = static_cast<std::int64_t>(std::llround((serial - static_cast<double>(days)) * 86400.0));
  if (secs >= 86400) ++days, secs -= 86400;
  // Days since 1970-01-01. Excel's 1900 system counts 1900-02-29, which never was (a Lotus 1-2-3
  // bug kept for compatibility): serials from 61 on are one day ahead.
  // 1900 system: serial 25569 is 1970-01-01; 1904 system: serial 0 is 1904-01-01.
  std::int64_t z = date1904 ? days - 24107 : days - (days >= 61 ? 1 : 0) - 25568;
  // Howard Hinnant's civil_from_days.
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  int h = static_cast<int>(secs / 3600), mi = static_cast<int>(secs % 3600 / 60), s = static_cast<int>(secs % 60);
  if (kind == NumKind::Time) {
    if (s) std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, mi, s);
    else std::snprintf(buf, sizeof buf, "%02d:%02d", h, mi);
  } else if (kind == NumKind::DateTime) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02d:%02d", static_cast<long long>(y), m, d, h, mi);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  }
  return buf;
}

std::uint32_t column_of(std::string_view ref) {
  std::uint32_t col = 0;
  for (char c : ref) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
    if (col > 16384) return 0;
  }
  return col;
}

std::string column_letters(std::uint32_t col) {
  std::string s;
  while (col > 0) {
    --col;
    s.insert(s.begin(), static_cast<char>('A' + col % 26));
    col /= 26;
  }
  return s;
}

bool load_workbook(ZipReader& zip, Workbook& wb, std::string& error) {
  std::string wb_part = "xl/workbook.xml";
  if (zip.has("_rels/.rels")) {
    RelsHandler root;
    if (!parse_xml(zip, "_rels/.rels", root, error)) return false;
    if (!root.office_document.empty()) wb_part = resolve("", root.office_document);
  }
  if (!zip.has(wb_part)) {
    error = trf("not an .xlsx workbook: the zip archive has no {}", {wb_part});
    return false;
  }
  std::string dir = wb_part.substr(0, wb_part.rfind('/') + 1);
  std::string rels_part = dir + "_rels/" + wb_part.substr(dir.size()) + ".rels";
  WorkbookHandler book;
  if (!parse_xml(zip, wb_part, book, error)) return false;
  wb.date1904 = book.date1904;
  RelsHandler rels;
  if (zip.has(rels_part) && !parse_xml(zip, rels_part, rels, error)) return false;
  for (const auto& [name, id] : book.sheets) {
    auto it = rels.targets.find(id);
    if (it != rels.targets.end()) wb.sheets.push_back({name, resolve(dir, it->second)});
  }
  if (wb.sheets.empty()) {
    error = tr("the workbook has no worksheet");
    return false;
  }
  // Shared strings and styles are found by their usual names (every producer we know uses them).
  if (zip.has(dir + "sharedStrings.xml")) {
    SharedStringsHandler ss(wb.shared_strings);
    if (!parse_xml(zip, dir + "sharedStrings.xml", ss, error)) return false;
  }
  if (zip.has(dir + "styles.xml")) {
    StylesHandler st;
    if (!parse_xml(zip, dir + "styles.xml", st, error)) return false;
    for (int id : st.xf_formats) {
      auto it = st.custom.find(id);
      wb.style_kinds.push_back(it != st.custom.end() ? it->second : builtin_format_kind(id));
    }
  }
  return true;
}

}  // namespace coffre::plugin::xlsx
