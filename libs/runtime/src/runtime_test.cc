// The two runtime layers' configuration, and a process without a database
// serving and stopping. No database here: ServiceRuntime's running part is
// covered by the services' end-to-end tests.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "contactcenter/runtime/process.h"
#include "contactcenter/runtime/service_runtime.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"

ABSL_DECLARE_FLAG(std::string, db_dsn);
ABSL_DECLARE_FLAG(int, db_max_connections);

namespace contactcenter::runtime {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class RuntimeConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::SetFlag(&FLAGS_grpc_port, 0);
    absl::SetFlag(&FLAGS_metrics_port, 0);
    absl::SetFlag(&FLAGS_db_dsn, "");
    absl::SetFlag(&FLAGS_db_max_connections, 8);
    absl::SetFlag(&FLAGS_tokens_file, "");
    // TLS has tests of its own below; the others run in plaintext.
    absl::SetFlag(&FLAGS_insecure_plaintext_for_tests_only, true);
    absl::SetFlag(&FLAGS_tls_cert, "");
    absl::SetFlag(&FLAGS_tls_key, "");
    absl::SetFlag(&FLAGS_tls_ca, "");
  }
};

TEST_F(RuntimeConfigTest, AProcessNeedsNeitherADatabaseNorATokensFile) {
  std::vector<std::string> problems;
  server::CommonConfig c = server::LoadCommonConfig("gateway", 8080, 9109, &problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_EQ(c.grpc_port, 8080);
  EXPECT_EQ(c.tokens_file, "");
}

TEST_F(RuntimeConfigTest, TheDatabaseLayerNeedsADsnAndSaneLimits) {
  std::vector<std::string> problems;
  absl::SetFlag(&FLAGS_db_max_connections, 0);
  LoadDatabaseConfig(&problems);
  EXPECT_THAT(problems, ElementsAre(HasSubstr("--db_dsn"), HasSubstr("--db_max_connections=0")));

  problems.clear();
  absl::SetFlag(&FLAGS_db_dsn, "postgresql://x@127.0.0.1:1/x");
  absl::SetFlag(&FLAGS_db_max_connections, 4);
  DatabaseConfig c = LoadDatabaseConfig(&problems);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_EQ(c.dsn, "postgresql://x@127.0.0.1:1/x");
  EXPECT_EQ(c.max_connections, 4);
}

TEST_F(RuntimeConfigTest, ADatabaseServiceReportsEveryProblemAtOnceAndExits2) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  absl::SetFlag(&FLAGS_grpc_port, 70000);
  EXPECT_EXIT(ServiceRuntime({"svc", 50099, 9199, nullptr}, {"--own_flag is wrong"}),
              ::testing::ExitedWithCode(2),
              "--own_flag is wrong(.|\n)*--db_dsn(.|\n)*--tokens_file(.|\n)*"
              "--grpc_port=70000(.|\n)*4 configuration problem");
}

TEST_F(RuntimeConfigTest, WithoutTlsFilesOrThePlaintextFlagAProcessNamesWhatIsMissing) {
  absl::SetFlag(&FLAGS_insecure_plaintext_for_tests_only, false);
  std::vector<std::string> problems;
  server::LoadCommonConfig("gateway", 8080, 9109, &problems);
  EXPECT_THAT(problems, ElementsAre(AllOf(HasSubstr("--tls_cert, --tls_key, --tls_ca"),
                                          HasSubstr("TLS_CERT, TLS_KEY, TLS_CA"))));
}

TEST_F(RuntimeConfigTest, ADatabaseConnectionMustVerifyTheServerUnlessPlaintextIsAskedFor) {
  absl::SetFlag(&FLAGS_insecure_plaintext_for_tests_only, false);
  std::vector<std::string> problems;
  for (const char* dsn : {"postgresql://x:secret@127.0.0.1:1/x",
                          "host=127.0.0.1 user=x password=secret sslmode=require"}) {
    absl::SetFlag(&FLAGS_db_dsn, dsn);
    LoadDatabaseConfig(&problems);
  }
  EXPECT_THAT(problems, ElementsAre(HasSubstr("sslmode=prefer (the default): it must be "
                                              "sslmode=verify-full with sslrootcert"),
                                    HasSubstr("sslmode=require: it must be")));
  for (const std::string& p : problems) EXPECT_THAT(p, Not(HasSubstr("secret")));

  problems.clear();
  for (const char* dsn :
       {"postgresql://x@127.0.0.1:1/x?sslmode=verify-full&sslrootcert=/tls/ca.crt",
        "host=127.0.0.1 user=x sslmode=verify-full sslrootcert=/tls/ca.crt"}) {
    absl::SetFlag(&FLAGS_db_dsn, dsn);
    LoadDatabaseConfig(&problems);
  }
  EXPECT_THAT(problems, IsEmpty());
}

// A loopback port free at the moment (the flags refuse 0).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

grpc::health::v1::HealthCheckResponse::ServingStatus Health(int port) {
  auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  if (!stub->Check(&ctx, req, &resp).ok()) return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  return resp.status();
}

TEST_F(RuntimeConfigTest, AProcessWithoutADatabaseServesRunsItsJobsAndStopsOnTheSignal) {
  server::StopSignal& stop = server::StopSignal::Install();
  const int port = FreePort();
  absl::SetFlag(&FLAGS_grpc_port, port);
  absl::SetFlag(&FLAGS_metrics_port, FreePort());
  Process process({"gateway", 0, 0}, {});
  EXPECT_EQ(process.auth(), nullptr);
  std::atomic<int> runs{0};
  process.AddPeriodicJob("tick", absl::Milliseconds(20), [&] {
    ++runs;
    return absl::OkStatus();
  });
  std::atomic<int> exit_code{-1};
  std::thread run([&] { exit_code = process.Run(); });
  bool serving = false;
  for (int i = 0; i < 500 && !serving; ++i) {
    serving = Health(port) == grpc::health::v1::HealthCheckResponse::SERVING;
    if (!serving) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(serving);
  for (int i = 0; i < 500 && runs < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(runs.load(), 3);
  stop.Request();
  run.join();
  EXPECT_EQ(exit_code.load(), 0);
  const int after = runs;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(runs.load(), after) << "jobs stop with the process";
}

}  // namespace
}  // namespace contactcenter::runtime
