#include "contactcenter/auth/rate_limiter.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::auth {
namespace {

using ::contactcenter::testing::IsOk;
using ::contactcenter::testing::StatusIs;
using ::testing::HasSubstr;

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiter Make(RateLimit limit) {
    return RateLimiter(limit, [this] { return now_; });
  }
  absl::Time now_ = absl::FromUnixSeconds(1'700'000'000);
};

TEST_F(RateLimiterTest, ABurstPassesThenTheCallerIsToldWhenToRetry) {
  RateLimiter limiter = Make({.per_second = 10, .burst = 3, .max_callers = 100});
  for (int i = 0; i < 3; ++i) EXPECT_THAT(limiter.Admit("principal:op-1"), IsOk());
  absl::Status over = limiter.Admit("principal:op-1");
  EXPECT_THAT(over, StatusIs(absl::StatusCode::kResourceExhausted,
                             HasSubstr("retry in 100ms")));
  EXPECT_EQ(RetryDelayOf(over), absl::Milliseconds(100));

  // Another caller has a bucket of its own.
  EXPECT_THAT(limiter.Admit("principal:op-2"), IsOk());

  // At the hinted delay one more call passes, and only one.
  now_ += absl::Milliseconds(100);
  EXPECT_THAT(limiter.Admit("principal:op-1"), IsOk());
  EXPECT_THAT(limiter.Admit("principal:op-1"),
              StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST_F(RateLimiterTest, TheBucketRefillsNoFurtherThanTheBurst) {
  RateLimiter limiter = Make({.per_second = 1000, .burst = 5, .max_callers = 100});
  now_ += absl::Hours(1);
  int passed = 0;
  while (limiter.Admit("peer:10.0.0.7").ok()) ++passed;
  EXPECT_EQ(passed, 5);
}

TEST_F(RateLimiterTest, ItRemembersAtMostMaxCallersForgettingTheLeastRecentFirst) {
  RateLimiter limiter = Make({.per_second = 1, .burst = 1, .max_callers = 3});
  EXPECT_THAT(limiter.Admit("a"), IsOk());
  EXPECT_THAT(limiter.Admit("b"), IsOk());
  EXPECT_THAT(limiter.Admit("c"), IsOk());
  // "a" seen again: now "b" is the least recent.
  EXPECT_THAT(limiter.Admit("a"), StatusIs(absl::StatusCode::kResourceExhausted));
  for (int i = 0; i < 1000; ++i) (void)limiter.Admit(absl::StrCat("made-up-", i));
  EXPECT_EQ(limiter.callers(), 3u);
  // "a" was forgotten among the made-up callers and comes back with a full
  // bucket: the price of bounded state.
  EXPECT_THAT(limiter.Admit("a"), IsOk());
}

TEST_F(RateLimiterTest, ZeroTurnsTheLimitOff) {
  RateLimiter limiter = Make({.per_second = 0, .burst = 1, .max_callers = 1});
  for (int i = 0; i < 100; ++i) EXPECT_THAT(limiter.Admit("x"), IsOk());
  EXPECT_EQ(limiter.callers(), 0u);
}

TEST(PeerKeyTest, DropsThePortSoNewConnectionsShareABucket) {
  EXPECT_EQ(PeerKey("ipv4:10.0.0.7:51234"), "peer:10.0.0.7");
  EXPECT_EQ(PeerKey("ipv6:[::1]:51234"), "peer:::1");
  EXPECT_EQ(PeerKey("unix:/run/x.sock"), "peer:unix:/run/x.sock");
}

}  // namespace
}  // namespace contactcenter::auth
