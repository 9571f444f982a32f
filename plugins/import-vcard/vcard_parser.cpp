#include "vcard_parser.h"

#include "charset.h"
#include "coffre/plugin/i18n.h"

namespace coffre::plugin::vcard {

namespace {
using Params = std::vector<std::pair<std::string, std::string>>;

std::string upper(std::string_view s) {
  std::string u(s);
  for (auto& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return u;
}
std::string lower(std::string_view s) {
  std::string u(s);
  for (auto& c : u)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return u;
}
std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Splits a structured value (N, ADR, ORG) on unescaped ';' and undoes the backslash escapes.
// A text property's value (NOTE, FN, TITLE): escapes undone, a bare ';' kept as written (vCard
// 2.1 exporters do not escape it; Gammu writes "le matin; a un devis" in a NOTE).
std::string unescape_text(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char n = v[++i];
      out += (n == 'n' || n == 'N') ? '\n' : n;
    } else {
      out += v[i];
    }
  }
  return trim(out);
}

std::vector<std::string> split_components(std::string_view v) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '\\' && i + 1 < v.size()) {
      char n = v[++i];
      out.back() += (n == 'n' || n == 'N') ? '\n' : n;
    } else if (c == ';') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  for (auto& s : out) s = trim(s);
  return out;
}

// The types of a property: TYPE=a,b (3.0/4.0, maybe quoted), TYPE repeated, and 2.1's bare
// parameters (TEL;CELL;VOICE:). Lower case.
std::vector<std::string> types_of(const Params& params) {
  std::vector<std::string> types;
  for (const auto& [k, v] : params) {
    if (k == "TYPE") {
      std::size_t start = 0;
      while (start <= v.size()) {
        std::size_t comma = v.find(',', start);
        auto t = lower(trim(std::string_view(v).substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (!t.empty()) types.push_back(t);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (v.empty() && k != "QUOTED-PRINTABLE" && k != "BASE64" && k.find('=') == std::string::npos) {
      types.push_back(lower(k));
    }
  }
  return types;
}

bool has(const std::vector<std::string>& v, std::string_view s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

std::string phone_label(const std::vector<std::string>& t) {
  if (has(t, "cell") || has(t, "mobile") || has(t, "iphone")) return "mobile";
  if (has(t, "fax")) return has(t, "home") ? "home fax" : "fax";
  if (has(t, "work")) return "work";
  if (has(t, "home")) return "home";
  if (has(t, "pager")) return "pager";
  for (const auto& x : t)
    if (x != "voice" && x != "pref" && x != "msg" && x != "text" && x.rfind("x-", 0) != 0) return x;
  return {};
}

std::string email_label(const std::vector<std::string>& t) {
  for (const auto& x : t)
    if (x != "internet" && x != "pref" && x != "x400" && x.rfind("x-", 0) != 0) return x;
  return {};
}
}  // namespace

std::string decode_quoted_printable(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out += in[i];
      continue;
    }
    if (i + 1 < in.size() && (in[i + 1] == '\n' || in[i + 1] == '\r')) {  // soft line break
      ++i;
      if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n') ++i;
      continue;
    }
    int h = i + 2 < in.size() ? hex_value(in[i + 1]) : -1, l = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
    if (h < 0 || l < 0) {
      out += '=';  // not an escape: kept as written (lenient, as phones produce)
      continue;
    }
    out += static_cast<char>(h * 16 + l);
    i += 2;
  }
  return out;
}

bool Parser::fail(std::string message, std::uint64_t line, std::uint64_t column) {
  failed_ = true;
  error_ = {std::move(message), line, column, {}};
  return false;
}

bool Parser::feed(std::string_view bytes) {
  if (failed_ || stopped_) return false;
  // Lines end with LF, CR LF, CR CR LF (a CR LF file written again in text mode on Windows) or a
  // lone CR (old Macs). A CR is kept at the end of the pending line until the next byte says which.
  std::size_t start = 0;
  while (start < bytes.size()) {
    if (after_cr_) {
      after_cr_ = false;
      if (bytes[start] != '\n' && bytes[start] != '\r') {  // the CR alone ended the line
        std::string line = std::move(pending_);
        pending_.clear();
        if (!physical_line(std::move(line))) return false;
        continue;
      }
    }
    std::size_t end = bytes.find_first_of("\r\n", start);
    std::string_view part = bytes.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (pending_.size() + part.size() > limits_.max_line_bytes)
      return fail(trf("a line is longer than {} KiB", {std::to_string(limits_.max_line_bytes >> 10)}), line_no_ + 1);
    pending_.append(part);
    if (end == std::string_view::npos) break;
    start = end + 1;
    if (bytes[end] == '\r') {
      pending_ += '\r';
      after_cr_ = true;
      continue;
    }
    std::string line = std::move(pending_);
    pending_.clear();
    if (!physical_line(std::move(line))) return false;
  }
  return true;
}

bool Parser::physical_line(std::string line) {
  ++line_no_;
  while (!line.empty() && line.back() == '\r') line.pop_back();
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 && c != '\t')
      return fail(trf("binary data (byte {}): this is not a vCard file", {std::to_string(c)}), line_no_, i + 1);
  }
  bool continuation = !line.empty() && (line[0] == ' ' || line[0] == '\t') && !logical_.empty();
  if (logical_qp_soft_) {
    logical_.pop_back();  // the '=' of a QUOTED-PRINTABLE soft line break
    logical_ += line;
  } else if (continuation) {
    logical_.append(line, 1, std::string::npos);
  } else {
    if (!logical_.empty() && !logical_line(logical_, logical_line_no_)) return false;
    logical_ = std::move(line);
    logical_line_no_ = line_no_;
  }
  if (logical_.size() > limits_.max_line_bytes)
    return fail(trf("a property is longer than {} KiB", {std::to_string(limits_.max_line_bytes >> 10)}), logical_line_no_);
  std::size_t colon = logical_.find(':');
  logical_qp_soft_ = colon != std::string::npos && !logical_.empty() && logical_.back() == '=' &&
                     upper(std::string_view(logical_).substr(0, colon)).find("QUOTED-PRINTABLE") != std::string::npos;
  return true;
}

bool Parser::finish() {
  if (failed_ || stopped_) return false;
  if (!pending_.empty()) {
    std::string line = std::move(pending_);
    pending_.clear();
    if (!physical_line(std::move(line))) return false;
  }
  if (!logical_.empty() && !logical_line(logical_, logical_line_no_)) return false;
  logical_.clear();
  if (in_card_) return fail(tr("the card that begins here has no END:VCARD"), card_.line);
  if (cards_ == 0) return fail(tr("no vCard in this file (no BEGIN:VCARD line)"), 0);
  return true;
}

bool Parser::logical_line(const std::string& line, std::uint64_t line_no) {
  // NAME;PARAM=VALUE;BARE:VALUE, with ':' and ';' allowed inside a quoted parameter value.
  std::size_t i = 0;
  bool quoted = false;
  std::vector<std::string> parts(1);
  for (; i < line.size(); ++i) {
    char c = line[i];
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == ':') break;
    else if (!quoted && c == ';') parts.emplace_back();
    else parts.back() += c;
  }
  if (i >= line.size()) return true;  // not a property (stray base64 of a 2.1 PHOTO, junk): skipped
  std::string name = upper(trim(parts[0]));
  if (auto dot = name.rfind('.'); dot != std::string::npos) name.erase(0, dot + 1);  // "item1.EMAIL"
  Params params;
  for (std::size_t k = 1; k < parts.size(); ++k) {
    auto eq = parts[k].find('=');
    if (eq == std::string::npos) params.emplace_back(upper(trim(parts[k])), "");
    else params.emplace_back(upper(trim(parts[k].substr(0, eq))), trim(parts[k].substr(eq + 1)));
  }
  std::string value = line.substr(i + 1);
  if (name == "BEGIN" && upper(trim(value)) == "VCARD") {
    if (in_card_)
      return fail(trf("BEGIN:VCARD inside the card that began at line {} (missing END:VCARD)",
                      {std::to_string(card_.line)}),
                  line_no);
    in_card_ = true;
    card_ = Record{};
    card_.line = line_no;
    fn_.clear();
    props_ = 0;
    return true;
  }
  if (name == "END" && upper(trim(value)) == "VCARD") {
    if (!in_card_) return fail("END:VCARD without BEGIN:VCARD", line_no);
    in_card_ = false;
    bool has_name = false;
    for (const auto& f : card_.fields) has_name |= f.name == "first_name" || f.name == "last_name";
    if (!has_name && !fn_.empty()) {  // no N: split FN, the last word being the family name
      card_.fields.push_back({std::string(kLineField), std::to_string(fn_line_), "FN"});
      auto sp = fn_.rfind(' ');
      if (sp == std::string::npos) card_.fields.push_back({"last_name", fn_, {}});
      else {
        card_.fields.push_back({"first_name", trim(fn_.substr(0, sp)), {}});
        card_.fields.push_back({"last_name", trim(fn_.substr(sp + 1)), {}});
      }
    }
    ++cards_;
    if (!on_card_(std::move(card_))) {
      stopped_ = true;
      return false;
    }
    return true;
  }
  if (!in_card_) return true;  // anything between cards is ignored
  if (++props_ > limits_.max_properties)
    return fail(trf("a card has more than {} properties", {std::to_string(limits_.max_properties)}), card_.line);
  return property(name, params, std::move(value), line_no);
}

bool Parser::property(std::string_view name, const Params& params, std::string value, std::uint64_t line_no) {
  static const std::vector<std::string_view> kKnown = {"N", "FN", "EMAIL", "TEL", "ORG", "TITLE", "ROLE",
                                                       "ADR", "NOTE", "URL", "BDAY"};
  bool known = false;
  for (auto k : kKnown) known |= k == name;
  if (!known) return true;  // PHOTO, X-..., VERSION, UID...: not contact data we keep
  std::string charset;
  bool qp = false;
  for (const auto& [k, v] : params) {
    if (k == "CHARSET") charset = v;
    if ((k == "ENCODING" && (upper(v) == "QUOTED-PRINTABLE")) || k == "QUOTED-PRINTABLE") qp = true;
    if ((k == "ENCODING" && (upper(v) == "B" || upper(v) == "BASE64")) || k == "BASE64") return true;
  }
  // The fields (and warnings) of this property are named by its own line, not the card's BEGIN.
  card_.fields.push_back({std::string(kLineField), std::to_string(line_no), std::string(name)});
  if (qp) value = decode_quoted_printable(value);
  // Old phones often omit CHARSET for Latin text: bytes that are not UTF-8 are read as Windows-1252.
  if (charset.empty() && text::invalid_utf8_at(value) != std::string_view::npos) charset = "WINDOWS-1252";
  if (!charset.empty() && !text::is_utf8_name(charset)) {
    std::string converted, err;
    if (!text::convert_to_utf8(value, charset, converted, err)) {
      // One bad value (a broken QUOTED-PRINTABLE byte) costs only that value: the card is kept.
      const char* dropped = N_("{0} at line {1}: {2}: the value was not imported");
      const std::string at = std::to_string(line_no);
      card_.fields.push_back({std::string(kWarningField), english(dropped, {name, at, err}), std::string(name)});
      card_.fields.push_back({std::string(kSaidField), trf(dropped, {name, at, err}), {}});
      return true;
    }
    value = std::move(converted);
  }
  if (auto bad = text::invalid_utf8_at(value); bad != std::string_view::npos) {
    const char* invalid = N_("{0} at line {1}: invalid UTF-8 (set CHARSET or use --charset): the value was not imported");
    const std::string at = std::to_string(line_no);
    card_.fields.push_back({std::string(kWarningField), english(invalid, {name, at}), std::string(name)});
    card_.fields.push_back({std::string(kSaidField), trf(invalid, {name, at}), {}});
    return true;
  }
  auto types = types_of(params);
  auto add = [&](std::string field, std::string v, std::string label = {}) {
    v = trim(v);
    if (!v.empty()) card_.fields.push_back({std::move(field), std::move(v), std::move(label)});
  };
  auto comps = split_components(value);
  auto comp = [&](std::size_t i) { return i < comps.size() ? comps[i] : std::string(); };
  if (name == "N") {
    add("last_name", comp(0));
    add("first_name", comp(1));
  } else if (name == "FN") {
    fn_ = unescape_text(value);
    fn_line_ = line_no;
  } else if (name == "EMAIL") {
    add("email", comp(0), email_label(types));
  } else if (name == "TEL") {
    std::string v = unescape_text(value);
    if (upper(v.substr(0, 4)) == "TEL:") {  // 4.0 VALUE=uri (RFC 3966): tel:+33-4-72-00-00-00;ext=123
      std::string uri = v.substr(4), ext;
      const auto semi = uri.find(';');
      for (std::size_t at = semi; at != std::string::npos;) {
        const auto next = uri.find(';', at + 1);
        const std::string param = uri.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
        if (upper(param.substr(0, 4)) == "EXT=") ext = param.substr(4);
        at = next;
      }
      v = uri.substr(0, semi) + (ext.empty() ? "" : " ext. " + ext);
    }
    add("phone", v, phone_label(types));
  } else if (name == "ORG") {
    // A contact has one organisation: the card's first ORG, as for TITLE and ADR. A later one is
    // reported, not silently put in its place.
    for (const auto& f : card_.fields)
      if (f.name == "org") {
        if (!comp(0).empty())
        if (!comp(0).empty()) {
          const char* second = N_("ORG at line {0}: \"{1}\" is the card's second organisation; a contact has one "
                                  "(\"{2}\", the first): not imported");
          // Copied first: the push_backs below may move the field `f` refers to.
          const std::string at = std::to_string(line_no), org = comp(0), first = f.value;
          card_.fields.push_back({std::string(kWarningField), english(second, {at, org, first}), "ORG"});
          card_.fields.push_back({std::string(kSaidField), trf(second, {at, org, first}), {}});
        }
        return true;
      }
    add("org", comp(0));
  } else if (name == "TITLE" || name == "ROLE") {
    for (const auto& f : card_.fields)
      if (f.name == "role") return true;  // TITLE and ROLE both: the first one wins
    add("role", unescape_text(value));
  } else if (name == "ADR") {
    for (const auto& f : card_.fields)
      if (f.name == "address" || f.name == "city" || f.name == "postcode") return true;  // the first ADR only
    std::string street;
    for (std::size_t k : {2u, 1u, 0u}) {
      auto c = comp(k);
      if (!c.empty()) street += (street.empty() ? "" : ", ") + c;
    }
    for (auto& ch : street)
      if (ch == '\n') ch = ' ';
    add("address", street);
    add("city", comp(3));
    add("region", comp(4));
    add("postcode", comp(5));
    add("country", comp(6));
  } else if (name == "NOTE") {
    add("note", unescape_text(value));
  } else if (name == "URL") {
    add("website", unescape_text(value));  // "https\://..." as 3.0 writers escape it
  } else if (name == "BDAY") {
    add("birthday", value);
  }
  return true;
}

}  // namespace coffre::plugin::vcard
