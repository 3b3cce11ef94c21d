#include "day_histogram.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::analytics {
namespace {

using ::testing::DoubleNear;

TEST(PercentileOfHistogramTest, EmptyIsZero) {
  EXPECT_EQ(PercentileOfHistogram({}, 0.9), 0);
  EXPECT_EQ(PercentileOfHistogram({{5, 0}}, 0.9), 0);
}

TEST(PercentileOfHistogramTest, OneValue) {
  EXPECT_EQ(PercentileOfHistogram({{7, 1}}, 0.9), 7);
  EXPECT_EQ(PercentileOfHistogram({{7, 40}}, 0.9), 7);
}

// The values percentile_cont gives in PostgreSQL for the same days:
//   SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY x)
//   FROM unnest('{42,46}'::float8[]) x;          -- 45.6
//   ... '{3,42,46}'                               -- 45.2
//   ... '{1,2,3,4,5,6,7,8,9,10}'                  -- 9.1
//   ... '{2,2,2,2,2,2,2,2,2,30}'                  -- 4.8
TEST(PercentileOfHistogramTest, InterpolatesLikePercentileCont) {
  EXPECT_THAT(PercentileOfHistogram({{42, 1}, {46, 1}}, 0.9), DoubleNear(45.6, 1e-9));
  EXPECT_THAT(PercentileOfHistogram({{3, 1}, {42, 1}, {46, 1}}, 0.9), DoubleNear(45.2, 1e-9));
  DayHistogram ten;
  for (int d = 1; d <= 10; ++d) ten[d] = 1;
  EXPECT_THAT(PercentileOfHistogram(ten, 0.9), DoubleNear(9.1, 1e-9));
  EXPECT_THAT(PercentileOfHistogram({{2, 9}, {30, 1}}, 0.9), DoubleNear(4.8, 1e-9));
  EXPECT_THAT(PercentileOfHistogram({{2, 9}, {30, 1}}, 0.5), DoubleNear(2, 1e-9));
  EXPECT_THAT(PercentileOfHistogram({{2, 9}, {30, 1}}, 1.0), DoubleNear(30, 1e-9));
  EXPECT_THAT(PercentileOfHistogram({{2, 9}, {30, 1}}, 0.0), DoubleNear(2, 1e-9));
}

TEST(PercentileOfHistogramTest, IgnoresEmptyAndNegativeBuckets) {
  EXPECT_THAT(PercentileOfHistogram({{1, 0}, {3, 1}, {4, -2}, {9, 1}}, 0.9),
              DoubleNear(8.4, 1e-9));
}

}  // namespace
}  // namespace contactcenter::analytics
