#include "charset.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <cerrno>
#include <cstdio>
#include <memory>

#include "coffre/plugin/i18n.h"

namespace coffre::plugin::text {

namespace {
std::string upper(std::string_view s) {
  std::string u(s);
  for (auto& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return u;
}
std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}
}  // namespace

bool is_utf8_name(std::string_view charset) {
  auto u = upper(charset);
  return u == "UTF-8" || u == "UTF8" || u == "ASCII" || u == "US-ASCII";
}

std::size_t bom_length(std::string_view d) {
  if (d.size() >= 3 && static_cast<unsigned char>(d[0]) == 0xEF && static_cast<unsigned char>(d[1]) == 0xBB &&
      static_cast<unsigned char>(d[2]) == 0xBF)
    return 3;
  return 0;
}

std::size_t invalid_utf8_at(std::string_view s, bool allow_truncated_tail, std::size_t* tail) {
  if (tail) *tail = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte (no overlongs, surrogates)
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return i;
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= n) {
        if (allow_truncated_tail) {
          if (tail) *tail = n - i;
          return std::string_view::npos;
        }
        return i;
      }
      unsigned char b = p[i + k];
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string detect_charset(std::string_view sample) {
  if (bom_length(sample)) return "UTF-8";
  if (sample.size() >= 2) {
    auto b0 = static_cast<unsigned char>(sample[0]), b1 = static_cast<unsigned char>(sample[1]);
    if (b0 == 0xFF && b1 == 0xFE) return "UTF-16LE";
    if (b0 == 0xFE && b1 == 0xFF) return "UTF-16BE";
  }
  // NUL bytes without a UTF-16 BOM: binary data. Call it UTF-8 so the parser reports where.
  if (sample.find('\0') != std::string_view::npos) return "UTF-8";
  if (invalid_utf8_at(sample, true) == std::string_view::npos) return "UTF-8";
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> ud(uchardet_new(), uchardet_delete);
  std::string name;
  if (ud && uchardet_handle_data(ud.get(), sample.data(), sample.size()) == 0) {
    uchardet_data_end(ud.get());
    const char* c = uchardet_get_charset(ud.get());
    name = upper(c ? c : "");
  }
  // Not UTF-8 and uchardet has no opinion (or reads it as ASCII, which it cannot be): the
  // Western default of spreadsheets and of Windows in France.
  if (name.empty() || name == "ASCII" || name == "UTF-8") return "WINDOWS-1252";
  if (name == "ISO-8859-1") return "WINDOWS-1252";
  return name;
}

ToUtf8::~ToUtf8() {
  if (cd_) iconv_close(static_cast<iconv_t>(cd_));
}

bool ToUtf8::open(const std::string& charset, std::string& error) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    error = trf("unknown charset \"{}\"", {charset});
    return false;
  }
  cd_ = cd;
  charset_ = charset;
  return true;
}

bool ToUtf8::convert(std::string_view in, bool final, std::string& out, std::string& error, std::uint64_t& bad_offset) {
  std::string buf;
  std::string_view src = in;
  if (!carry_.empty()) {
    buf = carry_;
    buf.append(in);
    src = buf;
  }
  std::uint64_t base = consumed_ - carry_.size();
  carry_.clear();
  char* ip = const_cast<char*>(src.data());
  std::size_t il = src.size();
  char tmp[16384];
  while (il > 0) {
    char* op = tmp;
    std::size_t ol = sizeof tmp;
    std::size_t rc = iconv(static_cast<iconv_t>(cd_), &ip, &il, &op, &ol);
    out.append(tmp, static_cast<std::size_t>(op - tmp));
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    std::uint64_t at = base + static_cast<std::uint64_t>(ip - src.data());
    if (errno == EINVAL && !final) {  // a character cut by the chunk boundary
      carry_.assign(ip, il);
      consumed_ = base + src.size();
      return true;
    }
    bad_offset = at;
    error = errno == EINVAL ? trf("the file ends inside a {} character", {charset_})
                            : trf("byte {0} at offset {1} is not valid {2}",
                                  {hex_byte(static_cast<unsigned char>(*ip)), std::to_string(at), charset_});
    return false;
  }
  consumed_ = base + src.size();
  return true;
}

bool convert_to_utf8(std::string_view in, const std::string& charset, std::string& out, std::string& error) {
  ToUtf8 c;
  if (!c.open(charset, error)) return false;
  std::uint64_t at = 0;
  return c.convert(in, true, out, error, at);
}

}  // namespace coffre::plugin::text
