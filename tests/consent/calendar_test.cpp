// The French calendar of the call-hours rule: L3133-1 holidays, Easter by the computus checked
// against known dates, local time through ICU, zones from overseas prefixes.
#include <gtest/gtest.h>

#include "coffre/contact_rule.h"

namespace coffre {
namespace {

TEST(FrenchCalendar, PublicHolidaysOfL3133_1IncludingTheEasterBasedOnes) {
  // Easter Sundays: 2024-03-31, 2025-04-20, 2026-04-05, 2027-03-28, 2038-04-25.
  struct D { int y, m, d; };
  for (auto d : {D{2024, 4, 1}, D{2025, 4, 21}, D{2026, 4, 6}, D{2027, 3, 29}, D{2038, 4, 26}})
    EXPECT_TRUE(is_french_public_holiday(d.y, d.m, d.d)) << "Easter Monday " << d.y;
  for (auto d : {D{2025, 5, 29}, D{2026, 5, 14}, D{2027, 5, 6}})
    EXPECT_TRUE(is_french_public_holiday(d.y, d.m, d.d)) << "Ascension " << d.y;
  for (auto d : {D{2025, 6, 9}, D{2026, 5, 25}, D{2027, 5, 17}})
    EXPECT_TRUE(is_french_public_holiday(d.y, d.m, d.d)) << "Whit Monday " << d.y;
  for (auto md : {D{0, 1, 1}, D{0, 5, 1}, D{0, 5, 8}, D{0, 7, 14}, D{0, 8, 15}, D{0, 11, 1}, D{0, 11, 11}, D{0, 12, 25}})
    EXPECT_TRUE(is_french_public_holiday(2026, md.m, md.d)) << md.m << "-" << md.d;
  for (auto d : {D{2026, 4, 5}, D{2026, 4, 3}, D{2026, 12, 26}, D{2026, 11, 25}, D{2026, 5, 15}})
    EXPECT_FALSE(is_french_public_holiday(d.y, d.m, d.d)) << d.y << "-" << d.m << "-" << d.d;
}

TEST(FrenchCalendar, LocalTimeFollowsTheZoneAndSummerTime) {
  auto winter = local_time(1795600800, "Europe/Paris");  // 2026-11-25 10:00Z
  ASSERT_TRUE(winter.ok());
  EXPECT_EQ(winter->hour, 11);
  EXPECT_EQ(winter->weekday, 3);
  auto summer = local_time(1780477200, "Europe/Paris");  // 2026-06-03 09:00Z
  ASSERT_TRUE(summer.ok());
  EXPECT_EQ(summer->hour, 11);
  auto reunion = local_time(1795600800, "Indian/Reunion");
  ASSERT_TRUE(reunion.ok());
  EXPECT_EQ(reunion->hour, 14);
  EXPECT_FALSE(local_time(0, "Nowhere/Atlantis").ok());
}

TEST(FrenchCalendar, TheConsumersZoneComesFromAnOverseasNumber) {
  EXPECT_EQ(consumer_time_zone({"+33612345678"}), "Europe/Paris");
  EXPECT_EQ(consumer_time_zone({}), "Europe/Paris");
  EXPECT_EQ(consumer_time_zone({"+262692123456"}), "Indian/Reunion");
  EXPECT_EQ(consumer_time_zone({"+262639123456"}), "Indian/Mayotte");
  EXPECT_EQ(consumer_time_zone({"+596696123456"}), "America/Martinique");
}

}  // namespace
}  // namespace coffre
