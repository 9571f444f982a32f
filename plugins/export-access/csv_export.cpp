#include "csv_export.h"

#include <algorithm>
#include <map>
#include <vector>

#include "sink.h"
#include "utf8.h"

namespace coffre::exporter {
namespace {

std::string cell(std::string_view raw) {
  const std::string s = valid_utf8(raw);
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
