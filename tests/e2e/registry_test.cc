#include "registry.h"

#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::e2e {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Key;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TEST(RegistryTest, ListsTheRowsOfTheRegistryFileInOrder) {
  std::ifstream file(CC_SERVICE_REGISTRY);
  ASSERT_TRUE(file.good()) << CC_SERVICE_REGISTRY;
  std::vector<std::string> rows;
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream words(line);
    std::string name;
    if (words >> name && name[0] != '#') rows.push_back(name);
  }
  std::vector<std::string> names;
  for (const RegisteredService& svc : Registry()) names.push_back(svc.name);
  EXPECT_EQ(names, rows);
}

TEST(RegistryTest, EveryBinaryIsBuiltAndEveryPeerServesGrpc) {
  std::set<std::string> grpc;
  for (const RegisteredService& svc : Registry()) {
    if (svc.grpc) grpc.insert(svc.name);
  }
  for (const RegisteredService& svc : Registry()) {
    EXPECT_EQ(access(svc.binary.c_str(), X_OK), 0) << svc.name << ": " << svc.binary;
    for (const std::string& peer : svc.peers) EXPECT_TRUE(grpc.contains(peer)) << svc.name;
    for (const auto& [var, value] : svc.env) {
      EXPECT_THAT(value, Not(::testing::HasSubstr("{reference}"))) << svc.name << " " << var;
    }
  }
}

TEST(ServiceEnvironmentTest, DatabaseServiceGetsItsPortsPeersDsnAndOwnVariables) {
  const RegisteredService routing{.name = "routing", .grpc = true, .database = true,
                                  .peers = {"intake", "tracking"}, .binary = "/bin/routing",
                                  .env = {{"REFERENCE_DIR", "/ref"}}};
  const std::map<std::string, Ports> ports = {
      {"intake", {.grpc = 101, .metrics = 201}},
      {"routing", {.grpc = 102, .metrics = 202}},
      {"tracking", {.grpc = 103, .metrics = 203}}};
  EXPECT_THAT(ServiceEnvironment(routing, ports, "postgresql://r@h/r"),
              UnorderedElementsAre(Pair("GRPC_PORT", "102"), Pair("METRICS_PORT", "202"),
                                   Pair("DB_DSN", "postgresql://r@h/r"),
                                   Pair("INTAKE_ADDR", "127.0.0.1:101"),
                                   Pair("TRACKING_ADDR", "127.0.0.1:103"),
                                   Pair("REFERENCE_DIR", "/ref")));
}

TEST(ServiceEnvironmentTest, GatewayGetsHttpAndMetricsPortsAndNoDatabase) {
  const RegisteredService gateway{.name = "gateway", .http = true, .peers = {"intake"},
                                  .binary = "/bin/gateway"};
  const std::map<std::string, Ports> ports = {{"intake", {.grpc = 101, .metrics = 201}},
                                              {"gateway", {.metrics = 206, .http = 306}}};
  const std::map<std::string, std::string> env = ServiceEnvironment(gateway, ports, "");
  EXPECT_THAT(env, UnorderedElementsAre(Pair("METRICS_PORT", "206"), Pair("HTTP_PORT", "306"),
                                        Pair("INTAKE_ADDR", "127.0.0.1:101")));
  EXPECT_THAT(env, Not(Contains(Key("GRPC_PORT"))));
  EXPECT_THAT(env, Not(Contains(Key("DB_DSN"))));
}

TEST(ServiceEnvironmentTest, ServiceWithoutPeersGetsNoAddresses) {
  const RegisteredService lone{.name = "lone", .grpc = true, .binary = "/bin/lone"};
  const std::map<std::string, Ports> ports = {{"lone", {.grpc = 1, .metrics = 2}}};
  EXPECT_THAT(ServiceEnvironment(lone, ports, ""),
              ElementsAre(Pair("GRPC_PORT", "1"), Pair("METRICS_PORT", "2")));
}

}  // namespace
}  // namespace contactcenter::e2e
