// Transport security for every gRPC server and channel of ours: TLS with
// certificates signed by one CA, mutual between services.
//
// A process has one certificate (--tls_cert, --tls_key) that it serves with
// and presents as a client, and trusts one CA (--tls_ca) for its peers: a
// server checks a client certificate when one is presented (or always, with
// --tls_require_client_cert), a client checks the server's certificate
// against the CA and the name it dialled. Plaintext only with
// --insecure_plaintext_for_tests_only (the flags: contactcenter/server/flags.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/security/auth_context.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace contactcenter::tls {

// What a process needs for TLS, as PEM text.
struct Certificates {
  // The CA its peers' certificates must be signed by.
  std::string ca_pem;
  // Its own certificate (chain) and key; a client without them presents no
  // certificate (an operator's tool).
  std::string cert_pem;
  std::string key_pem;
};

struct Config {
  // No TLS at all: for tests of other things only, never in a deployment.
  bool plaintext_for_tests_only = false;
  Certificates certificates;
  // A server refuses a client that presents no certificate signed by the CA.
  bool require_client_cert = false;
};

// No TLS: for tests of other things (servers run with
// --insecure_plaintext_for_tests_only, and their clients).
inline Config PlaintextForTestsOnly() {
  Config c;
  c.plaintext_for_tests_only = true;
  return c;
}

// Reads the three files; any may be "" (not given). Each unreadable or
// empty file, or a certificate without its key, is a problem in `problems`
// (the flags named by their names: --<flag_prefix>_ca, _cert, _key).
Certificates LoadCertificates(const std::string& ca_file, const std::string& cert_file,
                              const std::string& key_file, std::vector<std::string>* problems,
                              const std::string& flag_prefix = "tls");

// Reads the files into a Config, or the problems: with `plaintext` none may
// be given; without it, all three are required.
Config LoadConfig(bool plaintext, const std::string& ca_file, const std::string& cert_file,
                  const std::string& key_file, bool require_client_cert,
                  std::vector<std::string>* problems);

// A channel's configuration for another party's server (another
// organisation, with a CA of its own, e.g. the Government Contact Center):
// its CA is required; the client certificate and key it issued to us are
// optional (together); with `plaintext` none may be given. Problems name
// the flags --<flag_prefix>_ca, _cert, _key and --<plaintext_flag>.
Config LoadPartyChannelConfig(const std::string& flag_prefix, const std::string& plaintext_flag,
                              bool plaintext, const std::string& ca_file,
                              const std::string& cert_file, const std::string& key_file,
                              std::vector<std::string>* problems);

// A server's credentials: its certificate, and client certificates requested
// and verified against the CA (required with require_client_cert).
std::shared_ptr<grpc::ServerCredentials> ServerCredentials(const Config& config);

// A channel's credentials: the server verified against the CA, and this
// process's certificate presented if it has one.
std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(const Config& config);

// The names a verified peer certificate carries (its CN and every DNS SAN);
// empty when the connection is not TLS or the peer presented no certificate.
std::vector<std::string> PeerCertificateNames(const grpc::AuthContext& context);

}  // namespace contactcenter::tls
