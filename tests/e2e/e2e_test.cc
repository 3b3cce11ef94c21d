#include "e2e_test.h"

#include <signal.h>

#include "contactcenter/auth/auth.h"

namespace contactcenter::e2e {

std::vector<std::string> E2eTest::Services() const {
  std::vector<std::string> names;
  for (const RegisteredService& svc : Registry()) names.push_back(svc.name);
  return names;
}

void E2eTest::SetUp() {
  absl::StatusOr<std::unique_ptr<Cluster>> c = Cluster::Create();
  ASSERT_TRUE(c.ok()) << c.status();
  cluster_ = *std::move(c);
  for (const std::string& svc : Services()) {
    absl::Status s = cluster_->Start(svc);
    ASSERT_TRUE(s.ok()) << s;
  }
  intake_ = intake::v1::IntakeService::NewStub(cluster_->channel("intake"));
  routing_ = routing::v1::RoutingService::NewStub(cluster_->channel("routing"));
  tracking_ = tracking::v1::TrackingService::NewStub(cluster_->channel("tracking"));
  executors_ = tracking::v1::ExecutorService::NewStub(cluster_->channel("tracking"));
}

intake::v1::RegisterAppealRequest E2eTest::WebFormAppealByEmail(const std::string& surname,
                                                                const std::string& name,
                                                                const std::string& address,
                                                                const std::string& email) {
  intake::v1::RegisterAppealRequest reg;
  intake::v1::AppealCard* c = reg.mutable_card();
  c->set_kind(common::v1::APPEAL_KIND_STATEMENT);
  c->set_form(common::v1::APPEAL_FORM_ELECTRONIC);
  c->set_channel(common::v1::CHANNEL_WEB_FORM);
  c->set_subject(common::v1::APPEAL_SUBJECT_INDIVIDUAL);
  intake::v1::Person* p = c->mutable_applicant()->mutable_person();
  p->set_surname(surname);
  p->set_name(name);
  p->set_residence_address(address);
  p->set_email(email);
  c->set_topic_code("109");
  c->set_territory_code("LG-SEV");
  c->set_essence("Немає гарячої води третій тиждень.");
  return reg;
}

void E2eTest::TearDown() {
  if (cluster_ == nullptr) return;
  intake_.reset();
  routing_.reset();
  tracking_.reset();
  executors_.reset();
  cluster_->CloseChannels();
  // The reverse of the start order.
  for (auto it = Registry().rbegin(); it != Registry().rend(); ++it) {
    const std::string& svc = it->name;
    ServiceProcess& p = cluster_->process(svc);
    if (!p.running()) continue;
    p.Signal(SIGTERM);
    absl::StatusOr<int> code = p.Wait(absl::Seconds(20));
    EXPECT_TRUE(code.ok() && *code == 0)
        << svc << " did not stop cleanly: " << code.status() << "\n" << p.LogTail();
  }
}

std::unique_ptr<grpc::ClientContext> E2eTest::Ctx(const std::string& token) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  ctx->set_wait_for_ready(true);
  if (!token.empty()) auth::AttachToken(*ctx, token);
  return ctx;
}

absl::StatusOr<tracking::v1::Case> E2eTest::WaitForCase(const std::string& appeal_id,
                                                         absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  tracking::v1::GetCaseRequest req;
  req.set_appeal_id(appeal_id);
  while (true) {
    tracking::v1::GetCaseResponse resp;
    grpc::Status s = tracking_->GetCase(Ctx().get(), req, &resp);
    if (s.ok()) return resp.case_();
    if (s.error_code() != grpc::StatusCode::NOT_FOUND || absl::Now() > give_up) {
      return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace contactcenter::e2e
