// Every (status, action) pair: the legal ones move as the table says, all
// others are FAILED_PRECONDITION naming the current status.
#include "lifecycle.h"

#include <map>
#include <cctype>
#include <utility>

#include "absl/strings/str_cat.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::tracking {
namespace {

using ::contactcenter::testing::IsOkAndHolds;
using ::contactcenter::testing::StatusIs;
using ::testing::HasSubstr;

constexpr v1::CaseStatus F = v1::CASE_STATUS_FORWARDED;
constexpr v1::CaseStatus A = v1::CASE_STATUS_ACCEPTED;
constexpr v1::CaseStatus ANS = v1::CASE_STATUS_ANSWERED;
constexpr v1::CaseStatus CHK = v1::CASE_STATUS_ON_CHECK;
constexpr v1::CaseStatus CL = v1::CASE_STATUS_CLOSED;
constexpr v1::CaseStatus RW = v1::CASE_STATUS_RETURNED_FOR_REWORK;
constexpr v1::CaseStatus RR = v1::CASE_STATUS_RETURNED_TO_ROUTING;
constexpr v1::CaseStatus NC = v1::CASE_STATUS_NOT_CONSIDERED;

constexpr v1::CaseStatus kAllStatuses[] = {F, A, ANS, CHK, CL, RW, RR, NC};

// The whole lifecycle: anything not here is illegal.
const std::map<std::pair<v1::CaseStatus, CaseAction>, v1::CaseStatus>& Legal() {
  static const auto* legal = new std::map<std::pair<v1::CaseStatus, CaseAction>, v1::CaseStatus>{
      {{F, CaseAction::kAccept}, A},
      {{RW, CaseAction::kAccept}, A},
      {{A, CaseAction::kReportProgress}, A},
      {{RW, CaseAction::kReportProgress}, RW},
      {{A, CaseAction::kExtendTerm}, A},
      {{RW, CaseAction::kExtendTerm}, RW},
      {{F, CaseAction::kShortenTerm}, F},
      {{A, CaseAction::kShortenTerm}, A},
      {{RW, CaseAction::kShortenTerm}, RW},
      {{A, CaseAction::kAnswer}, ANS},
      {{RW, CaseAction::kAnswer}, ANS},
      {{ANS, CaseAction::kPlanCallBack}, CHK},
      {{CHK, CaseAction::kConfirm}, CL},
      {{CHK, CaseAction::kReturnForRework}, RW},
      {{CHK, CaseAction::kCallBackNotReached}, CHK},
      {{CHK, CaseAction::kCloseNotConfirmed}, CL},
      {{F, CaseAction::kDecline}, RR},
      {{A, CaseAction::kDecline}, RR},
      {{F, CaseAction::kNotConsidered}, NC},
      {{A, CaseAction::kNotConsidered}, NC},
      {{F, CaseAction::kReroute}, F},
      {{A, CaseAction::kReroute}, F},
      {{RR, CaseAction::kReroute}, F},
  };
  return *legal;
}

struct Pair {
  v1::CaseStatus from;
  CaseAction action;
};

std::vector<Pair> AllPairs() {
  std::vector<Pair> pairs;
  for (v1::CaseStatus s : kAllStatuses) {
    for (CaseAction a : kAllActions) pairs.push_back({s, a});
  }
  return pairs;
}

class LifecycleTest : public ::testing::TestWithParam<Pair> {};

TEST_P(LifecycleTest, FollowsTheTable) {
  const Pair& p = GetParam();
  auto it = Legal().find({p.from, p.action});
  if (it != Legal().end()) {
    EXPECT_THAT(NextStatus(p.from, p.action), IsOkAndHolds(it->second));
  } else {
    EXPECT_THAT(NextStatus(p.from, p.action).status(),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr(absl::StrCat("the case is ", StatusName(p.from)))));
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryStatusAndAction, LifecycleTest, ::testing::ValuesIn(AllPairs()),
    [](const ::testing::TestParamInfo<Pair>& info) {
      std::string name =
          absl::StrCat(StatusName(info.param.from), "_", ActionName(info.param.action));
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(LifecycleTest, ClosedAndNotConsideredAreFinal) {
  for (CaseAction a : kAllActions) {
    EXPECT_FALSE(NextStatus(CL, a).ok()) << ActionName(a);
    EXPECT_FALSE(NextStatus(NC, a).ok()) << ActionName(a);
  }
  EXPECT_FALSE(IsOpen(CL));
  EXPECT_FALSE(IsOpen(NC));
  EXPECT_TRUE(IsOpen(RR));
}

TEST(LifecycleTest, TheTermRunsOnlyWhileAnAnswerIsAwaited) {
  EXPECT_TRUE(AwaitsAnswer(F));
  EXPECT_TRUE(AwaitsAnswer(A));
  EXPECT_TRUE(AwaitsAnswer(RW));
  EXPECT_FALSE(AwaitsAnswer(ANS));
  EXPECT_FALSE(AwaitsAnswer(CHK));
  EXPECT_FALSE(AwaitsAnswer(RR));
}

TEST(LifecycleTest, TheMessageNamesTheCurrentStatus) {
  EXPECT_THAT(NextStatus(CL, CaseAction::kAnswer).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot answer: the case is CLOSED")));
}

}  // namespace
}  // namespace contactcenter::tracking
