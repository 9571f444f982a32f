// The French calendar of the call-hours rule (coffre/contact_rule.h): local time through ICU's
// time-zone data, public holidays by Code du travail art. L3133-1.
#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>

#include <memory>

#include "coffre/contact_rule.h"
#include "coffre/i18n.h"

namespace coffre {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher).
void easter(int y, int& month, int& day) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  month = (h + l - 7 * m + 114) / 31;
  day = (h + l - 7 * m + 114) % 31 + 1;
}

}  // namespace

bool is_french_public_holiday(int year, int month, int day) {
  static constexpr int kFixed[][2] = {{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}};
  for (const auto& f : kFixed)
    if (f[0] == month && f[1] == day) return true;
  int em = 0, ed = 0;
  easter(year, em, ed);
  const long e = days_from_civil(year, em, ed);
  const long today = days_from_civil(year, month, day);
  return today == e + 1 || today == e + 39 || today == e + 50;  // Easter Monday, Ascension, Whit Monday
}

Result<LocalTime> local_time(Time at, const std::string& zone) {
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
  if (!tz || *tz == icu::TimeZone::getUnknown())
    return make_error(ErrorKind::InvalidInput, trf("unknown time zone \"{}\"", {zone}));
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar cal(tz.release(), status);  // adopts the zone
  if (U_FAILURE(status)) return make_error(ErrorKind::Internal, std::string("ICU calendar: ") + u_errorName(status));
  cal.setTime(static_cast<UDate>(at) * 1000.0, status);
  LocalTime t;
  t.year = cal.get(UCAL_YEAR, status);
  t.month = cal.get(UCAL_MONTH, status) + 1;
  t.day = cal.get(UCAL_DATE, status);
  const int dow = cal.get(UCAL_DAY_OF_WEEK, status);  // 1 Sunday .. 7 Saturday
  t.weekday = dow == UCAL_SUNDAY ? 7 : dow - 1;
  t.hour = cal.get(UCAL_HOUR_OF_DAY, status);
  t.minute = cal.get(UCAL_MINUTE, status);
  if (U_FAILURE(status)) return make_error(ErrorKind::Internal, std::string("ICU calendar: ") + u_errorName(status));
  return t;
}

namespace {
Result<std::unique_ptr<icu::TimeZone>> zone_of(const std::string& zone) {
  std::unique_ptr<icu::TimeZone> tz(zone.empty() ? icu::TimeZone::detectHostTimeZone()
                                                 : icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
  if (!tz || *tz == icu::TimeZone::getUnknown())
    return make_error(ErrorKind::InvalidInput, trf("unknown time zone \"{}\"", {zone}));
  return tz;
}
}  // namespace

Result<Time> utc_of_local_wall(Time wall_as_utc, const std::string& zone) {
  COFFRE_ASSIGN_OR_RETURN(auto tz, zone_of(zone));
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  tz->getOffset(static_cast<UDate>(wall_as_utc) * 1000.0, /*local=*/true, raw, dst, status);
  if (U_FAILURE(status)) return make_error(ErrorKind::Internal, std::string("ICU time zone: ") + u_errorName(status));
  return wall_as_utc - (raw + dst) / 1000;
}

Result<std::string> resolve_time_zone(const std::string& zone) {
  COFFRE_ASSIGN_OR_RETURN(auto tz, zone_of(zone));
  icu::UnicodeString id;
  tz->getID(id);
  std::string out;
  id.toUTF8String(out);
  return out;
}

std::string consumer_time_zone(const std::vector<std::string>& phones) {
  static constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
      {"+262269", "Indian/Mayotte"}, {"+262639", "Indian/Mayotte"}, {"+262", "Indian/Reunion"},
      {"+590", "America/Guadeloupe"}, {"+594", "America/Cayenne"},  {"+596", "America/Martinique"},
      {"+508", "America/Miquelon"},   {"+687", "Pacific/Noumea"},   {"+689", "Pacific/Tahiti"},
  };
  for (const auto& p : phones)
    for (const auto& [prefix, zone] : kPrefixes)
      if (std::string_view(p).substr(0, prefix.size()) == prefix) return std::string(zone);
  return "Europe/Paris";
}

}  // namespace coffre
