#include "contactcenter/client/client.h"

#include <atomic>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "contactcenter/server/server.h"
#include "contactcenter/testing/test_certificates.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"

namespace contactcenter::client {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

std::unique_ptr<server::Server> StartPeer(int port) {
  server::CommonConfig c;
  c.service_name = "peer";
  c.listen_host = "127.0.0.1";
  c.grpc_port = port;
  c.metrics_port = 0;
  c.max_threads = 4;
  c.shutdown_grace = absl::Seconds(1);
  c.tls.plaintext_for_tests_only = true;  // about reconnecting, not transport
  auto s = std::make_unique<server::Server>(c);
  absl::Status started = s->Start();
  EXPECT_TRUE(started.ok()) << started;
  return s;
}

grpc::Status Check(Health::Stub& stub, const CallOptions& o) {
  return Call(o, [&](grpc::ClientContext& ctx) {
    HealthCheckRequest req;
    HealthCheckResponse resp;
    return stub.Check(&ctx, req, &resp);
  });
}

// MakeChannel(target) speaks the process's transport security: before
// anything sets it, TLS trusting only the system's roots, which refuse our
// CA's servers (closed, never plaintext); once set, TLS with our CA.
TEST(ChannelTest, ChannelsSpeakTheProcesssTransportSecurityAndFailClosedBeforeItIsSet) {
  auto certs = testing::TestCertificates::CreateOrDie({"peer", "caller"});
  server::CommonConfig c;
  c.service_name = "peer";
  c.listen_host = "127.0.0.1";
  c.max_threads = 4;
  c.shutdown_grace = absl::Seconds(1);
  c.tls = certs->ServerTls("peer");
  server::Server peer(c);
  ASSERT_TRUE(peer.Start().ok());
  peer.SetServing(true);
  const std::string target = absl::StrCat("127.0.0.1:", peer.grpc_port());
  CallOptions o;
  o.attempt_timeout = absl::Seconds(2);

  auto unset = Health::NewStub(MakeChannel(target));
  EXPECT_EQ(Check(*unset, o).error_code(), grpc::StatusCode::UNAVAILABLE);
  auto plaintext = Health::NewStub(MakeChannel(target, tls::PlaintextForTestsOnly()));
  EXPECT_EQ(Check(*plaintext, o).error_code(), grpc::StatusCode::UNAVAILABLE);

  SetTransportSecurity(certs->ClientTls("caller"));
  auto set = Health::NewStub(MakeChannel(target));
  EXPECT_TRUE(Check(*set, o).ok());
  peer.Shutdown();
}

TEST(ChannelTest, ReconnectBackoffIsCappedUnderASecondAndIdlePeersArePinged) {
  grpc::ChannelArguments args = ServiceChannelArguments();
  std::map<std::string, int> ints;
  const grpc_channel_args c = args.c_channel_args();
  for (size_t i = 0; i < c.num_args; ++i) {
    if (c.args[i].type == GRPC_ARG_INTEGER) ints[c.args[i].key] = c.args[i].value.integer;
  }
  EXPECT_EQ(ints[GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS], 100);
  EXPECT_EQ(ints[GRPC_ARG_MIN_RECONNECT_BACKOFF_MS], 100);
  // gRPC adds up to 20% jitter: 960 ms at worst.
  EXPECT_LE(ints[GRPC_ARG_MAX_RECONNECT_BACKOFF_MS] * 1.2, 1000);
  EXPECT_EQ(ints[GRPC_ARG_KEEPALIVE_TIME_MS], 10000);
  EXPECT_EQ(ints[GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS], 1);
}

TEST(BackoffTest, StepsDoubleUpToTheCapWithJitterAndResetAfterASuccess) {
  Backoff b(absl::Milliseconds(100), absl::Milliseconds(500));
  for (absl::Duration step : {absl::Milliseconds(100), absl::Milliseconds(200),
                              absl::Milliseconds(400), absl::Milliseconds(500),
                              absl::Milliseconds(500)}) {
    const absl::Duration wait = b.Next();
    EXPECT_GE(wait, step / 2);
    EXPECT_LE(wait, step);
  }
  b.Reset();
  EXPECT_LE(b.Next(), absl::Milliseconds(100));
}

TEST(CallTest, ANonRetryableErrorIsReturnedAtOnce) {
  CallOptions o;
  o.retry_unavailable = true;
  int attempts = 0;
  const absl::Time start = absl::Now();
  grpc::Status s = Call(o, [&](grpc::ClientContext&) {
    ++attempts;
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad");
  });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(attempts, 1);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(50));
}

TEST(CallTest, UnavailableIsRetriedOnlyWhenTheCallIsMarkedSafe) {
  CallOptions o;
  o.total_budget = absl::Milliseconds(400);
  int attempts = 0;
  auto unavailable = [&](grpc::ClientContext&) {
    ++attempts;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "away");
  };
  EXPECT_EQ(Call(o, unavailable).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(attempts, 1);

  attempts = 0;
  o.retry_unavailable = true;
  const absl::Time start = absl::Now();
  EXPECT_EQ(Call(o, unavailable).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_GT(attempts, 2);
  // Retries stop within the budget.
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(600));
}

TEST(CallTest, EveryAttemptHasADeadlineCutToTheBudget) {
  CallOptions o;
  o.attempt_timeout = absl::Seconds(2);
  o.total_budget = absl::Seconds(3);
  o.retry_unavailable = true;
  o.initial_backoff = o.max_backoff = absl::Milliseconds(600);
  std::vector<absl::Duration> left;
  const absl::Time start = absl::Now();
  Call(o, [&](grpc::ClientContext& ctx) {
    left.push_back(absl::FromChrono(ctx.deadline()) - absl::Now());
    // The first attempt runs into its own deadline, as a slow peer would.
    if (left.size() == 1) absl::SleepFor(absl::Seconds(2));
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "away");
  });
  ASSERT_GE(left.size(), 2u);
  EXPECT_GT(left[0], absl::Milliseconds(1900));
  EXPECT_LE(left[0], absl::Seconds(2));
  // The second starts at least 2.3 s in: only what is left of 3 s.
  EXPECT_LE(left[1], absl::Milliseconds(700));
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(3200));
}

TEST(CallTest, APeerThatComesBackIsCalledWithinAboutASecond) {
  std::unique_ptr<server::Server> peer = StartPeer(0);
  const int port = peer->grpc_port();
  auto stub = Health::NewStub(
      MakeChannel(absl::StrCat("127.0.0.1:", port), tls::PlaintextForTestsOnly()));
  CallOptions o;
  o.attempt_timeout = absl::Seconds(1);
  ASSERT_TRUE(Check(*stub, o).ok());

  peer->Shutdown();
  peer.reset();
  EXPECT_EQ(Check(*stub, o).error_code(), grpc::StatusCode::UNAVAILABLE);

  o.retry_unavailable = true;
  o.total_budget = absl::Seconds(30);
  std::atomic<bool> ok{false};
  absl::Time done;
  std::thread caller([&] {
    ok = Check(*stub, o).ok();
    done = absl::Now();
  });
  // Long enough for gRPC's default backoff to have grown past several
  // seconds; ours stays capped.
  absl::SleepFor(absl::Seconds(4));
  peer = StartPeer(port);
  const absl::Time back = absl::Now();
  caller.join();
  EXPECT_TRUE(ok);
  std::printf("called %s after the peer came back\n", absl::FormatDuration(done - back).c_str());
  EXPECT_LT(done - back, absl::Milliseconds(1500));
}

}  // namespace
}  // namespace contactcenter::client
