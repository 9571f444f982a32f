// Charsets of the files people import: detection with uchardet, conversion to UTF-8 with iconv,
// and UTF-8 validation. Used by the importer plugins only (no core dependency).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace coffre::plugin::text {

// Detects the charset of `sample` (the first bytes of a file) and returns an iconv name.
// A BOM decides first (UTF-8, UTF-16LE/BE). Valid UTF-8 (including plain ASCII) is UTF-8.
// Otherwise uchardet decides, with one correction: uchardet names most Western single-byte text
// "ISO-8859-1", but files written on Windows and by spreadsheets are Windows-1252, a superset of
// every printable ISO-8859-1 character whose 0x80-0x9F range holds "€", "œ", "’", "…" where
// ISO-8859-1 has invisible C1 controls no real text contains; so ISO-8859-1 is read as
// WINDOWS-1252. ISO-8859-15 (which puts "€" at 0xA4) is kept when uchardet says so.
// `sample` may end in the middle of a character: that is tolerated.
std::string detect_charset(std::string_view sample);

// Length of a BOM at the start of `data` for `charset` (UTF-8: EF BB BF), else 0.
std::size_t bom_length(std::string_view data);

// Index of the first byte of `s` that is not part of a valid UTF-8 sequence, or npos. When
// `allow_truncated_tail` is set, an incomplete sequence at the very end is not an error (the
// caller holds it back until more data comes) and `tail` receives its length.
std::size_t invalid_utf8_at(std::string_view s, bool allow_truncated_tail = false, std::size_t* tail = nullptr);

bool is_utf8_name(std::string_view charset);

// Streaming conversion to UTF-8 through iconv. Input may be cut anywhere: an incomplete
// multi-byte character at the end of a chunk is kept for the next call.
class ToUtf8 {
 public:
  ToUtf8() = default;
  ~ToUtf8();
  ToUtf8(const ToUtf8&) = delete;
  ToUtf8& operator=(const ToUtf8&) = delete;
  // False with `error` set if iconv does not know `charset`.
  bool open(const std::string& charset, std::string& error);
  // Appends the UTF-8 of `in` to `out`. False with `error` (naming the offending byte and its
  // offset from the start of the stream) on a byte sequence invalid in the charset, or at the
  // end (`final`) of a stream that stops inside a character. `bad_offset` gets that offset.
  bool convert(std::string_view in, bool final, std::string& out, std::string& error, std::uint64_t& bad_offset);
  const std::string& charset() const { return charset_; }

 private:
  void* cd_ = nullptr;  // iconv_t
  std::string charset_;
  std::string carry_;
  std::uint64_t consumed_ = 0;  // input bytes converted so far
};

// Converts a whole (small) string, e.g. one vCard value with its CHARSET parameter.
bool convert_to_utf8(std::string_view in, const std::string& charset, std::string& out, std::string& error);

}  // namespace coffre::plugin::text
