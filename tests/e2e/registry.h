// The services of deploy/services.txt, for the e2e cluster. CMake reads the
// registry and generates Registry() (tests/CMakeLists.txt), with each
// binary's path in this build.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace contactcenter::e2e {

struct RegisteredService {
  std::string name{};
  bool grpc = false;      // serves gRPC on GRPC_PORT
  bool http = false;      // serves HTTP on HTTP_PORT
  bool database = false;  // has its own database (DB_DSN)
  // Services it follows or calls: it gets <PEER>_ADDR for each.
  std::vector<std::string> peers{};
  std::string binary{};  // absolute path
  // Its own extra environment, {reference} expanded.
  std::map<std::string, std::string> env{};
};

// In start order.
const std::vector<RegisteredService>& Registry();

// The ports a running service listens on; 0 where it has none.
struct Ports {
  int grpc = 0;
  int metrics = 0;
  int http = 0;
};

// What a service runs with besides the cluster-wide settings: its ports,
// <PEER>_ADDR on loopback for each peer (from `ports`, keyed by name),
// DB_DSN when it has a database, and its own environment.
std::map<std::string, std::string> ServiceEnvironment(const RegisteredService& service,
                                                      const std::map<std::string, Ports>& ports,
                                                      const std::string& db_dsn);

}  // namespace contactcenter::e2e
