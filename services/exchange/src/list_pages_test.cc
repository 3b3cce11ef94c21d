// The exchange's list tokens, pure logic.
#include "list_pages.h"

#include "contactcenter/status/page_token.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::exchange {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::testing::ElementsAre;

TEST(ListTokenTest, APositionComesBackFromItsToken) {
  const ListPosition p{absl::FromUnixMicros(1790000000123456), "1545-7\nodd", 3};
  const std::string token = EncodeListToken(p, "dead");
  absl::StatusOr<std::optional<ListPosition>> back = DecodeListToken(token, "dead");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(**back, p);
}

TEST(ListTokenTest, NoNextPageIsAnEmptyTokenAndAnEmptyTokenIsTheFirstPage) {
  EXPECT_EQ(EncodeListToken(std::nullopt, "rejected"), "");
  absl::StatusOr<std::optional<ListPosition>> first = DecodeListToken("", "rejected");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
}

TEST(ListTokenTest, AnotherListsTokenOrGarbageNamesPageToken) {
  const std::string dead = EncodeListToken(ListPosition{absl::UnixEpoch(), "1545-1", 1}, "dead");
  EXPECT_THAT(FieldsOf(DecodeListToken(dead, "rejected").status()), ElementsAre("page_token"));
  EXPECT_THAT(FieldsOf(DecodeListToken("not a token", "dead").status()),
              ElementsAre("page_token"));
  // The right list, a part that is not a number.
  const std::string bad = EncodePageToken({"dead", "soon", "1545-1", "1"});
  EXPECT_THAT(FieldsOf(DecodeListToken(bad, "dead").status()), ElementsAre("page_token"));
}

}  // namespace
}  // namespace contactcenter::exchange
