#include "contactcenter/auth/auth.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::auth {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// SHA-256 of "abc" (FIPS 180-2, appendix B.1).
constexpr char kAbcHash[] =
    "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST(TokenHashTest, IsSha256InLowerCaseHex) {
  EXPECT_EQ(TokenHash("abc"), kAbcHash);
}

TEST(TokenStoreTest, ParsesRolesAndExecutorIds) {
  absl::StatusOr<TokenStore> store = TokenStore::Parse(absl::StrCat(
      "# dev tokens\n",
      TokenHash("operator-token-0001-abcdef"), " operator operator-1\n"
      "\n",
      TokenHash("executor-token-0001-abcdef"), "\texecutor social-system lg-oda-social\n"));
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(store->size(), 2u);
  const Principal* e = store->Find("executor-token-0001-abcdef");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->role, Role::kExecutor);
  EXPECT_EQ(e->id, "social-system");
  EXPECT_EQ(e->executor_id, "lg-oda-social");
  const Principal* o = store->Find("operator-token-0001-abcdef");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->role, Role::kOperator);
  EXPECT_EQ(o->id, "operator-1");
}

TEST(TokenStoreTest, ParsesTheAnalystRole) {
  absl::StatusOr<TokenStore> store = TokenStore::Parse(
      absl::StrCat(TokenHash("analyst-token-0001-abcdef"), " analyst analyst-1\n"));
  ASSERT_TRUE(store.ok()) << store.status();
  const Principal* a = store->Find("analyst-token-0001-abcdef");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->role, Role::kAnalyst);
  EXPECT_EQ(RoleName(a->role), "analyst");
}

TEST(TokenStoreTest, RefusesEveryOtherToken) {
  absl::StatusOr<TokenStore> store =
      TokenStore::Parse(absl::StrCat(kAbcHash, " operator operator-1\n"));
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_NE(store->Find("abc"), nullptr);
  EXPECT_EQ(store->Find("abd"), nullptr);
  EXPECT_EQ(store->Find("abc "), nullptr);
  EXPECT_EQ(store->Find(""), nullptr);
  // The hash itself, as a leaked file shows it, is no token.
  EXPECT_EQ(store->Find(kAbcHash), nullptr);
  EXPECT_EQ(store->Find(absl::string_view(kAbcHash).substr(7)), nullptr);
}

TEST(TokenStoreTest, RefusesATokenInClearSayingHowToHashIt) {
  absl::StatusOr<TokenStore> store = TokenStore::Parse(absl::StrCat(
      kAbcHash, " operator operator-1\n",
      "operator-token-0001-abcdef supervisor sup-1\n"));
  EXPECT_THAT(store, StatusIs(absl::StatusCode::kInvalidArgument,
                              AllOf(HasSubstr("line 2: a token in clear, not its hash"),
                                    HasSubstr("deploy/local/hash-token"))));
  // The error may reach a log: it never repeats the token.
  EXPECT_THAT(store.status().message(), Not(HasSubstr("operator-token-0001-abcdef")));
}

TEST(TokenStoreTest, RefusesAHashOfTheWrongLengthNamingTheLine) {
  const std::string hash = TokenHash("operator-token-0001-abcdef");
  absl::StatusOr<TokenStore> store = TokenStore::Parse(absl::StrCat(
      "# comment\n", hash, " operator op-1\n",         //
      hash.substr(0, hash.size() - 1), " operator op-2\n",  // 63 digits
      hash, "0 operator op-3\n",                          // 65 digits
      "sha256: operator op-4\n"));
  EXPECT_THAT(store,
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("line 3: the sha256 hash must be 64 lower-case hex digits, "
                                       "not 63 characters"),
                             HasSubstr("line 4: the sha256 hash must be 64 lower-case hex digits, "
                                       "not 65 characters"),
                             Not(HasSubstr("line 2")))));
  EXPECT_THAT(TokenStore::Parse("sha256: operator op-4\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 1: the sha256 hash")));
}

TEST(TokenStoreTest, RefusesAHashThatIsNotLowerCaseHex) {
  std::string upper = kAbcHash;
  upper[10] = 'F';
  std::string not_hex = kAbcHash;
  not_hex[10] = 'g';
  EXPECT_THAT(TokenStore::Parse(absl::StrCat(upper, " operator op-1\n", not_hex, " operator op-2")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("line 1: the sha256 hash must be 64 lower-case hex"),
                             HasSubstr("line 2: the sha256 hash must be 64 lower-case hex"))));
}

TEST(TokenStoreTest, ReportsEveryBadLineByNumber) {
  const std::string hash = TokenHash("executor-token-0001-abcdef");
  absl::StatusOr<TokenStore> store = TokenStore::Parse(absl::StrCat(
      kAbcHash, " operator\n",
      hash, " executor social-system\n",
      TokenHash("operator-token-0001-abcdef"), " wizard op\n",
      hash, " executor other-system lg-oda-other\n"));
  EXPECT_THAT(store, StatusIs(absl::StatusCode::kInvalidArgument,
                              AllOf(HasSubstr("line 1: want sha256:<hex> <role>"),
                                    HasSubstr("line 2: role executor needs an executor id"),
                                    HasSubstr("line 3: unknown role \"wizard\""),
                                    HasSubstr("line 4: the same token hash appears twice"))));
}

TEST(TokenStoreTest, MissingFileIsNamed) {
  EXPECT_THAT(TokenStore::LoadFile("/nonexistent/tokens"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/tokens")));
}

TEST(OnlyServicesTest, LetsOtherRolesAndTheNamedServicesThrough) {
  EXPECT_OK(OnlyServices({"operator-1", Role::kOperator, ""}, {"exchange"}));
  EXPECT_OK(OnlyServices({"exchange", Role::kService, ""}, {"exchange"}));
  EXPECT_THAT(OnlyServices({"routing", Role::kService, ""}, {"exchange"}),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("service routing"), HasSubstr("allowed: exchange"))));
}

}  // namespace
}  // namespace contactcenter::auth
