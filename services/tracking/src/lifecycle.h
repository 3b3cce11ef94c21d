// The case lifecycle as an explicit state machine, pure logic:
//
//   FORWARDED --accept--> ACCEPTED --answer--> ANSWERED --plan call-back-->
//   ON_CHECK --confirmed--> CLOSED
//   ON_CHECK --not confirmed--> RETURNED_FOR_REWORK --accept/answer--> ...
//   ON_CHECK --applicant not reached--> ON_CHECK (the next try), and after
//   the last try allowed --> CLOSED ("answered, not confirmed")
//   FORWARDED/ACCEPTED --decline--> RETURNED_TO_ROUTING --reroute--> FORWARDED
//   FORWARDED/ACCEPTED --not considered--> NOT_CONSIDERED
//   progress notes and term changes keep the status.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::tracking {

enum class CaseAction {
  kAccept,
  kReportProgress,
  kExtendTerm,
  kShortenTerm,
  kAnswer,
  kPlanCallBack,
  kConfirm,
  kReturnForRework,
  kDecline,
  kNotConsidered,
  kReroute,
  kCallBackNotReached,
  kCloseNotConfirmed,
};

inline constexpr CaseAction kAllActions[] = {
    CaseAction::kAccept,        CaseAction::kReportProgress, CaseAction::kExtendTerm,
    CaseAction::kShortenTerm,   CaseAction::kAnswer,         CaseAction::kPlanCallBack,
    CaseAction::kConfirm,       CaseAction::kReturnForRework, CaseAction::kDecline,
    CaseAction::kNotConsidered, CaseAction::kReroute,        CaseAction::kCallBackNotReached,
    CaseAction::kCloseNotConfirmed,
};

// "accept", "answer", ...
std::string ActionName(CaseAction action);
// "FORWARDED", "ACCEPTED", ...
std::string StatusName(v1::CaseStatus status);

// The status after `action` from `from`, or FAILED_PRECONDITION naming the
// current status when the lifecycle does not allow it.
absl::StatusOr<v1::CaseStatus> NextStatus(v1::CaseStatus from, CaseAction action);

// True while the case awaits the executor's answer (its term runs).
bool AwaitsAnswer(v1::CaseStatus status);
// True unless CLOSED or NOT_CONSIDERED.
bool IsOpen(v1::CaseStatus status);

}  // namespace contactcenter::tracking
