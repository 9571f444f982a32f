// libFuzzer target for the access-request exporter's writers (plugins/export-access). Their input
// is the vault's data, which holds whatever an import or a user typed: any bytes, in any value,
// title or label. The input is cut at 0x00 bytes into strings that fill a SubjectView (sections of
// items of fields); both formats must then write without crashing, the JSON must parse back with
// every section and item, and the text must be valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "json_export.h"
#include "text_export.h"
#include "html_export.h"
#include "csv_export.h"
#include "vcard_export.h"

namespace {

class Collect final : public coffre::plugin::ExportTarget {
 public:
  bool write(std::string_view b) override {
    out.append(b);
    return true;
  }
  std::string out;
};

bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> parts(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) parts.emplace_back();
    else parts.back().push_back(static_cast<char>(data[i]));
  }
  std::size_t next = 0;
  auto take = [&]() -> std::string { return next < parts.size() ? parts[next++] : std::string(); };
  coffre::plugin::SubjectView view;
  view.subject = take();
  view.display_name = take();
  view.generated_at = take();
  view.generator = "fuzz";
  view.language = parts.size() % 2 ? "fr" : "en";
  // A part's first byte decides the shape: a new section, a new item, or a field of the last item.
  while (next < parts.size()) {
    std::string p = take();
    const unsigned char shape = p.empty() ? 0 : static_cast<unsigned char>(p[0]) % 4;
    if (view.sections.empty() || shape == 0) {
      view.sections.push_back({p, take(), take(), {}});
    } else if (view.sections.back().items.empty() || shape == 1) {
      view.sections.back().items.emplace_back();
    } else {
      view.sections.back().items.back().fields.push_back({p, take(), take()});
    }
  }

  Collect json;
  std::string error;
  if (!coffre::exporter::write_json(view, json, error)) std::abort();
  const auto doc = nlohmann::json::parse(json.out);  // throws (and so fails) on invalid JSON
  if (doc["sections"].size() != view.sections.size()) std::abort();
  for (std::size_t i = 0; i < view.sections.size(); ++i)
    if (doc["sections"][i]["items"].size() != view.sections[i].items.size()) std::abort();

  Collect text;
  if (!coffre::exporter::write_text(view, text, error)) std::abort();
  if (!valid_utf8(text.out)) std::abort();

  // The access pack's formats (issue 14): they write whatever the view holds, in valid UTF-8.
  for (auto* write : {&coffre::exporter::write_html, &coffre::exporter::write_csv, &coffre::exporter::write_vcard}) {
    Collect out;
    if (!(*write)(view, out, error)) std::abort();
    if (!valid_utf8(out.out)) std::abort();
  }
  return 0;
}
