#include "signal_request.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"
#include "report_request.h"

namespace contactcenter::analytics {

absl::StatusOr<SignalListing> ParseListSignals(const v1::ListSignalsRequest& req,
                                               auth::Role role,
                                               const refdata::Classifier& classifier) {
  FieldViolations v;
  SignalListing out;
  if (req.has_period()) {
    if (std::optional<Period> p = CheckPeriod(v, req.period())) {
      out.query.from = p->from;
      out.query.to = p->to;
    }
  }
  for (int i = 0; i < req.statuses_size(); ++i) {
    CheckEnum(v, absl::StrCat("statuses[", i, "]"), req.statuses(i), v1::SignalStatus_IsValid,
              /*required=*/true);
    out.query.statuses.push_back(req.statuses(i));
  }
  if (!req.topic_code().empty()) {
    const refdata::Topic* t = classifier.FindTopic(req.topic_code());
    if (t == nullptr || refdata::TopicDepth(req.topic_code()) != 1) {
      v.Add("topic_code",
            absl::StrCat("not a top-level topic of the classifier: ", Quoted(req.topic_code())));
    }
    out.query.topic_code = req.topic_code();
  }
  out.page_size = CheckPageSize(v, req.page_size(), kDefaultSignalsPage, kMaxSignalsPage);
  RETURN_IF_ERROR(v.ToStatus("invalid signal listing"));
  if (role == auth::Role::kSystem) {
    for (int s : out.query.statuses) {
      if (s != v1::SIGNAL_STATUS_CONFIRMED) {
        return absl::PermissionDeniedError(
            "the administration's system sees confirmed signals only (SIGNAL_STATUS_CONFIRMED)");
      }
    }
    out.query.statuses = {v1::SIGNAL_STATUS_CONFIRMED};
  }
  std::vector<int> statuses = out.query.statuses;
  std::sort(statuses.begin(), statuses.end());
  out.fingerprint = absl::StrCat(
      "signals|", out.query.from ? absl::FormatCivilTime(*out.query.from) : "", "|",
      out.query.to ? absl::FormatCivilTime(*out.query.to) : "", "|",
      absl::StrJoin(statuses, ","), "|", out.query.topic_code);
  ASSIGN_OR_RETURN(out.query.after, DecodeKeysetToken(req.page_token(), out.fingerprint));
  return out;
}

absl::Status CheckDecideSignal(const v1::DecideSignalRequest& req) {
  FieldViolations v;
  CheckUuid(v, "signal_id", req.signal_id());
  if (req.decision() != v1::SIGNAL_STATUS_CONFIRMED &&
      req.decision() != v1::SIGNAL_STATUS_DISMISSED) {
    v.Add("decision", "give SIGNAL_STATUS_CONFIRMED or SIGNAL_STATUS_DISMISSED");
  }
  CheckText(v, "reason", req.reason(), kMaxDecisionReasonChars, Text::kFree);
  return v.ToStatus("invalid decision");
}

}  // namespace contactcenter::analytics
