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

// The shared table of two replicas, counting the lookups that reach it.
class CountingStore final : public SessionStore {
 public:
  absl::StatusOr<std::pair<std::string, Session>> Create(absl::string_view login, auth::Role role,
                                                         absl::string_view executor_id,
                                                         absl::Time now) override {
    return shared_.Create(login, role, executor_id, now);
  }
  absl::StatusOr<std::optional<Session>> Find(absl::string_view id, absl::Time now) override {
    ++finds;
    if (!up) return absl::UnavailableError("database away");
    return shared_.Find(id, now);
  }
  absl::Status Remove(absl::string_view id) override { return shared_.Remove(id); }
  absl::Status RemoveLogin(absl::string_view login) override { return shared_.RemoveLogin(login); }
  absl::Duration ttl() const override { return shared_.ttl(); }
  int finds = 0;
  bool up = true;

 private:
  MemorySessionStore shared_{absl::Hours(8)};
};

TEST(CachingSessionStoreTest, ASessionFoundIsUsedForTheBoundWithoutAskingTheStore) {
  CountingStore db;
  CachingSessionStore first(&db, absl::Seconds(2)), second(&db, absl::Seconds(2));
  auto [id, made] = *first.Create("olena", auth::Role::kOperator, "", kNow);
  // The replica that made it knows it; the other asks the table once.
  EXPECT_EQ(first.Find(id, kNow + absl::Milliseconds(10))->value().login, "olena");
  EXPECT_EQ(db.finds, 0);
  EXPECT_EQ(second.Find(id, kNow)->value().csrf_token, made.csrf_token);
  EXPECT_EQ(second.Find(id, kNow + absl::Milliseconds(1999))->value().login, "olena");
  EXPECT_EQ(db.finds, 1);
  // After the bound it asks again.
  EXPECT_TRUE(second.Find(id, kNow + absl::Seconds(2))->has_value());
  EXPECT_EQ(db.finds, 2);
  EXPECT_FALSE(second.Find("unknown", kNow)->has_value());
  EXPECT_FALSE(second.Find("unknown", kNow)->has_value());
  EXPECT_EQ(db.finds, 4);  // a miss is never remembered
}

TEST(CachingSessionStoreTest, ALogoutEndsItHereAtOnceAndOnTheOtherReplicaWithinTheBound) {
  CountingStore db;
  CachingSessionStore first(&db, absl::Seconds(2)), second(&db, absl::Seconds(2));
  auto [id, made] = *first.Create("olena", auth::Role::kOperator, "", kNow);
  ASSERT_TRUE(second.Find(id, kNow)->has_value());
  ASSERT_TRUE(first.Remove(id).ok());
  EXPECT_FALSE(first.Find(id, kNow)->has_value());
  EXPECT_FALSE(db.Find(id, kNow)->has_value());
  // The other replica still uses what it read, no longer than the bound.
  EXPECT_TRUE(second.Find(id, kNow + absl::Milliseconds(1999))->has_value());
  EXPECT_FALSE(second.Find(id, kNow + absl::Seconds(2))->has_value());
  EXPECT_FALSE(second.Find(id, kNow + absl::Seconds(2) + absl::Milliseconds(1))->has_value());
}

TEST(CachingSessionStoreTest, EndingALoginsSessionsForgetsThemHere) {
  CountingStore db;
  CachingSessionStore gw(&db, absl::Seconds(2));
  auto a = *gw.Create("olena", auth::Role::kOperator, "", kNow);
  auto b = *gw.Create("olena", auth::Role::kOperator, "", kNow);
  auto c = *gw.Create("petro", auth::Role::kOperator, "", kNow);
  ASSERT_TRUE(gw.RemoveLogin("olena").ok());
  EXPECT_FALSE(gw.Find(a.first, kNow)->has_value());
  EXPECT_FALSE(gw.Find(b.first, kNow)->has_value());
  EXPECT_TRUE(gw.Find(c.first, kNow)->has_value());
}

TEST(CachingSessionStoreTest, AnExpiredSessionIsNeverServedFromMemory) {
  CountingStore db;
  CachingSessionStore gw(&db, absl::Seconds(2));
  auto [id, made] = *gw.Create("olena", auth::Role::kOperator, "", kNow);
  const absl::Time just_before = made.expires - absl::Milliseconds(1);
  ASSERT_TRUE(gw.Find(id, just_before)->has_value());
  EXPECT_FALSE(gw.Find(id, made.expires)->has_value());
  EXPECT_EQ(db.finds, 1);
}

TEST(CachingSessionStoreTest, TheStoresErrorPassesThroughOnceTheBoundIsOver) {
  CountingStore db;
  CachingSessionStore gw(&db, absl::Seconds(2));
  auto [id, made] = *gw.Create("olena", auth::Role::kOperator, "", kNow);
  db.up = false;
  EXPECT_TRUE(gw.Find(id, kNow + absl::Seconds(1))->has_value());
  EXPECT_EQ(gw.Find(id, kNow + absl::Seconds(3)).status().code(), absl::StatusCode::kUnavailable);
}

TEST(CachingSessionStoreTest, ZeroAsksTheStoreEveryTime) {
  CountingStore db;
  CachingSessionStore gw(&db, absl::ZeroDuration());
  auto [id, made] = *gw.Create("olena", auth::Role::kOperator, "", kNow);
  ASSERT_TRUE(gw.Find(id, kNow)->has_value());
  ASSERT_TRUE(gw.Find(id, kNow)->has_value());
  EXPECT_EQ(db.finds, 2);
}

TEST(CachingSessionStoreTest, StaysWithinItsSize) {
  CountingStore db;
  CachingSessionStore gw(&db, absl::Seconds(2), /*max_entries=*/2);
  auto a = *gw.Create("a", auth::Role::kOperator, "", kNow);
  auto b = *gw.Create("b", auth::Role::kOperator, "", kNow);
  auto c = *gw.Create("c", auth::Role::kOperator, "", kNow);
  // Whatever it forgot, it asks the store for: every session is still found.
  EXPECT_TRUE(gw.Find(a.first, kNow)->has_value());
  EXPECT_TRUE(gw.Find(b.first, kNow)->has_value());
  EXPECT_TRUE(gw.Find(c.first, kNow)->has_value());
  EXPECT_EQ(db.finds, 3);  // a and b were forgotten to make room, then c for b
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
