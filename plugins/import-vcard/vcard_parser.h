// vCard 2.1, 3.0 and 4.0 (RFC 2425/2426/6350 and the 2.1 spec of old phone exports), streamed
// line by line. Handles line folding (a line starting with a space or tab continues the previous
// one), 2.1 QUOTED-PRINTABLE with its soft line breaks ('=' at the end of a line), CHARSET
// parameters (ISO-8859-1, Windows-1252, UTF-8...), bare 2.1 parameters (TEL;CELL;VOICE:), quoted
// 4.0 parameter values and backslash escapes. Each card becomes one plugin::Record with canonical
// field names (first_name, last_name, email, phone, org, role, address, postcode, city, country,
// note, website, birthday); emails and phones carry a label ("work", "mobile", "home"...).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/plugin/importer.h"

namespace coffre::plugin::vcard {

struct Limits {
  std::size_t max_line_bytes = 1u << 20;  // one unfolded property (a PHOTO can be big; we skip it)
  std::size_t max_properties = 10000;     // per card
};

class Parser {
 public:
  using OnCard = std::function<bool(Record&&)>;
  explicit Parser(OnCard on_card, Limits limits = {}) : on_card_(std::move(on_card)), limits_(limits) {}

  // Feeds raw bytes of the file (any chunking). False on a malformed file (error()) or when
  // on_card asked to stop (stopped()).
  bool feed(std::string_view bytes);
  bool finish();
  const ImportError& error() const { return error_; }
  bool stopped() const { return stopped_; }
  std::uint64_t cards() const { return cards_; }

 private:
  bool physical_line(std::string line);
  bool logical_line(const std::string& line, std::uint64_t line_no);
  bool property(std::string_view name, const std::vector<std::pair<std::string, std::string>>& params,
                std::string value, std::uint64_t line_no);
  bool fail(std::string message, std::uint64_t line, std::uint64_t column = 0);

  OnCard on_card_;
  Limits limits_;
  std::string pending_;       // the raw bytes of the current physical line
  bool after_cr_ = false;     // pending_ ends with a CR whose line end is not known yet
  std::string logical_;       // the unfolded logical line being built
  std::uint64_t logical_line_no_ = 0;
  bool logical_qp_soft_ = false;  // the logical line is QUOTED-PRINTABLE and ended with '='
  std::uint64_t line_no_ = 0;
  bool in_card_ = false;
  Record card_;
  std::string fn_;            // FN, for cards without N
  std::uint64_t fn_line_ = 0;  // its line
  std::size_t props_ = 0;
  std::uint64_t cards_ = 0;
  bool failed_ = false, stopped_ = false;
  ImportError error_;
};

// Decodes QUOTED-PRINTABLE (soft line breaks already joined or present as "=\r\n"/"=\n").
std::string decode_quoted_printable(std::string_view in);

}  // namespace coffre::plugin::vcard
