#include "json_export.h"

#include <nlohmann/json.hpp>

#include "coffre/plugin/i18n.h"
#include "sink.h"

namespace coffre::exporter {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;

Json item_object(const plugin::ExportItem& item) {
  Json obj = Json::object();
  for (const auto& f : item.fields) {
    auto it = obj.find(f.name);
    if (it == obj.end()) {
      obj[f.name] = f.value;
      continue;
    }
    if (!it->is_array()) {
      Json first = std::move(*it);
      *it = Json::array();
      it->push_back(std::move(first));
    }
    it->push_back(f.value);
  }
  return obj;
}

}  // namespace

bool write_json(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& error) {
  Json doc = Json::object();
  doc["format"] = "coffre-access-export";
  doc["format_version"] = kFormatVersion;
  doc["subject"] = view.subject;
  doc["display_name"] = view.display_name;
  doc["generated_at"] = view.generated_at;
  doc["generator"] = view.generator;
  doc["language"] = view.language;
  Json sections = Json::array();
  for (const auto& s : view.sections) {
    Json section = Json::object();
    section["name"] = s.name;
    section["title"] = s.title;
    section["description"] = s.description;
    Json items = Json::array();
    for (const auto& item : s.items) items.push_back(item_object(item));
    section["items"] = std::move(items);
    sections.push_back(std::move(section));
  }
  doc["sections"] = std::move(sections);

  std::string text;
  try {
    // ensure_ascii off: accents stay readable; replace: invalid UTF-8 becomes U+FFFD instead of
    // throwing type_error 316.
    text = doc.dump(2, ' ', false, Json::error_handler_t::replace);
  } catch (const nlohmann::json::exception& e) {
    error = coffre::plugin::trf("cannot encode the export as JSON: {}", {e.what()});
    return false;
  }
  text += '\n';
  ChunkedSink sink(target);
  return sink.append(text) && sink.flush();
}

}  // namespace coffre::exporter
