#include "users.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::gateway {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::HasSubstr;

TEST(PasswordTest, Argon2idHashesVerifyOnlyTheirPassword) {
  absl::StatusOr<std::string> h = HashPassword("correct horse battery");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_TRUE(absl::StartsWith(*h, "$argon2id$"));
  EXPECT_TRUE(PasswordMatches(*h, "correct horse battery"));
  EXPECT_FALSE(PasswordMatches(*h, "correct horse batterx"));
  EXPECT_FALSE(PasswordMatches(*h, ""));
  // Salted: the same password hashes differently each time.
  EXPECT_NE(*h, *HashPassword("correct horse battery"));
}

TEST(PasswordTest, RefusesShortAndControlCharacterPasswords) {
  EXPECT_THAT(HashPassword("short"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("10")));
  EXPECT_THAT(HashPassword("long enough\x01 password"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control")));
}

TEST(UsersTest, FormatsAndParsesBack) {
  Users users;
  std::string hash = *HashPassword("operator password 1");
  ASSERT_TRUE(users.Add({"olena", auth::Role::kOperator, "", false, hash}).ok());
  ASSERT_TRUE(users.Add({"clerk.rva", auth::Role::kExecutor, "lg-sev-rva", true, hash}).ok());
  ASSERT_TRUE(users.Add({"iryna", auth::Role::kAnalyst, "", false, hash}).ok());
  absl::StatusOr<Users> back = Users::Parse(users.Format());
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_NE(back->Find("iryna"), nullptr);
  EXPECT_EQ(back->Find("iryna")->role, auth::Role::kAnalyst);
  ASSERT_NE(back->Find("clerk.rva"), nullptr);
  EXPECT_EQ(back->Find("clerk.rva")->executor_id, "lg-sev-rva");
  EXPECT_TRUE(back->Find("clerk.rva")->locked);
  EXPECT_FALSE(back->Find("olena")->locked);
  EXPECT_EQ(back->Find("olena")->password_hash, hash);
}

TEST(UsersTest, ReportsEveryBadLine) {
  absl::StatusOr<Users> u = Users::Parse(
      "Bad-Login operator - active $argon2id$x\n"
      "svc service - active $argon2id$x\n"
      "clerk executor - active $argon2id$x\n"
      "op operator - maybe $argon2id$x\n"
      "op2 operator - active plain\n");
  EXPECT_THAT(u, StatusIs(absl::StatusCode::kInvalidArgument,
                          ::testing::AllOf(HasSubstr("line 1"), HasSubstr("line 2: role service"),
                                           HasSubstr("line 3: role executor needs"),
                                           HasSubstr("line 4"), HasSubstr("line 5"))));
}

}  // namespace
}  // namespace contactcenter::gateway
