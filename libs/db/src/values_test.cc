#include "contactcenter/db/values.h"

#include "gtest/gtest.h"

namespace contactcenter::db {
namespace {

TEST(ValuesTest, TimeIsWrittenInUtcWithMicroseconds) {
  absl::Time t = absl::FromUnixMicros(1764336170123456);
  EXPECT_EQ(ToSqlTime(t), "2025-11-28 13:22:50.123456+00");
}

TEST(ValuesTest, DateIsIso) {
  EXPECT_EQ(ToSqlDate(absl::CivilDay(2026, 2, 28)), "2026-02-28");
}

}  // namespace
}  // namespace contactcenter::db
