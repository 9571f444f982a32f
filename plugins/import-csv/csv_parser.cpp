#include "csv_parser.h"

#include <array>
#include <map>

#include "coffre/plugin/i18n.h"

namespace coffre::plugin::csv {

bool Parser::fail(std::string message, std::uint64_t line, std::uint64_t col) {
  failed_ = true;
  error_ = {std::move(message), line, col};
  return false;
}

void Parser::fail_here(std::string message) { fail(std::move(message), line_, col_ + 1); }

bool Parser::append(char c) {
  if (field_.size() >= limits_.max_field_bytes) {
    const std::string kib = std::to_string(limits_.max_field_bytes >> 10);
    if (state_ == State::Quoted)
      return fail(trf("a field is longer than {0} KiB (a quote opened at line {1}, column {2} may never be closed)",
                      {kib, std::to_string(quote_line_), std::to_string(quote_col_)}),
                  quote_line_, quote_col_);
    return fail(trf("a field is longer than {} KiB: this is not a contact file (or a line has no end)", {kib}), line_,
                col_);
  }
  if (record_bytes_ >= limits_.max_record_bytes)
    return fail(trf("a record is longer than {} MiB", {std::to_string(limits_.max_record_bytes >> 20)}), record_line_, 1);
  field_.push_back(c);
  ++record_bytes_;
  return true;
}

bool Parser::end_field() {
  if (fields_.size() >= limits_.max_fields)
    return fail(trf("a record has more than {} fields", {std::to_string(limits_.max_fields)}), line_, col_);
  fields_.push_back(std::move(field_));
  field_.clear();
  state_ = State::StartField;
  return true;
}

bool Parser::end_record() {
  if (!end_field()) return false;
  bool blank = fields_.size() == 1 && fields_[0].empty();
  if (!blank && !on_record_(fields_, record_line_)) {
    stopped_ = true;
    return false;
  }
  fields_.clear();
  record_bytes_ = 0;
  return true;
}

bool Parser::feed(std::string_view text) {
  if (failed_ || stopped_) return false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    // Line and column of this character; a CR LF pair is one line end.
    bool lf_after_cr = c == '\n' && prev_cr_;
    prev_cr_ = c == '\r';
    if ((u & 0xC0) != 0x80 && !lf_after_cr) ++col_;
    if (state_ == State::StartField) record_line_ = fields_.empty() ? line_ : record_line_;
    bool newline = c == '\n' || c == '\r';
    switch (state_) {
      case State::StartField:
        if (c == '"') {
          state_ = State::Quoted;
          quote_line_ = line_;
          quote_col_ = col_;
        } else if (c == delim_) {
          if (!end_field()) return false;
        } else if (newline) {
          if (!lf_after_cr && !end_record()) return false;
        } else {
          state_ = State::Unquoted;
          if (!append(c)) return false;
        }
        break;
      case State::Unquoted:
        if (c == delim_) {
          if (!end_field()) return false;
        } else if (newline) {
          if (!end_record()) return false;
        } else if (!append(c)) {
          return false;
        }
        break;
      case State::Quoted:
        if (c == '"') state_ = State::QuoteInQuoted;
        else if (c == '\n' && lf_after_cr) {
          field_.back() = '\n';  // CR LF inside a quoted field is kept as one LF
        } else if (!append(c == '\r' ? '\n' : c)) {
          return false;
        }
        break;
      case State::QuoteInQuoted:
        if (c == '"') {  // a doubled quote stands for one
          state_ = State::Quoted;
          if (!append('"')) return false;
        } else if (c == delim_) {
          if (!end_field()) return false;
        } else if (newline) {
          if (!end_record()) return false;
        } else if (c == ' ' || c == '\t') {
          state_ = State::AfterQuoted;  // spaces between the closing quote and the delimiter
        } else {
          return fail(trf("unexpected character '{}' after the closing quote of a field", {std::string(1, c)}), line_, col_);
        }
        break;
      case State::AfterQuoted:
        if (c == delim_) {
          if (!end_field()) return false;
        } else if (newline) {
          if (!end_record()) return false;
        } else if (c != ' ' && c != '\t') {
          return fail(trf("unexpected character '{}' after the closing quote of a field", {std::string(1, c)}), line_, col_);
        }
        break;
    }
    if (newline && !lf_after_cr) {
      ++line_;
      col_ = 0;
    } else if (lf_after_cr) {
      col_ = 0;
    }
  }
  return true;
}

bool Parser::finish() {
  if (failed_ || stopped_) return false;
  if (state_ == State::Quoted)
    return fail(tr("unclosed quote: the quoted field opened here never ends"), quote_line_, quote_col_);
  if (state_ == State::StartField && fields_.empty()) return true;  // the file ended with a newline
  return end_record();
}

char sniff_delimiter(std::string_view sample) {
  const std::array<char, 3> candidates = {';', ',', '\t'};
  char best = ',';
  std::size_t best_score = 0, best_fields = 0;
  for (char d : candidates) {
    std::map<std::size_t, std::size_t> lines_per_count;
    std::size_t count = 0, lines = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < sample.size() && lines < 50; ++i) {
      char c = sample[i];
      if (c == '"') quoted = !quoted;
      else if (!quoted && c == d) ++count;
      else if (!quoted && c == '\n') {
        ++lines_per_count[count];
        count = 0;
        ++lines;
      }
    }
    if (lines == 0 && count > 0) ++lines_per_count[count];  // one line without an end
    std::size_t score = 0, fields = 0;
    for (auto [n, times] : lines_per_count)
      if (n > 0 && (times > score || (times == score && n > fields))) score = times, fields = n;
    if (score > best_score || (score == best_score && score > 0 && fields > best_fields)) {
      best = d;
      best_score = score;
      best_fields = fields;
    }
  }
  return best;
}

}  // namespace coffre::plugin::csv
