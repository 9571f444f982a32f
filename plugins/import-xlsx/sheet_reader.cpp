#include "sheet_reader.h"
#include "coffre/plugin/i18n.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace coffre::plugin::xlsx {

namespace {
constexpr std::size_t kMaxCell = 1u << 20;  // Excel itself stops at 32,767 characters
}

std::string number_text(const std::string& v) {
  if (v.find_first_of("eE") == std::string::npos) return v;
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || !std::isfinite(d)) return v;
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  return v;
}

void SheetReader::error_at(std::string message) {
  stop = true;
  stop_error = col_ ? trf("row {0}, column {1}: {2}", {std::to_string(row_), column_letters(col_), message})
                    : trf("row {0}: {1}", {std::to_string(row_), message});
}

void SheetReader::start(std::string_view name, const char** a) {
  if (name == "row") {
    in_row_ = true;
    const char* r = attr(a, "r");
    row_ = r ? std::strtoull(r, nullptr, 10) : row_ + 1;
    next_col_ = 1;
    cells_.clear();
  } else if (name == "c" && in_row_) {
    in_cell_ = true;
    const char* r = attr(a, "r");
    col_ = r ? column_of(r) : next_col_;
    if (col_ == 0) return error_at(trf("bad cell reference \"{}\"", {r ? r : ""}));
    next_col_ = col_ + 1;
    const char* t = attr(a, "t");
    type_ = t ? t : "n";
    const char* s = attr(a, "s");
    style_ = s ? std::atoi(s) : -1;
    text_.clear();
  } else if (in_cell_ && name == "v") {
    in_v_ = type_ != "inlineStr";  // an inline string's value is its <is>; a stray <v> is not added to it
  } else if (in_cell_ && name == "is") {
    in_is_ = true;
  } else if (in_is_ && name == "rPh") {
    ++in_phonetic_;
  } else if (in_is_ && name == "t") {
    in_t_ = true;
  }
}

void SheetReader::text(std::string_view s) {
  if (!(in_v_ || (in_t_ && !in_phonetic_))) return;
  if (text_.size() + s.size() > kMaxCell) return error_at(tr("a cell is longer than 1 MiB"));
  text_.append(s);
}

void SheetReader::end(std::string_view name) {
  if (name == "v") in_v_ = false;
  else if (name == "t") in_t_ = false;
  else if (name == "rPh") --in_phonetic_;
  else if (name == "is") in_is_ = false;
  else if (name == "c" && in_cell_) end_cell();
  else if (name == "row" && in_row_) end_row();
}

void SheetReader::end_cell() {
  in_cell_ = false;
  std::string value;
  if (type_ == "s") {
    char* end = nullptr;
    unsigned long long i = std::strtoull(text_.c_str(), &end, 10);
    if (text_.empty()) {
      value.clear();  // <c t="s"><v/></c>: an empty cell, as some writers put it
    } else if (*end != '\0' || i >= wb_.shared_strings.size()) {
      return error_at(trf("shared string index \"{}\" does not exist", {text_}));
    } else {
      value = wb_.shared_strings[i];
    }
  } else if (type_ == "b") {
    value = text_ == "1" ? "TRUE" : text_ == "0" ? "FALSE" : text_;
  } else if (type_ == "n") {
    NumKind kind = style_ >= 0 && static_cast<std::size_t>(style_) < wb_.style_kinds.size()
                       ? wb_.style_kinds[static_cast<std::size_t>(style_)]
                       : NumKind::Number;
    char* end = nullptr;
    double d = std::strtod(text_.c_str(), &end);
    bool numeric = !text_.empty() && *end == '\0';
    if (kind != NumKind::Number && numeric) value = format_serial(d, kind, wb_.date1904);
    if (value.empty()) value = number_text(text_);
  } else if (type_ == "inlineStr" || type_ == "str") {
    value = decode_ooxml_escapes(text_);
  } else {  // e (an error such as #N/A), d (an ISO date)
    value = text_;
  }
  if (!value.empty()) cells_.emplace_back(col_, std::move(value));
}

void SheetReader::end_row() {
  in_row_ = false;
  col_ = 0;
  if (cells_.empty()) return;
  std::stable_sort(cells_.begin(), cells_.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  if (header_.empty()) {
    for (auto& [c, v] : cells_) header_[c] = std::move(v);
    return;
  }
  Record r;
  r.line = row_;
  std::size_t k = 0;
  // Every header column, in order (empty when the row has no value there), then the cells under
  // no header.
  for (const auto& [c, name] : header_) {
    while (k < cells_.size() && cells_[k].first < c) ++k;
    if (k < cells_.size() && cells_[k].first == c) r.fields.push_back({name, std::move(cells_[k].second), {}});
    else r.fields.push_back({name, {}, {}});
  }
  for (auto& [c, v] : cells_)
    if (!header_.count(c)) r.fields.push_back({"column " + column_letters(c), std::move(v), {}});
  ++rows_;
  if (zip_ && rows_ % 1000 == 0) sink_.progress(zip_->inflated() - progress_start_, progress_total_);
  if (!sink_.record(std::move(r))) {
    sink_stopped_ = true;
    stop = true;
  }
}

}  // namespace coffre::plugin::xlsx
