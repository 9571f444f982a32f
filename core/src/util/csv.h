// Writing one CSV field for the files Coffre hands to a spreadsheet or a mailing tool (the campaign
// export, the opt-in campaign).
#pragma once

#include <string>
#include <string_view>

namespace coffre::util {

// RFC 4180 quoting. With `text`, a value starting with = + - @ is prefixed with ' so that a
// spreadsheet does not run it as a formula (OWASP, "CSV Injection"); addresses and phone numbers
// (+33...) are written with text = false and left as they are.
inline std::string csv_field(std::string_view v, bool text) {
  std::string s(v);
  if (text && !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s.insert(0, 1, '\'');
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace coffre::util
