#include "coffre/clock.h"

#include <cstdio>
#include <ctime>

namespace coffre {

std::int64_t SystemClock::now() const { return static_cast<std::int64_t>(std::time(nullptr)); }
SystemClock& SystemClock::instance() {
  static SystemClock c;
  return c;
}

std::string format_utc(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool parse_utc(const std::string& text, std::int64_t& out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char sep = 0;
  int n = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return false;
  std::string rest = text.substr(10);
  if (!rest.empty()) {
    int m = 0;
    if (std::sscanf(rest.c_str(), "%c%2d:%2d%n", &sep, &h, &mi, &m) != 3 || (sep != 'T' && sep != ' ')) return false;
    rest = rest.substr(static_cast<std::size_t>(m));
    if (!rest.empty() && rest[0] == ':') {
      int k = 0;
      if (std::sscanf(rest.c_str(), ":%2d%n", &s, &k) != 1) return false;
      rest = rest.substr(static_cast<std::size_t>(k));
    }
    if (!rest.empty() && rest != "Z") return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  std::time_t t = timegm(&tm);
  std::tm check{};
  gmtime_r(&t, &check);
  if (check.tm_mday != d) return false;  // 31 February and the like
  out = static_cast<std::int64_t>(t);
  return true;
}

}  // namespace coffre
