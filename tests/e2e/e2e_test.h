// The base of cross-process tests: starts the services a test needs (every
// registered one unless it says otherwise), gives stubs for each and call contexts
// with a deadline, and at the end stops every service with SIGTERM and
// expects each to exit 0 (the graceful shutdown, checked every time).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "cluster.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"
#include "gtest/gtest.h"

namespace contactcenter::e2e {

class E2eTest : public ::testing::Test {
 protected:
  // The services to start, in this order; all of deploy/services.txt unless
  // a test says otherwise.
  virtual std::vector<std::string> Services() const;

  void SetUp() override;
  void TearDown() override;

  // A call as the holder of `token`: a 10-second deadline, waiting through a
  // service's restart rather than failing at once.
  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) const;
  // The same as the operator.
  std::unique_ptr<grpc::ClientContext> Ctx() const { return Ctx(cluster_->operator_token()); }

  // Asks `done` every 20 ms until it says yes (true) or `timeout` passes.
  template <typename Fn>
  static bool Eventually(Fn done, absl::Duration timeout = absl::Seconds(30)) {
    const absl::Time give_up = absl::Now() + timeout;
    while (absl::Now() < give_up) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
  }

  // An electronic statement from the web form by a person who wants the
  // answer by e-mail: topic 109 (hot water), Sievierodonetsk.
  static intake::v1::RegisterAppealRequest WebFormAppealByEmail(const std::string& surname,
                                                                const std::string& name,
                                                                const std::string& address,
                                                                const std::string& email);

  // The appeal's case, once tracking has opened it.
  absl::StatusOr<tracking::v1::Case> WaitForCase(const std::string& appeal_id,
                                                 absl::Duration timeout = absl::Seconds(30));

  std::unique_ptr<Cluster> cluster_;
  std::unique_ptr<intake::v1::IntakeService::Stub> intake_;
  std::unique_ptr<routing::v1::RoutingService::Stub> routing_;
  std::unique_ptr<tracking::v1::TrackingService::Stub> tracking_;
  std::unique_ptr<tracking::v1::ExecutorService::Stub> executors_;
};

}  // namespace contactcenter::e2e
