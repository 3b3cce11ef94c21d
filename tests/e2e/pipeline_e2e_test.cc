// The walking skeleton across real processes: intake -> routing -> tracking,
// each with its own database, talking only gRPC.
#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "e2e_test.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/eventlog/v1/eventlog.grpc.pb.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/tracking/v1/tracking.grpc.pb.h"
#include "gmock/gmock.h"
#include "src/proto/grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "pipeline_counts.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::StatusIs;
using ::testing::Contains;
using ::testing::UnorderedElementsAre;
namespace intake = ::contactcenter::intake::v1;
namespace routing = ::contactcenter::routing::v1;
namespace tracking = ::contactcenter::tracking::v1;

intake::RegisterAppealRequest Appeal(const std::string& topic, const std::string& territory,
                                     bool short_term) {
  return ::contactcenter::intake::SampleAppeal(topic, territory, short_term);
}

// The same appeal from applicant `n` (another name and phone): the sample
// applicant again on the same issue, while the first appeal is under
// consideration, would be a duplicate (дублетне) that joins the first one's
// case instead of opening its own.
intake::RegisterAppealRequest FromApplicant(intake::RegisterAppealRequest req, int n) {
  intake::Person* p = req.mutable_card()->mutable_applicant()->mutable_person();
  p->set_name(absl::StrCat("Заявник ", n));
  p->set_phone(absl::StrCat("+38050", 2000000 + n));
  return req;
}

class PipelineTest : public E2eTest {
 protected:
  grpc::Status Register(const intake::RegisterAppealRequest& req,
                        intake::RegisterAppealResponse* resp) {
    return intake_->RegisterAppeal(Ctx().get(), req, resp);
  }

  // Every case tracking has, paging through ListCases.
  std::vector<tracking::Case> AllCases() {
    std::vector<tracking::Case> out;
    tracking::ListCasesRequest req;
    req.set_page_size(200);
    do {
      tracking::ListCasesResponse resp;
      grpc::Status s = tracking_->ListCases(Ctx().get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      out.insert(out.end(), resp.cases().begin(), resp.cases().end());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return out;
  }

};

TEST_F(PipelineTest, ARegisteredAppealIsRoutedAndOpensACaseWithItsControlDate) {
  intake::RegisterAppealResponse registered;
  const absl::Time before = absl::Now();
  ASSERT_OK(Register(Appeal("109", "LG-SEV", true), &registered));
  const std::string appeal_id = registered.appeal().id();

  absl::StatusOr<tracking::Case> c = WaitForCase(appeal_id);
  ASSERT_OK(c.status());
  const absl::Duration took = absl::Now() - before;
  std::printf("register -> case opened: %s\n", absl::FormatDuration(took).c_str());
  EXPECT_LT(took, absl::Seconds(5));
  EXPECT_EQ(c->executor_id(), "lg-sev-rva");  // rule r-109-sev
  EXPECT_EQ(c->status(), tracking::CASE_STATUS_FORWARDED);
  EXPECT_EQ(c->registration_number(), registered.appeal().registration_number());
  const absl::CivilDay received =
      absl::ToCivilDay(FromTimestamp(registered.appeal().card().received_at()), KyivTimeZone());
  // A term ending on a weekend ends on Monday (Civil Code Art. 254; the
  // shipped calendar.csv lists no other days off).
  absl::CivilDay last_day = received + 15;
  while (absl::GetWeekday(last_day) == absl::Weekday::saturday ||
         absl::GetWeekday(last_day) == absl::Weekday::sunday) {
    ++last_day;
  }
  EXPECT_EQ(FromDate(c->control_date()), last_day);

  routing::GetRoutingDecisionRequest dreq;
  dreq.set_appeal_id(appeal_id);
  routing::GetRoutingDecisionResponse decision;
  ASSERT_OK(routing_->GetRoutingDecision(Ctx().get(), dreq, &decision));
  EXPECT_EQ(decision.decision().rule_id(), "r-109-sev");

  // A month-long term for an appeal that needs study, at the oblast level.
  ASSERT_OK(Register(Appeal("108", "LG", false), &registered));
  c = WaitForCase(registered.appeal().id());
  ASSERT_OK(c.status());
  EXPECT_EQ(c->executor_id(), "lg-oda-health");

  // The executor sees its case, and nobody else's.
  tracking::GetCaseRequest mine, theirs;
  mine.set_appeal_id(appeal_id);
  theirs.set_appeal_id(registered.appeal().id());
  tracking::GetCaseResponse got;
  EXPECT_OK(tracking_->GetCase(Ctx(cluster_->executor_token()).get(), mine, &got));
  EXPECT_THAT(tracking_->GetCase(Ctx(cluster_->executor_token()).get(), theirs, &got),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(PipelineTest, ReflectionDescribesEveryService) {
  const std::map<std::string, std::string> expected = {
      {"intake", "contactcenter.intake.v1.IntakeService"},
      {"routing", "contactcenter.routing.v1.RoutingService"},
      {"tracking", "contactcenter.tracking.v1.TrackingService"}};
  for (const auto& [svc, name] : expected) {
    auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(cluster_->channel(svc));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto stream = stub->ServerReflectionInfo(&ctx);
    grpc::reflection::v1alpha::ServerReflectionRequest req;
    req.set_list_services("*");
    ASSERT_TRUE(stream->Write(req));
    grpc::reflection::v1alpha::ServerReflectionResponse resp;
    ASSERT_TRUE(stream->Read(&resp));
    std::vector<std::string> names;
    for (const auto& s : resp.list_services_response().service()) names.push_back(s.name());
    EXPECT_THAT(names, Contains(name)) << svc;
    EXPECT_THAT(names, Contains("contactcenter.eventlog.v1.EventLog")) << svc;
    EXPECT_THAT(names, Contains("grpc.health.v1.Health")) << svc;
    stream->WritesDone();
    EXPECT_OK(stream->Finish());
  }
}

TEST_F(PipelineTest, BadInputToEveryRpcNamesTheFieldsAndWritesNothing) {
  intake::RegisterAppealResponse first;
  ASSERT_OK(Register(Appeal("109", "LG-SEV", true), &first));
  ASSERT_OK(WaitForCase(first.appeal().id()).status());

  intake::RegisterAppealRequest bad = Appeal("999", "LG-NOWHERE", true);
  bad.mutable_card()->set_kind(static_cast<common::v1::AppealKind>(12));
  bad.mutable_card()->set_essence(std::string(20001, 'x'));
  intake::RegisterAppealResponse resp;
  grpc::Status s = Register(bad, &resp);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("card.kind", "card.topic_code",
                                                "card.territory_code", "card.essence"));
  intake::GetAppealRequest get_appeal;
  get_appeal.set_appeal_id("x");
  intake::GetAppealResponse appeal;
  EXPECT_THAT(FieldsOf(intake_->GetAppeal(Ctx().get(), get_appeal, &appeal)),
              UnorderedElementsAre("appeal_id"));
  routing::GetRoutingDecisionRequest get_decision;
  routing::GetRoutingDecisionResponse decision;
  EXPECT_THAT(FieldsOf(routing_->GetRoutingDecision(Ctx().get(), get_decision, &decision)),
              UnorderedElementsAre("appeal_id"));
  routing::ListExecutorsRequest list_executors;
  list_executors.set_territory_code("LG-NOWHERE");
  routing::ListExecutorsResponse executors;
  EXPECT_THAT(FieldsOf(routing_->ListExecutors(Ctx().get(), list_executors, &executors)),
              UnorderedElementsAre("territory_code"));
  tracking::GetCaseRequest get_case;
  get_case.set_case_id("42");
  tracking::GetCaseResponse got;
  EXPECT_THAT(FieldsOf(tracking_->GetCase(Ctx().get(), get_case, &got)),
              UnorderedElementsAre("case_id"));
  tracking::ListCasesRequest list_cases;
  list_cases.set_page_size(-5);
  list_cases.set_page_token("not-a-token");
  tracking::ListCasesResponse cases;
  EXPECT_THAT(FieldsOf(tracking_->ListCases(Ctx().get(), list_cases, &cases)),
              UnorderedElementsAre("page_size"));
  // EventLog.Subscribe, as another service would call it: a bad cursor.
  auto events = eventlog::v1::EventLog::NewStub(cluster_->channel("intake"));
  eventlog::v1::SubscribeRequest sub;
  sub.set_after_position(-1);
  grpc::ClientContext sub_ctx;
  sub_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auth::AttachToken(sub_ctx, "e2e-bad-token-that-is-long");
  EXPECT_THAT(events->Subscribe(&sub_ctx, sub)->Finish(),
              StatusIs(absl::StatusCode::kUnauthenticated));

  // Nothing was written: the next appeal takes the next number, and the
  // only case is the first one's (the next appeal is another applicant's,
  // so that it opens a case of its own).
  intake::RegisterAppealResponse second;
  ASSERT_OK(Register(FromApplicant(Appeal("109", "LG-SEV", true), 1), &second));
  ASSERT_OK(WaitForCase(second.appeal().id()).status());
  const std::string n1 = first.appeal().registration_number();
  const std::string n2 = second.appeal().registration_number();
  EXPECT_EQ(std::stoi(n2.substr(n2.rfind('-') + 1)), std::stoi(n1.substr(n1.rfind('-') + 1)) + 1);
  EXPECT_EQ(AllCases().size(), 2u);
}

// Routing dies (SIGKILL, mid-transaction for all we know) and comes back
// while appeals keep coming: every appeal still ends with exactly one case.
TEST_F(PipelineTest, EveryAppealEndsWithOneCaseWhenRoutingIsKilledMidway) {
  constexpr int kAppeals = 200;
  constexpr int kThreads = 4;
  const char* const kTopics[] = {"106", "108", "109", "110", "112", "115", "125"};
  const char* const kTerritories[] = {"LG", "LG-SEV", "LG-STA", "LG-SVA", "LG-SHC", "LG-LUH"};
  std::mutex mu;
  std::set<std::string> appeal_ids;
  std::atomic<int> next{0}, failures{0};
  std::atomic<bool> killed{false}, restarted{false};
  std::string restart_error;

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < kAppeals; i = next++) {
        if (i == kAppeals * 3 / 10 && !killed.exchange(true)) {
          cluster_->process("routing").Signal(SIGKILL);
        }
        if (i == kAppeals * 6 / 10 && !restarted.exchange(true)) {
          if (absl::Status s = cluster_->Start("routing"); !s.ok()) {
            std::lock_guard<std::mutex> lock(mu);
            restart_error = s.ToString();
          }
        }
        intake::RegisterAppealResponse resp;
        // Each from its own applicant: one case per appeal (no duplicates).
        grpc::Status s = Register(
            FromApplicant(Appeal(kTopics[i % 7], kTerritories[i % 6], i % 2 == 0), i), &resp);
        if (!s.ok()) {
          ++failures;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        appeal_ids.insert(resp.appeal().id());
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(restart_error.empty()) << restart_error;
  ASSERT_EQ(failures.load(), 0);
  ASSERT_EQ(appeal_ids.size(), static_cast<size_t>(kAppeals));

  // Exactly once, counted in the databases once every consumer has caught
  // up: one first event in intake's log, one decision row and one decision
  // event in routing's, one case and one CaseOpened in tracking's.
  absl::StatusOr<PipelineCounts> counts =
      WaitForPipeline(*cluster_, appeal_ids, absl::Seconds(120));
  ASSERT_OK(counts.status());
  EXPECT_TRUE(counts->caught_up) << counts->ToString();
  EXPECT_TRUE(counts->exactly_once()) << counts->ToString();
  EXPECT_EQ(counts->decided_once, kAppeals) << counts->ToString();
  EXPECT_EQ(counts->routed, kAppeals) << counts->ToString();
  // And the APIs agree: every routed appeal has its case, every appeal its decision.
  std::multiset<std::string> case_appeals;
  for (const auto& c : AllCases()) case_appeals.insert(c.appeal_id());
  EXPECT_EQ(case_appeals.size(), static_cast<size_t>(counts->routed));
  for (const std::string& id : appeal_ids) {
    EXPECT_LE(case_appeals.count(id), 1u) << "appeal " << id;
    routing::GetRoutingDecisionRequest req;
    req.set_appeal_id(id);
    routing::GetRoutingDecisionResponse resp;
    EXPECT_OK(routing_->GetRoutingDecision(Ctx().get(), req, &resp));
  }
}

}  // namespace
}  // namespace contactcenter::e2e
