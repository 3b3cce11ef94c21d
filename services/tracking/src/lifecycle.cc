#include "lifecycle.h"

#include "absl/strings/str_cat.h"

namespace contactcenter::tracking {
namespace {

using v1::CaseStatus;

// The one place the lifecycle is defined; nullopt-like UNSPECIFIED = illegal.
CaseStatus Transition(CaseStatus from, CaseAction action) {
  switch (action) {
    case CaseAction::kAccept:
      if (from == v1::CASE_STATUS_FORWARDED || from == v1::CASE_STATUS_RETURNED_FOR_REWORK) {
        return v1::CASE_STATUS_ACCEPTED;
      }
      break;
    case CaseAction::kReportProgress:
    case CaseAction::kExtendTerm:
      if (from == v1::CASE_STATUS_ACCEPTED || from == v1::CASE_STATUS_RETURNED_FOR_REWORK) {
        return from;
      }
      break;
    case CaseAction::kShortenTerm:
      if (from == v1::CASE_STATUS_FORWARDED || from == v1::CASE_STATUS_ACCEPTED ||
          from == v1::CASE_STATUS_RETURNED_FOR_REWORK) {
        return from;
      }
      break;
    case CaseAction::kAnswer:
      if (from == v1::CASE_STATUS_ACCEPTED || from == v1::CASE_STATUS_RETURNED_FOR_REWORK) {
        return v1::CASE_STATUS_ANSWERED;
      }
      break;
    case CaseAction::kPlanCallBack:
      if (from == v1::CASE_STATUS_ANSWERED) return v1::CASE_STATUS_ON_CHECK;
      break;
    case CaseAction::kConfirm:
      if (from == v1::CASE_STATUS_ON_CHECK) return v1::CASE_STATUS_CLOSED;
      break;
    case CaseAction::kReturnForRework:
      if (from == v1::CASE_STATUS_ON_CHECK) return v1::CASE_STATUS_RETURNED_FOR_REWORK;
      break;
    case CaseAction::kCallBackNotReached:
      if (from == v1::CASE_STATUS_ON_CHECK) return from;
      break;
    case CaseAction::kCloseNotConfirmed:
      if (from == v1::CASE_STATUS_ON_CHECK) return v1::CASE_STATUS_CLOSED;
      break;
    case CaseAction::kDecline:
      if (from == v1::CASE_STATUS_FORWARDED || from == v1::CASE_STATUS_ACCEPTED) {
        return v1::CASE_STATUS_RETURNED_TO_ROUTING;
      }
      break;
    case CaseAction::kNotConsidered:
      if (from == v1::CASE_STATUS_FORWARDED || from == v1::CASE_STATUS_ACCEPTED) {
        return v1::CASE_STATUS_NOT_CONSIDERED;
      }
      break;
    case CaseAction::kReroute:
      if (from == v1::CASE_STATUS_FORWARDED || from == v1::CASE_STATUS_ACCEPTED ||
          from == v1::CASE_STATUS_RETURNED_TO_ROUTING) {
        return v1::CASE_STATUS_FORWARDED;
      }
      break;
  }
  return v1::CASE_STATUS_UNSPECIFIED;
}

}  // namespace

std::string ActionName(CaseAction action) {
  switch (action) {
    case CaseAction::kAccept: return "accept";
    case CaseAction::kReportProgress: return "report progress";
    case CaseAction::kExtendTerm: return "extend the term";
    case CaseAction::kShortenTerm: return "shorten the term";
    case CaseAction::kAnswer: return "answer";
    case CaseAction::kPlanCallBack: return "plan the call-back";
    case CaseAction::kConfirm: return "close as confirmed";
    case CaseAction::kReturnForRework: return "return for rework";
    case CaseAction::kDecline: return "decline as not within competence";
    case CaseAction::kNotConsidered: return "leave without consideration";
    case CaseAction::kReroute: return "re-route";
    case CaseAction::kCallBackNotReached: return "record an unreached call-back";
    case CaseAction::kCloseNotConfirmed: return "close as answered, not confirmed";
  }
  return "unknown action";
}

std::string StatusName(v1::CaseStatus status) {
  const std::string& full = v1::CaseStatus_Name(status);
  constexpr char kPrefix[] = "CASE_STATUS_";
  if (full.rfind(kPrefix, 0) == 0) return full.substr(sizeof(kPrefix) - 1);
  return full.empty() ? absl::StrCat(static_cast<int>(status)) : full;
}

absl::StatusOr<v1::CaseStatus> NextStatus(v1::CaseStatus from, CaseAction action) {
  const v1::CaseStatus to = Transition(from, action);
  if (to == v1::CASE_STATUS_UNSPECIFIED) {
    return absl::FailedPreconditionError(absl::StrCat("cannot ", ActionName(action),
                                                      ": the case is ", StatusName(from)));
  }
  return to;
}

bool AwaitsAnswer(v1::CaseStatus status) {
  return status == v1::CASE_STATUS_FORWARDED || status == v1::CASE_STATUS_ACCEPTED ||
         status == v1::CASE_STATUS_RETURNED_FOR_REWORK;
}

bool IsOpen(v1::CaseStatus status) {
  return status != v1::CASE_STATUS_CLOSED && status != v1::CASE_STATUS_NOT_CONSIDERED &&
         status != v1::CASE_STATUS_UNSPECIFIED;
}

}  // namespace contactcenter::tracking
