#include "html_export.h"

#include <string_view>

#include "sink.h"
#include "utf8.h"

namespace coffre::exporter {
namespace {

std::string escape(std::string_view raw, bool breaks = true) {
  const std::string s = valid_utf8(raw);
  std::string out;
  out.reserve(s.size() + 16);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        out += breaks ? "<br>\n" : " ";
        break;
      case '\n': out += breaks ? "<br>\n" : " "; break;
      default: out += c;
    }
  }
  return out;
}

// A relative link stays inside the pack: no scheme, no absolute path, no "..".
bool safe_relative(std::string_view p) {
  if (p.empty() || p.front() == '/' || p.find(':') != std::string_view::npos || p.find("..") != std::string_view::npos)
    return false;
  return true;
}

struct Words {
  const char* title;
  const char* generated;
  const char* contents;
  const char* none;
};

constexpr Words kFr = {"Vos données personnelles", "Document établi le", "Sommaire", "Aucun élément."};
constexpr Words kEn = {"Your personal data", "Generated on", "Contents", "No item."};

constexpr const char* kStyle = R"CSS(
body{font-family:"DejaVu Sans",Arial,sans-serif;line-height:1.45;max-width:52em;margin:2em auto;padding:0 1em;color:#111}
header{border-bottom:2px solid #333;margin-bottom:1.5em}
h1{font-size:1.6em;margin-bottom:.2em}
h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #999}
p.description{color:#333;font-style:italic}
table.item{border-collapse:collapse;width:100%;margin:.8em 0;page-break-inside:avoid;break-inside:avoid}
table.item th,table.item td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}
table.item th{width:32%;background:#f3f3f3;font-weight:normal}
p.none{color:#555}
nav ol{columns:2}
@media print{nav{display:none}body{margin:0;max-width:none}a{color:#000}}
)CSS";

}  // namespace

bool write_html(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& /*error*/) {
  const Words& w = view.language == "fr" ? kFr : kEn;
  ChunkedSink sink(target);
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"" + escape(view.language == "fr" ? "fr" : "en", false) + "\">\n<head>\n";
  out += "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + std::string(w.title) + " – " + escape(view.display_name, false) + "</title>\n";
  out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<header>\n";
  out += "<h1>" + std::string(w.title) + "</h1>\n";
  out += "<p class=\"person\">" + escape(view.display_name) + "</p>\n";
  out += "<p class=\"generated\">" + std::string(w.generated) + " " + escape(view.generated_at) + " (" +
         escape(view.generator) + ")</p>\n</header>\n";
  out += "<nav>\n<h2>" + std::string(w.contents) + "</h2>\n<ol>\n";
  for (const auto& s : view.sections)
    out += "<li><a href=\"#" + escape(s.name, false) + "\">" + escape(s.title, false) + "</a></li>\n";
  out += "</ol>\n</nav>\n";
  if (!sink.append(out)) return false;
  for (const auto& s : view.sections) {
    out = "<section id=\"" + escape(s.name, false) + "\">\n<h2>" + escape(s.title, false) + "</h2>\n";
    if (!s.description.empty()) out += "<p class=\"description\">" + escape(s.description) + "</p>\n";
    if (s.items.empty()) out += "<p class=\"none\">" + std::string(w.none) + "</p>\n";
    for (const auto& item : s.items) {
      out += "<table class=\"item\">\n";
      for (const auto& f : item.fields) {
        out += "<tr><th>" + escape(f.label.empty() ? f.name : f.label, false) + "</th><td>";
        if (f.name == "file" && safe_relative(f.value))
          out += "<a href=\"" + escape(f.value, false) + "\">" + escape(f.value, false) + "</a>";
        else
          out += escape(f.value);
        out += "</td></tr>\n";
      }
      out += "</table>\n";
    }
    out += "</section>\n";
    if (!sink.append(out)) return false;
  }
  return sink.append("</body>\n</html>\n") && sink.flush();
}

}  // namespace coffre::exporter
