#include "registry.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace contactcenter::e2e {

std::map<std::string, std::string> ServiceEnvironment(const RegisteredService& service,
                                                      const std::map<std::string, Ports>& ports,
                                                      const std::string& db_dsn) {
  std::map<std::string, std::string> env = service.env;
  const Ports& own = ports.at(service.name);
  if (service.grpc) env["GRPC_PORT"] = absl::StrCat(own.grpc);
  env["METRICS_PORT"] = absl::StrCat(own.metrics);
  if (service.http) env["HTTP_PORT"] = absl::StrCat(own.http);
  if (service.database) env["DB_DSN"] = db_dsn;
  for (const std::string& peer : service.peers) {
    env[absl::StrCat(absl::AsciiStrToUpper(peer), "_ADDR")] =
        absl::StrCat("127.0.0.1:", ports.at(peer).grpc);
  }
  return env;
}

}  // namespace contactcenter::e2e
