#include "contactcenter/auth/auth.h"

#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::auth {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(TokenStoreTest, ParsesRolesAndExecutorIds) {
  absl::StatusOr<TokenStore> store = TokenStore::Parse(
      "# dev tokens\n"
      "operator-token-0001-abcdef operator operator-1\n"
      "\n"
      "executor-token-0001-abcdef executor social-system lg-oda-social\n");
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(store->size(), 2u);
  const Principal* e = store->Find("executor-token-0001-abcdef");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->role, Role::kExecutor);
  EXPECT_EQ(e->executor_id, "lg-oda-social");
  EXPECT_EQ(store->Find("nobody-has-this-token"), nullptr);
}

TEST(TokenStoreTest, ReportsEveryBadLineByNumber) {
  absl::StatusOr<TokenStore> store = TokenStore::Parse(
      "short operator op\n"
      "executor-token-0001-abcdef executor social-system\n"
      "operator-token-0001-abcdef wizard op\n");
  EXPECT_THAT(store, StatusIs(absl::StatusCode::kInvalidArgument,
                              AllOf(HasSubstr("line 1: token shorter"),
                                    HasSubstr("line 2: role executor needs an executor id"),
                                    HasSubstr("line 3: unknown role \"wizard\""))));
}

TEST(TokenStoreTest, MissingFileIsNamed) {
  EXPECT_THAT(TokenStore::LoadFile("/nonexistent/tokens"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/tokens")));
}

}  // namespace
}  // namespace contactcenter::auth
