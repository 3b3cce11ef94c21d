// Percentiles from a histogram of whole days (the timeliness report's
// days to answer, migration 0004): the same interpolation as PostgreSQL's
// percentile_cont over the values the histogram counts.
#pragma once

#include <cstdint>
#include <map>

namespace contactcenter::analytics {

// Whole days -> how many values.
using DayHistogram = std::map<int, int64_t>;

// percentile_cont(q) of the values: 0 for an empty histogram; counts of 0
// or less are ignored.
double PercentileOfHistogram(const DayHistogram& h, double q);

}  // namespace contactcenter::analytics
