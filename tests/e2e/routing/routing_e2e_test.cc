// routing across real processes: an appeal the operator flags for manual
// routing waits in the queue; a supervisor assigns it and tracking opens the
// case.
#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "absl/time/clock.h"
#include "e2e_test.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::StatusIs;
using ::testing::ElementsAre;
namespace intake = ::contactcenter::intake::v1;
namespace routing = ::contactcenter::routing::v1;
namespace tracking = ::contactcenter::tracking::v1;

class RoutingE2eTest : public E2eTest {};

TEST_F(RoutingE2eTest, AFlaggedAppealWaitsForASupervisorWhoseAssignmentOpensTheCase) {
  intake::RegisterAppealRequest req = ::contactcenter::intake::SampleAppeal("109", "LG-SEV", true);
  req.mutable_card()->set_route_manually(true);
  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(Ctx(cluster_->operator_token()).get(), req, &registered));
  const std::string appeal_id = registered.appeal().id();

  // Routing sees it and queues it instead of applying rule r-109-sev.
  routing::ListManualRoutingQueueResponse queue;
  ASSERT_TRUE(Eventually([&] {
    queue.Clear();
    return routing_
               ->ListManualRoutingQueue(Ctx(cluster_->supervisor_token()).get(),
                                        routing::ListManualRoutingQueueRequest(), &queue)
               .ok() &&
           queue.items_size() == 1;
  }));
  EXPECT_EQ(queue.items(0).appeal_id(), appeal_id);
  EXPECT_GT(queue.items(0).seconds_left(), 4 * 24 * 3600);
  tracking::GetCaseRequest case_req;
  case_req.set_appeal_id(appeal_id);
  tracking::GetCaseResponse got;
  EXPECT_THAT(tracking_->GetCase(Ctx(cluster_->operator_token()).get(), case_req, &got),
              StatusIs(absl::StatusCode::kNotFound));

  // An operator may not assign; an unknown executor is named.
  routing::AssignExecutorRequest assign;
  assign.set_appeal_id(appeal_id);
  assign.set_executor_id("lg-nobody");
  routing::AssignExecutorResponse assigned;
  grpc::Status bad =
      routing_->AssignExecutor(Ctx(cluster_->supervisor_token()).get(), assign, &assigned);
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(bad), ElementsAre("executor_id"));
  assign.set_executor_id("lg-oda-housing");
  EXPECT_THAT(routing_->AssignExecutor(Ctx(cluster_->operator_token()).get(), assign, &assigned),
              StatusIs(absl::StatusCode::kPermissionDenied));

  ASSERT_OK(routing_->AssignExecutor(Ctx(cluster_->supervisor_token()).get(), assign, &assigned));
  EXPECT_EQ(assigned.decision().executor_id(), "lg-oda-housing");

  // Tracking opens the case at the executor the supervisor chose.
  ASSERT_TRUE(Eventually([&] {
    return tracking_->GetCase(Ctx(cluster_->operator_token()).get(), case_req, &got).ok();
  }));
  EXPECT_EQ(got.case_().executor_id(), "lg-oda-housing");
  EXPECT_EQ(got.case_().registration_number(), registered.appeal().registration_number());

  queue.Clear();
  ASSERT_OK(routing_->ListManualRoutingQueue(Ctx(cluster_->supervisor_token()).get(),
                                             routing::ListManualRoutingQueueRequest(), &queue));
  EXPECT_EQ(queue.items_size(), 0);
}

TEST_F(RoutingE2eTest, ADeclinedCaseIsReroutedAndTrackingMovesIt) {
  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(Ctx(cluster_->operator_token()).get(),
                                    ::contactcenter::intake::SampleAppeal("109", "LG-SEV", true),
                                    &registered));
  tracking::GetCaseRequest case_req;
  case_req.set_appeal_id(registered.appeal().id());
  tracking::GetCaseResponse got;
  ASSERT_TRUE(Eventually([&] {
    return tracking_->GetCase(Ctx(cluster_->operator_token()).get(), case_req, &got).ok();
  }));
  ASSERT_EQ(got.case_().executor_id(), Cluster::kExecutorId);  // lg-sev-rva, by r-109-sev

  // The raion administration says it is not its competence.
  tracking::DeclineCaseRequest decline;
  decline.set_case_id(got.case_().id());
  decline.set_reason("Теплопостачання належить до обласного департаменту");
  tracking::DeclineCaseResponse declined;
  auto executor = tracking::ExecutorService::NewStub(cluster_->channel("tracking"));
  ASSERT_OK(executor->DeclineCase(Ctx(cluster_->executor_token()).get(), decline, &declined));

  // Routing hands it to the next rule's body; tracking moves the case there.
  ASSERT_TRUE(Eventually([&] {
    return tracking_->GetCase(Ctx(cluster_->operator_token()).get(), case_req, &got).ok() &&
           got.case_().executor_id() == "lg-oda-housing";
  })) << got.DebugString();
  routing::GetRoutingDecisionRequest dreq;
  dreq.set_appeal_id(registered.appeal().id());
  routing::GetRoutingDecisionResponse decision;
  ASSERT_OK(routing_->GetRoutingDecision(Ctx(cluster_->operator_token()).get(), dreq, &decision));
  EXPECT_EQ(decision.decision().rule_id(), "r-109");
  EXPECT_THAT(decision.decision().declined_executor_ids(), ElementsAre(Cluster::kExecutorId));
  ASSERT_EQ(decision.hand_overs_size(), 1);
  EXPECT_EQ(decision.hand_overs(0).from_executor_id(), Cluster::kExecutorId);
  EXPECT_EQ(decision.hand_overs(0).to_executor_id(), "lg-oda-housing");
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(RoutingE2eTest, AfterAnImportDropsARuleItsAppealsWaitForASupervisor) {
  // A new rule set without social protection (106) for the oblast.
  std::string rules;
  std::istringstream reference(ReadFile(std::string(CC_REFERENCE_DIR) + "/competence-rules.csv"));
  for (std::string line; std::getline(reference, line);) {
    if (line.rfind("r-106,", 0) != 0) rules += line + "\n";
  }
  routing::ImportDirectoryRequest import;
  import.set_executors_csv(ReadFile(std::string(CC_REFERENCE_DIR) + "/executors.csv"));
  import.set_rules_csv(rules);
  routing::ImportDirectoryResponse imported;
  ASSERT_OK(routing_->ImportDirectory(Ctx(cluster_->supervisor_token()).get(), import, &imported));
  EXPECT_TRUE(imported.applied());
  EXPECT_THAT(imported.changes(), ElementsAre("rule r-106: removed"));

  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(Ctx(cluster_->operator_token()).get(),
                                    ::contactcenter::intake::SampleAppeal("106", "LG-STA", true),
                                    &registered));
  routing::ListManualRoutingQueueResponse queue;
  ASSERT_TRUE(Eventually([&] {
    queue.Clear();
    return routing_
               ->ListManualRoutingQueue(Ctx(cluster_->operator_token()).get(),
                                        routing::ListManualRoutingQueueRequest(), &queue)
               .ok() &&
           queue.items_size() == 1;
  }));
  EXPECT_THAT(queue.items(0).reason(), ::testing::HasSubstr("no competence rule"));

  routing::AssignExecutorRequest assign;
  assign.set_appeal_id(registered.appeal().id());
  assign.set_executor_id("lg-oda-social");
  routing::AssignExecutorResponse assigned;
  ASSERT_OK(routing_->AssignExecutor(Ctx(cluster_->supervisor_token()).get(), assign, &assigned));
  tracking::GetCaseRequest case_req;
  case_req.set_appeal_id(registered.appeal().id());
  tracking::GetCaseResponse got;
  ASSERT_TRUE(Eventually([&] {
    return tracking_->GetCase(Ctx(cluster_->operator_token()).get(), case_req, &got).ok();
  }));
  EXPECT_EQ(got.case_().executor_id(), "lg-oda-social");
}

}  // namespace
}  // namespace contactcenter::e2e
