// A development CA and certificates for tests, made by the same script as
// deploy/local/up's (deploy/local/tls-certs) into a fresh temporary folder,
// removed at the end.
//
//   auto certs = TestCertificates::CreateOrDie({"intake", "routing"});
//   server config: certs->ServerTls("intake");
//   a service's channel: certs->ClientTls("routing"); an operator's: certs->ClientTls()
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "contactcenter/tls/tls.h"

namespace contactcenter::testing {

class TestCertificates {
 public:
  // A new CA, and a certificate (CN and DNS SAN `name`, localhost,
  // 127.0.0.1) for each of `names`.
  static absl::StatusOr<std::unique_ptr<TestCertificates>> Create(
      const std::vector<std::string>& names);
  // Prints why and exits with status 1 when they cannot be made.
  static std::unique_ptr<TestCertificates> CreateOrDie(const std::vector<std::string>& names);
  ~TestCertificates();

  const std::string& dir() const { return dir_; }
  std::string ca_file() const { return dir_ + "/ca.crt"; }
  std::string cert_file(const std::string& name) const { return dir_ + "/" + name + ".crt"; }
  std::string key_file(const std::string& name) const { return dir_ + "/" + name + ".key"; }

  // A server's (or a service's) configuration: `name`'s certificate, this CA.
  tls::Config ServerTls(const std::string& name) const;
  // A client's: trusts this CA; presents `name`'s certificate unless "".
  tls::Config ClientTls(const std::string& name = "") const;

 private:
  explicit TestCertificates(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace contactcenter::testing
