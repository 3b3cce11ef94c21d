// What ListSignals and DecideSignal ask, checked: every bad field named at
// once (INVALID_ARGUMENT with google.rpc.BadRequest). Pure.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/refdata/classifier.h"
#include "signal_store.h"

namespace contactcenter::analytics {

inline constexpr int kDefaultSignalsPage = 100;
inline constexpr int kMaxSignalsPage = 500;
inline constexpr size_t kMaxDecisionReasonChars = 2000;

struct SignalListing {
  SignalQuery query;
  int page_size = kDefaultSignalsPage;
  // Names the filters, for the page token.
  std::string fingerprint;
};

// The role system (the administration's own system) sees confirmed signals
// only: asking for any other status is PERMISSION_DENIED.
absl::StatusOr<SignalListing> ParseListSignals(const v1::ListSignalsRequest& req,
                                               auth::Role role,
                                               const refdata::Classifier& classifier);

absl::Status CheckDecideSignal(const v1::DecideSignalRequest& req);

}  // namespace contactcenter::analytics
