// The bootstrap in process: health, metrics and graceful shutdown.
#include <future>
#include <thread>

#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/server/server.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "httplib.h"

namespace contactcenter::server {
namespace {

using ::testing::HasSubstr;
namespace intake = ::contactcenter::intake::v1;
using HealthResponse = ::grpc::health::v1::HealthCheckResponse;

// A stand-in service: GetAppeal rejects, RegisterAppeal is slow.
class FakeIntake final : public intake::IntakeService::Service {
 public:
  grpc::Status GetAppeal(grpc::ServerContext*, const intake::GetAppealRequest*,
                         intake::GetAppealResponse*) override {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad");
  }
  grpc::Status RegisterAppeal(grpc::ServerContext*, const intake::RegisterAppealRequest*,
                              intake::RegisterAppealResponse*) override {
    started.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return grpc::Status::OK;
  }
  std::promise<void> started;
};

CommonConfig TestConfig() {
  CommonConfig c;
  c.service_name = "test";
  c.listen_host = "127.0.0.1";
  c.grpc_port = 0;
  c.metrics_port = 0;
  c.max_threads = 4;
  c.shutdown_grace = absl::Seconds(5);
  return c;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(TestConfig());
    server_->AddService(&fake_, intake::IntakeService::service_full_name());
    ASSERT_TRUE(server_->Start().ok());
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->grpc_port()),
                                   grpc::InsecureChannelCredentials());
  }

  HealthResponse::ServingStatus Health(const std::string& service = "") {
    auto stub = grpc::health::v1::Health::NewStub(channel_);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    HealthResponse resp;
    grpc::Status s = stub->Check(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.status();
  }

  FakeIntake fake_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ServerTest, HealthIsNotServingUntilTheServiceSaysItIsReady) {
  EXPECT_EQ(Health(), HealthResponse::NOT_SERVING);
  EXPECT_EQ(Health("contactcenter.intake.v1.IntakeService"), HealthResponse::NOT_SERVING);
  server_->SetServing(true);
  EXPECT_EQ(Health(), HealthResponse::SERVING);
  EXPECT_EQ(Health("contactcenter.intake.v1.IntakeService"), HealthResponse::SERVING);
}

TEST_F(ServerTest, WatchHealthFollowsTheCheck) {
  std::atomic<bool> healthy{true};
  server_->WatchHealth([&] { return healthy ? absl::OkStatus() : absl::UnavailableError("db"); },
                       absl::Milliseconds(20));
  auto eventually = [&](HealthResponse::ServingStatus want) {
    for (int i = 0; i < 200 && Health() != want; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return Health();
  };
  EXPECT_EQ(eventually(HealthResponse::SERVING), HealthResponse::SERVING);
  healthy = false;
  EXPECT_EQ(eventually(HealthResponse::NOT_SERVING), HealthResponse::NOT_SERVING);
}

TEST_F(ServerTest, MetricsCountEveryCallWithTheEcosystemsNames) {
  auto stub = intake::IntakeService::NewStub(channel_);
  grpc::ClientContext ctx;
  intake::GetAppealResponse resp;
  EXPECT_EQ(stub->GetAppeal(&ctx, intake::GetAppealRequest(), &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  httplib::Client http("127.0.0.1", server_->metrics_port());
  auto res = http.Get("/metrics");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string& body = res->body;
  EXPECT_THAT(body, HasSubstr("# TYPE grpc_server_started_total counter"));
  EXPECT_THAT(body, HasSubstr("# TYPE grpc_server_handling_seconds histogram"));
  EXPECT_THAT(body, HasSubstr(
      "grpc_server_handled_total{grpc_code=\"InvalidArgument\",grpc_method=\"GetAppeal\","
      "grpc_service=\"contactcenter.intake.v1.IntakeService\",grpc_type=\"unary\"} 1"));
  EXPECT_THAT(body, HasSubstr(
      "grpc_server_started_total{grpc_method=\"GetAppeal\","
      "grpc_service=\"contactcenter.intake.v1.IntakeService\",grpc_type=\"unary\"} 1"));
}

TEST_F(ServerTest, ShutdownLetsACallInFlightFinish) {
  auto stub = intake::IntakeService::NewStub(channel_);
  std::future<grpc::Status> call = std::async(std::launch::async, [&] {
    grpc::ClientContext ctx;
    intake::RegisterAppealResponse resp;
    return stub->RegisterAppeal(&ctx, intake::RegisterAppealRequest(), &resp);
  });
  fake_.started.get_future().wait();
  server_->Shutdown();
  EXPECT_TRUE(call.get().ok());
}

TEST_F(ServerTest, ABusyPortIsReportedByAddress) {
  CommonConfig c = TestConfig();
  c.grpc_port = server_->grpc_port();
  Server second(c);
  absl::Status s = second.Start();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(s.message()), HasSubstr(absl::StrCat(":", c.grpc_port)));
}

}  // namespace
}  // namespace contactcenter::server
