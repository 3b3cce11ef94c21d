// The executive body reads the appeal it considers (Law 393/96-ВР Art. 10,
// issue 10): intake learns who holds an appeal from routing's events, lets
// that body's executor read it with the applicant's contacts, answers any
// other executor NOT_FOUND exactly as for an appeal that does not exist, and
// audits both reads.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/db/values.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "contactcenter/testing/status_matchers.h"
#include "e2e_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::e2e {
namespace {

namespace intake = ::contactcenter::intake::v1;
namespace routing = ::contactcenter::routing::v1;
using ::testing::Contains;
using ::testing::IsEmpty;

class ExecutorReadE2eTest : public E2eTest {
 protected:
  // Tracking is not needed: who holds an appeal is routing's word.
  std::vector<std::string> Services() const override { return {"intake", "routing"}; }
};

struct AuditRow {
  std::string reader;
  std::string role;
  std::string executor_id;
  std::vector<std::string> fields;
  bool refused = false;
};

TEST_F(ExecutorReadE2eTest, TheHoldingBodyReadsTheAppealWithContactsAnotherGetsNotFoundBothAudited) {
  intake::RegisterAppealRequest req = ::contactcenter::intake::SampleAppeal();
  req.mutable_card()->set_essence("Я, Шевченко Олена, прошу відновити опалення в будинку.");
  req.mutable_card()->set_do_not_disclose_name(true);
  req.mutable_card()->set_keep_consideration_secret(true);
  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), req, &registered));
  const std::string id = registered.appeal().id();

  // Routing sends it (109, LG-SEV) to lg-sev-rva.
  routing::GetRoutingDecisionRequest decision_req;
  decision_req.set_appeal_id(id);
  routing::GetRoutingDecisionResponse decision;
  ASSERT_TRUE(Eventually([&] {
    return routing_->GetRoutingDecision(Ctx().get(), decision_req, &decision).ok();
  }));
  ASSERT_EQ(decision.decision().executor_id(), Cluster::kExecutorId);

  // Intake learns it from routing's log within moments. (Watched in its
  // database: an executor's read before that would be refused, and audited.)
  absl::StatusOr<std::unique_ptr<pqxx::connection>> conn =
      db::Connect(cluster_->AdminDsns().at("intake"));
  ASSERT_OK(conn.status());
  ASSERT_TRUE(Eventually([&] {
    pqxx::read_transaction tx(**conn);
    return tx.exec(absl::StrCat("SELECT 1 FROM appeal_holders WHERE appeal_id = '", id,
                                "' AND executor_id = '", Cluster::kExecutorId, "'"))
               .size() == 1;
  }));
  intake::GetAppealRequest get;
  get.set_appeal_id(id);
  intake::GetAppealResponse got;
  ASSERT_OK(intake_->GetAppeal(Ctx(cluster_->executor_token()).get(), get, &got));
  const intake::Person& p = got.appeal().card().applicant().person();
  EXPECT_EQ(p.surname(), "Шевченко");
  EXPECT_EQ(p.name(), "Олена");
  EXPECT_NE(p.residence_address(), "");
  EXPECT_EQ(p.phone(), "+380501234567");
  EXPECT_EQ(got.appeal().card().essence(), req.card().essence());
  EXPECT_TRUE(got.applicant_requests().do_not_disclose_name());
  EXPECT_TRUE(got.applicant_requests().keep_consideration_secret());

  // Another body's executor: the same NOT_FOUND as an appeal that does not exist.
  const std::string made_up = "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01";
  const grpc::Status refused =
      intake_->GetAppeal(Ctx(cluster_->other_executor_token()).get(), get, &got);
  intake::GetAppealRequest none;
  none.set_appeal_id(made_up);
  const grpc::Status missing =
      intake_->GetAppeal(Ctx(cluster_->other_executor_token()).get(), none, &got);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(refused.error_message(), absl::StrCat("no appeal ", id));
  EXPECT_EQ(missing.error_message(), absl::StrCat("no appeal ", made_up));
  EXPECT_EQ(refused.error_details(), missing.error_details());

  // Both reads are in the audit: the body's, with the fields it got, and
  // the refused one, with none. (A made-up id has nothing to audit.)
  // Analytics' read of the essence for content analysis (role service) is
  // audited too, whenever its job comes by; its own test checks that row.
  pqxx::read_transaction tx(**conn);
  std::vector<AuditRow> rows;
  for (const pqxx::row& r : tx.exec(absl::StrCat(
           "SELECT reader, reader_role, executor_id, fields, refused FROM personal_data_reads "
           "WHERE appeal_id = '", id, "' AND reader_role <> 'service' ORDER BY id"))) {
    rows.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str(), db::TextArrayFromField(r[3]),
                    r[4].as<bool>()});
  }
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].reader, "e2e-executor");
  EXPECT_EQ(rows[0].role, "executor");
  EXPECT_EQ(rows[0].executor_id, Cluster::kExecutorId);
  EXPECT_THAT(rows[0].fields, Contains("applicant.person.surname"));
  EXPECT_THAT(rows[0].fields, Contains("applicant.person.phone"));
  EXPECT_THAT(rows[0].fields, Contains("essence"));
  EXPECT_FALSE(rows[0].refused);
  EXPECT_EQ(rows[1].reader, "e2e-other-executor");
  EXPECT_EQ(rows[1].executor_id, Cluster::kOtherExecutorId);
  EXPECT_THAT(rows[1].fields, IsEmpty());
  EXPECT_TRUE(rows[1].refused);
}

}  // namespace
}  // namespace contactcenter::e2e
