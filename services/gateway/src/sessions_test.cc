#include "sessions.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const absl::Time kNow = absl::FromUnixSeconds(1796119200);

TEST(CookieTest, SessionCookieIsHttpOnlyStrictAndSecureUnderTls) {
  const std::string c = SessionCookie("abc", absl::Hours(8), /*secure=*/true);
  EXPECT_THAT(c, HasSubstr("cc_session=abc;"));
  EXPECT_THAT(c, HasSubstr("HttpOnly"));
  EXPECT_THAT(c, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(c, HasSubstr("Max-Age=28800"));
  EXPECT_THAT(c, HasSubstr("Path=/"));
  EXPECT_THAT(c, HasSubstr("; Secure"));
  EXPECT_THAT(SessionCookie("abc", absl::Hours(8), false), Not(HasSubstr("Secure")));
  EXPECT_THAT(ClearedSessionCookie(false), HasSubstr("Max-Age=0"));
}

TEST(CookieTest, FindsTheSessionAmongOtherCookies) {
  EXPECT_EQ(SessionIdFromCookies("a=1; cc_session=xyz; b=2"), "xyz");
  EXPECT_EQ(SessionIdFromCookies("cc_sessionx=1"), "");
  EXPECT_EQ(SessionIdFromCookies(""), "");
}

TEST(CsrfTest, ComparesWholeNonEmptySecrets) {
  const std::string t = RandomToken();
  EXPECT_EQ(t.size(), 64u);
  EXPECT_NE(t, RandomToken());
  EXPECT_TRUE(SameSecret(t, t));
  EXPECT_FALSE(SameSecret(t, t.substr(0, 63)));
  EXPECT_FALSE(SameSecret("", ""));
  std::string other = t;
  other[0] = other[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(SameSecret(t, other));
}

TEST(SessionStoreTest, SessionsExpireAndEndByLogin) {
  MemorySessionStore store(absl::Hours(1));
  auto [id, s] = *store.Create("olena", auth::Role::kOperator, "", kNow);
  EXPECT_EQ(s.csrf_token.size(), 64u);
  ASSERT_TRUE(store.Find(id, kNow + absl::Minutes(59))->has_value());
  EXPECT_FALSE(store.Find(id, kNow + absl::Hours(1))->has_value());
  EXPECT_FALSE(store.Find(id, kNow)->has_value());  // forgotten once expired
  auto [id2, s2] = *store.Create("olena", auth::Role::kOperator, "", kNow);
  auto [id3, s3] = *store.Create("petro", auth::Role::kOperator, "", kNow);
  ASSERT_TRUE(store.RemoveLogin("olena").ok());
  EXPECT_FALSE(store.Find(id2, kNow)->has_value());
  EXPECT_TRUE(store.Find(id3, kNow)->has_value());
  EXPECT_FALSE(store.Find("made-up", kNow)->has_value());
}

TEST(SessionStoreTest, IsBounded) {
  MemorySessionStore store(absl::Hours(1), 2);
  auto a = *store.Create("a1", auth::Role::kOperator, "", kNow);
  auto b = *store.Create("b1", auth::Role::kOperator, "", kNow + absl::Seconds(1));
  auto c = *store.Create("c1", auth::Role::kOperator, "", kNow + absl::Seconds(2));
  EXPECT_FALSE(store.Find(a.first, kNow)->has_value());  // the oldest went
  EXPECT_TRUE(store.Find(b.first, kNow)->has_value());
  EXPECT_TRUE(store.Find(c.first, kNow)->has_value());
}

TEST(LoginThrottleTest, LocksOutAfterRepeatedFailuresForAWhile) {
  LoginThrottle t(3, absl::Minutes(15));
  t.Failed("olena", kNow);
  t.Failed("olena", kNow);
  EXPECT_EQ(t.LockedFor("olena", kNow), absl::ZeroDuration());
  t.Failed("olena", kNow);
  EXPECT_EQ(t.LockedFor("olena", kNow), absl::Minutes(15));
  EXPECT_EQ(t.LockedFor("olena", kNow + absl::Minutes(10)), absl::Minutes(5));
  EXPECT_EQ(t.LockedFor("petro", kNow), absl::ZeroDuration());
  EXPECT_EQ(t.LockedFor("olena", kNow + absl::Minutes(15)), absl::ZeroDuration());
}

TEST(LoginThrottleTest, ASuccessResetsTheCount) {
  LoginThrottle t(2, absl::Minutes(15));
  t.Failed("olena", kNow);
  t.Succeeded("olena");
  t.Failed("olena", kNow);
  EXPECT_EQ(t.LockedFor("olena", kNow), absl::ZeroDuration());
}

}  // namespace
}  // namespace contactcenter::gateway
