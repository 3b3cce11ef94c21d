// The bootstrap in process: health, metrics and graceful shutdown.
#include <future>
#include <thread>

#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/routing/v1/routing.grpc.pb.h"
#include "contactcenter/server/server.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/impl/codegen/rpc_method.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "httplib.h"

namespace contactcenter::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
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
    ++register_calls;
    started.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return grpc::Status::OK;
  }
  std::promise<void> started;
  std::atomic<int> register_calls{0};
};

CommonConfig TestConfig() {
  CommonConfig c;
  c.service_name = "test";
  c.listen_host = "127.0.0.1";
  c.grpc_port = 0;
  c.metrics_port = 0;
  c.max_threads = 4;
  c.shutdown_grace = absl::Seconds(5);
  c.tls.plaintext_for_tests_only = true;  // TLS: libs/auth auth_tls_test
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

// Sends `bytes` as the request of `method`, as a client not built from the
// contract could.
grpc::Status RawCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                     const std::string& bytes) {
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return grpc::internal::BlockingUnaryCall(
      channel.get(), grpc::internal::RpcMethod(method.c_str(), grpc::internal::RpcMethod::NORMAL_RPC),
      &ctx, request, &response);
}

// What gRPC 1.51 alone answers for a request protobuf refuses is INTERNAL
// with an empty message; the server names the field instead.
TEST_F(ServerTest, InvalidUtf8InAStringFieldIsInvalidArgumentNamingTheField) {
  intake::RegisterAppealRequest req;
  req.mutable_card()->set_essence("Heat@@@@");
  std::string bytes = req.SerializeAsString();
  const size_t at = bytes.find("@@@@");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 4, "\xff\xfe\xc0\xaf");
  const absl::Status s = FromGrpcStatus(
      RawCall(channel_, "/contactcenter.intake.v1.IntakeService/RegisterAppeal", bytes));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid request: card.essence: not valid UTF-8");
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"card.essence", "not valid UTF-8"}));
  EXPECT_EQ(fake_.register_calls, 0);

  intake::GetAppealRequest get;
  get.set_registration_number("@@");
  bytes = get.SerializeAsString();
  bytes.replace(bytes.find("@@"), 2, "\xd0\x41");
  EXPECT_THAT(FieldViolationsOf(FromGrpcStatus(
                  RawCall(channel_, "/contactcenter.intake.v1.IntakeService/GetAppeal", bytes))),
              ElementsAre(FieldViolation{"registration_number", "not valid UTF-8"}));

  httplib::Client http("127.0.0.1", server_->metrics_port());
  auto res = http.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("grpc_server_handled_total{grpc_code=\"InvalidArgument\","
                                   "grpc_method=\"RegisterAppeal\""));
}

TEST_F(ServerTest, BytesThatAreNoMessageAreInvalidArgumentForTheWholeRequest) {
  // Field 1, length-delimited, 100 bytes long: but the bytes end.
  const absl::Status s = FromGrpcStatus(
      RawCall(channel_, "/contactcenter.intake.v1.IntakeService/RegisterAppeal", "\x0a\x64zz"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{
                  "", "not a contactcenter.intake.v1.RegisterAppealRequest in protobuf's wire "
                      "format"}));
  EXPECT_EQ(fake_.register_calls, 0);
}

TEST_F(ServerTest, CallsToMethodsTheServerDoesNotHaveShareOneUnknownSeries) {
  // RoutingService is a real contract, but not served here.
  auto stub = routing::v1::RoutingService::NewStub(channel_);
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext ctx;
    routing::v1::ListExecutorsResponse resp;
    EXPECT_EQ(stub->ListExecutors(&ctx, routing::v1::ListExecutorsRequest(), &resp).error_code(),
              grpc::StatusCode::UNIMPLEMENTED);
  }
  grpc::ClientContext ctx;
  routing::v1::GetRoutingDecisionResponse resp;
  EXPECT_EQ(stub->GetRoutingDecision(&ctx, routing::v1::GetRoutingDecisionRequest(), &resp)
                .error_code(),
            grpc::StatusCode::UNIMPLEMENTED);

  httplib::Client http("127.0.0.1", server_->metrics_port());
  auto res = http.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, Not(HasSubstr("RoutingService")));
  EXPECT_THAT(res->body, Not(HasSubstr("ListExecutors")));
  EXPECT_THAT(res->body, HasSubstr("grpc_server_handled_total{grpc_code=\"Unimplemented\","
                                   "grpc_method=\"unknown\",grpc_service=\"unknown\","
                                   "grpc_type=\"unknown\"} 4"));
}

TEST_F(ServerTest, AHealthCheckThatHangsTurnsNotServingWithinItsTimeoutAndBack) {
  std::atomic<bool> hang{false};
  server_->WatchHealth(
      [&] {
        while (hang) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return absl::OkStatus();
      },
      absl::Milliseconds(50), absl::Milliseconds(300));
  auto within = [&](HealthResponse::ServingStatus want, absl::Duration limit) {
    const absl::Time start = absl::Now();
    while (Health() != want && absl::Now() - start < limit) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return absl::Now() - start;
  };
  EXPECT_LT(within(HealthResponse::SERVING, absl::Seconds(5)), absl::Seconds(5));
  hang = true;
  // The check never returns while hanging: only the watchdog can turn it.
  EXPECT_LT(within(HealthResponse::NOT_SERVING, absl::Seconds(5)), absl::Seconds(1));
  hang = false;
  EXPECT_LT(within(HealthResponse::SERVING, absl::Seconds(5)), absl::Seconds(1));
}

TEST(ServerLimitsTest, AMessageOverTheLimitIsRefused) {
  CommonConfig c = TestConfig();
  c.limits.max_receive_message_bytes = 1024;
  FakeIntake fake;
  Server server(c);
  server.AddService(&fake, intake::IntakeService::service_full_name());
  ASSERT_TRUE(server.Start().ok());
  auto stub = intake::IntakeService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", server.grpc_port()), grpc::InsecureChannelCredentials()));
  intake::GetAppealRequest req;
  req.set_appeal_id(std::string(2000, 'x'));
  grpc::ClientContext ctx;
  intake::GetAppealResponse resp;
  EXPECT_EQ(stub->GetAppeal(&ctx, req, &resp).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  req.set_appeal_id(std::string(500, 'x'));
  grpc::ClientContext ctx2;
  EXPECT_EQ(stub->GetAppeal(&ctx2, req, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(ServerLimitsTest, EveryLimitOutOfRangeIsReported) {
  std::vector<std::string> problems;
  CheckLimits(Limits(), &problems);
  EXPECT_THAT(problems, IsEmpty());
  Limits bad;
  bad.max_receive_message_bytes = 10;
  bad.sync_min_pollers = 3;
  bad.sync_max_pollers = 2;
  bad.max_streams_per_principal = 0;
  bad.rate_limit = -1;
  bad.max_connection_idle = absl::ZeroDuration();
  CheckLimits(bad, &problems);
  EXPECT_THAT(problems, ElementsAre(HasSubstr("--max_receive_message_bytes=10"),
                                    HasSubstr("--sync_max_pollers=2"),
                                    HasSubstr("--max_streams_per_principal=0"),
                                    HasSubstr("--rate_limit"),
                                    HasSubstr("--max_connection_idle=0")));
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
