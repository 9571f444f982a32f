#include "csv_export.h"

#include <algorithm>
#include <map>
#include <vector>

#include "sink.h"
#include "utf8.h"

namespace coffre::exporter {
namespace {

// A value a spreadsheet could run as a formula (OWASP, "CSV Injection"): one starting with = @ a tab
// or a carriage return, or with + or - unless the rest is a number ("+33 6 12 34 56 78", "-5").
bool formula_like(const std::string& s) {
  if (s.empty()) return false;
  if (s[0] == '=' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') return true;
  if (s[0] != '+' && s[0] != '-') return false;
  return s.find_first_not_of("0123456789 .,", 1) != std::string::npos;
}

// RFC 4180 quoting, after a ' before a formula-like value: the person opens their export in a
// spreadsheet, and a note they or anyone typed ("=HYPERLINK(...)") must stay text.
std::string cell(std::string_view raw) {
  std::string s = valid_utf8(raw);
  if (formula_like(s)) s.insert(0, 1, '\'');
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

bool write_csv(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& /*error*/) {
  const bool several = view.sections.size() != 1;
  std::vector<std::string> columns;
  for (const auto& s : view.sections)
    for (const auto& item : s.items)
      for (const auto& f : item.fields)
        if (std::find(columns.begin(), columns.end(), f.name) == columns.end()) columns.push_back(f.name);
  ChunkedSink sink(target);
  std::string line;
  if (several) line = "section";
  for (const auto& c : columns) line += (line.empty() ? "" : ",") + cell(c);
  if (!sink.append(line + "\r\n")) return false;
  for (const auto& s : view.sections) {
    for (const auto& item : s.items) {
      std::map<std::string, std::string> values;
      for (const auto& f : item.fields) {
        auto& v = values[f.name];
        v += (v.empty() ? "" : "\n") + f.value;
      }
      line = several ? cell(s.name) : std::string();
      bool first = !several;
      for (const auto& c : columns) {
        if (!first) line += ",";
        first = false;
        auto it = values.find(c);
        if (it != values.end()) line += cell(it->second);
      }
      if (!sink.append(line + "\r\n")) return false;
    }
  }
  return sink.flush();
}

}  // namespace coffre::exporter
