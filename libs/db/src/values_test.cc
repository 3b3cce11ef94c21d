#include "contactcenter/db/values.h"

#include <string>
#include <string_view>
#include <vector>

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

TEST(ValuesTest, IntegerArraysAreBraced) {
  EXPECT_EQ(ToSqlIntArray(std::vector<int>{1, 7}), "{1,7}");
  EXPECT_EQ(ToSqlIntArray(std::vector<int>{}), "{}");
  EXPECT_EQ(ToSqlIntArray(std::vector<int64_t>{-3, 9000000000}), "{-3,9000000000}");
}

TEST(ValuesTest, TextArrayElementsAreQuotedAndEscaped) {
  EXPECT_EQ(ToSqlTextArray(std::vector<std::string>{}), "{}");
  EXPECT_EQ(ToSqlTextArray(std::vector<std::string>{"a", ""}), R"({"a",""})");
  EXPECT_EQ(ToSqlTextArray(std::vector<std::string>{"a,b", "say \"no\"", "c:\\dir", "{x}"}),
            R"({"a,b","say \"no\"","c:\\dir","{x}"})");
  EXPECT_EQ(ToSqlTextArray(std::vector<std::string_view>{"NULL"}), R"({"NULL"})");
}

}  // namespace
}  // namespace contactcenter::db
