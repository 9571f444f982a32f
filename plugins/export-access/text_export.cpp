#include "text_export.h"

#include <string_view>
#include <vector>

#include "sink.h"
#include "utf8.h"

namespace coffre::exporter {
namespace {

// Valid UTF-8 on one line: CR, LF and CRLF become a single space.
std::string one_line(std::string_view s) {
  std::string out = valid_utf8(s);
  std::string r;
  r.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\r' && i + 1 < out.size() && out[i + 1] == '\n') continue;
    r += (out[i] == '\r' || out[i] == '\n') ? ' ' : out[i];
  }
  return r;
}

// Valid UTF-8 split into lines at LF, CRLF or CR; trailing line breaks dropped.
std::vector<std::string> split_lines(std::string_view s) {
  const std::string v = valid_utf8(s);
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\r' || v[i] == '\n') {
      if (v[i] == '\r' && i + 1 < v.size() && v[i + 1] == '\n') ++i;
      lines.emplace_back();
    } else {
      lines.back() += v[i];
    }
  }
  while (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  return lines;
}

// `line` wrapped at spaces to lines of at most `width` code points; a word longer than that gets
// a line of its own, uncut.
void wrap_into(const std::string& line, std::size_t width, std::string& out) {
  std::string current;
  std::size_t current_width = 0;
  std::size_t pos = 0;
  while (pos <= line.size()) {
    std::size_t space = line.find(' ', pos);
    if (space == std::string::npos) space = line.size();
    const std::string_view word(line.data() + pos, space - pos);
    const std::size_t w = code_points(word);
    if (current_width > 0 && current_width + 1 + w > width) {
      out += current;
      out += '\n';
      current.clear();
      current_width = 0;
    }
    if (current_width > 0) {
      current += ' ';
      ++current_width;
    }
    current.append(word.data(), word.size());
    current_width += w;
    pos = space + 1;
  }
  out += current;
  out += '\n';
}

void heading(const std::string& title, char rule, std::string& out) {
  out += title;
  out += '\n';
  out.append(code_points(title), rule);
  out += '\n';
}

void field(const plugin::ExportField& f, std::string& out) {
  const std::string label = one_line(f.label.empty() ? f.name : f.label);
  const std::vector<std::string> lines = split_lines(f.value);
  out += "  ";
  out += label;
  out += ':';
  const std::string indent(2 + code_points(label) + 2, ' ');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) {
      out += '\n';
      if (!lines[i].empty()) out += indent;
    } else if (!lines[i].empty()) {
      out += ' ';
    }
    out += lines[i];
  }
  out += '\n';
}

// The report's own words, in the view's language (English unless it is one we know).
struct Words {
  const char* held_about;  // "Personal data held about"
  const char* subject;     // "subject"
  const char* generated;   // "Generated at"
  const char* by;
  const char* none;
  const char* no_fields;
};

const Words& words(const std::string& language) {
  static const Words en{"Personal data held about", "subject", "Generated at", "by", "(none)", "(no fields)"};
  static const Words fr{"Données personnelles détenues sur", "personne", "Établi le", "par", "(aucun)",
                        "(aucun champ)"};
  return language == "fr" ? fr : en;
}

std::string document_heading(const plugin::SubjectView& view, const Words& w) {
  const std::string name = one_line(view.display_name);
  const std::string subject = one_line(view.subject);
  if (name.empty()) return std::string(w.held_about) + " " + w.subject + " " + subject;
  if (subject.empty()) return std::string(w.held_about) + " " + name;
  return std::string(w.held_about) + " " + name + " (" + w.subject + " " + subject + ")";
}

}  // namespace

bool write_text(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& /*error*/) {
  ChunkedSink sink(target);
  std::string out;
  const Words& w = words(view.language);
  heading(document_heading(view, w), '=', out);
  out += std::string(w.generated) + " " + one_line(view.generated_at) + " " + w.by + " " + one_line(view.generator) + '\n';
  if (!sink.append(out)) return false;

  for (const auto& section : view.sections) {
    out.clear();
    out += '\n';
    heading(one_line(section.title.empty() ? section.name : section.title), '-', out);
    if (!section.description.empty()) {
      for (const auto& line : split_lines(section.description)) wrap_into(line, kWrapWidth, out);
    }
    if (section.items.empty()) {
      out += std::string("\n  ") + w.none + "\n";
      if (!sink.append(out)) return false;
      continue;
    }
    if (!sink.append(out)) return false;
    for (const auto& item : section.items) {
      out.assign(1, '\n');
      for (const auto& f : item.fields) field(f, out);
      if (item.fields.empty()) out += std::string("  ") + w.no_fields + "\n";
      if (!sink.append(out)) return false;
    }
  }
  return sink.flush();
}

}  // namespace coffre::exporter
