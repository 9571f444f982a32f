// A streaming RFC 4180 tokenizer: UTF-8 text goes in by chunks of any size, records come out.
// Quoted fields may hold delimiters, doubled quotes and newlines (CRLF, LF or CR). Memory is
// bounded by the limits: a field or a record past them is an error, so a 100 MB line without a
// newline, or a quote never closed, costs at most the limit, not the file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace coffre::plugin::csv {

struct Limits {
  std::size_t max_field_bytes = 1u << 20;   // 1 MiB: far above any real cell of a contact file
  std::size_t max_record_bytes = 8u << 20;  // 8 MiB
  std::size_t max_fields = 4096;
};

struct ParseError {
  std::string message;
  std::uint64_t line = 0, column = 0;  // 1-based; column counts characters
};

class Parser {
 public:
  // Called per record with its fields and the line it starts on. Return false to stop.
  using OnRecord = std::function<bool(std::vector<std::string>& fields, std::uint64_t line)>;
  Parser(char delimiter, OnRecord on_record, Limits limits = {})
      : delim_(delimiter), on_record_(std::move(on_record)), limits_(limits) {}

  // Feeds valid UTF-8 (the caller validates and converts). False on a malformed input (error()
  // says where) or when on_record asked to stop (stopped()).
  bool feed(std::string_view text);
  // End of input: flushes the last record; an unclosed quote is an error here.
  bool finish();
  // Binary junk, invalid UTF-8 or a conversion failure found by the caller, located at the
  // parser's current position.
  void fail_here(std::string message);

  const ParseError& error() const { return error_; }
  bool stopped() const { return stopped_; }
  std::uint64_t line() const { return line_; }
  std::uint64_t column() const { return col_; }

 private:
  enum class State { StartField, Unquoted, Quoted, QuoteInQuoted, AfterQuoted };
  bool end_field();
  bool end_record();
  bool fail(std::string message, std::uint64_t line, std::uint64_t col);
  bool append(char c);

  char delim_;
  OnRecord on_record_;
  Limits limits_;
  State state_ = State::StartField;
  std::string field_;
  std::vector<std::string> fields_;
  std::size_t record_bytes_ = 0;
  std::uint64_t line_ = 1, col_ = 0;  // position of the last character consumed
  std::uint64_t record_line_ = 1;
  std::uint64_t quote_line_ = 0, quote_col_ = 0;  // where the open quoted field began
  bool prev_cr_ = false;
  bool failed_ = false, stopped_ = false;
  ParseError error_;
};

// Guesses the delimiter among ';', ',' and tab from the first lines of `sample` (UTF-8): the one
// that splits the most lines into the same number (> 1) of fields, quotes respected. ',' if none.
char sniff_delimiter(std::string_view sample);

}  // namespace coffre::plugin::csv
