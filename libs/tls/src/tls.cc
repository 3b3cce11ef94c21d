#include "contactcenter/tls/tls.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/grpc_security_constants.h"

namespace contactcenter::tls {
namespace {

// The file's text; a problem naming `flag` when it cannot be read or is empty.
std::string ReadPem(const std::string& flag, const std::string& path,
                    std::vector<std::string>* problems) {
  if (path.empty()) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    problems->push_back(absl::StrCat("--", flag, "=", path, ": cannot read the file"));
    return "";
  }
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    problems->push_back(absl::StrCat("--", flag, "=", path, ": not a PEM file"));
    return "";
  }
  return text.str();
}

}  // namespace

Certificates LoadCertificates(const std::string& ca_file, const std::string& cert_file,
                              const std::string& key_file, std::vector<std::string>* problems,
                              const std::string& flag_prefix) {
  Certificates c;
  c.ca_pem = ReadPem(flag_prefix + "_ca", ca_file, problems);
  c.cert_pem = ReadPem(flag_prefix + "_cert", cert_file, problems);
  c.key_pem = ReadPem(flag_prefix + "_key", key_file, problems);
  if (cert_file.empty() != key_file.empty()) {
    const std::string env = absl::AsciiStrToUpper(flag_prefix);
    problems->push_back(absl::StrCat("--", flag_prefix, "_cert and --", flag_prefix, "_key (",
                                     env, "_CERT, ", env, "_KEY) go together"));
  }
  return c;
}

Config LoadPartyChannelConfig(const std::string& flag_prefix, const std::string& plaintext_flag,
                              bool plaintext, const std::string& ca_file,
                              const std::string& cert_file, const std::string& key_file,
                              std::vector<std::string>* problems) {
  Config c;
  c.plaintext_for_tests_only = plaintext;
  if (plaintext) {
    if (!ca_file.empty() || !cert_file.empty() || !key_file.empty()) {
      problems->push_back(absl::StrCat("--", plaintext_flag, " and --", flag_prefix, "_ca/--",
                                       flag_prefix, "_cert/--", flag_prefix,
                                       "_key exclude each other"));
    }
    return c;
  }
  if (ca_file.empty()) {
    problems->push_back(absl::StrCat("--", flag_prefix, "_ca (", absl::AsciiStrToUpper(flag_prefix),
                                     "_CA) is required: the CA of the other side's server "
                                     "(plaintext only with --",
                                     plaintext_flag, ", never in a deployment)"));
  }
  c.certificates = LoadCertificates(ca_file, cert_file, key_file, problems, flag_prefix);
  return c;
}

Config LoadConfig(bool plaintext, const std::string& ca_file, const std::string& cert_file,
                  const std::string& key_file, bool require_client_cert,
                  std::vector<std::string>* problems) {
  Config c;
  c.plaintext_for_tests_only = plaintext;
  c.require_client_cert = require_client_cert;
  if (plaintext) {
    if (!ca_file.empty() || !cert_file.empty() || !key_file.empty()) {
      problems->push_back(
          "--insecure_plaintext_for_tests_only and --tls_ca/--tls_cert/--tls_key exclude each "
          "other");
    }
    return c;
  }
  std::vector<std::string> missing;
  for (auto [flag, value] : {std::pair{"tls_cert", cert_file}, {"tls_key", key_file},
                             {"tls_ca", ca_file}}) {
    if (value.empty()) missing.push_back(absl::StrCat("--", flag));
  }
  if (!missing.empty()) {
    problems->push_back(absl::StrCat(
        "TLS needs --tls_cert, --tls_key and --tls_ca (TLS_CERT, TLS_KEY, TLS_CA); missing: ",
        absl::StrJoin(missing, ", "),
        " (plaintext only with --insecure_plaintext_for_tests_only, never in a deployment)"));
  }
  c.certificates = LoadCertificates(ca_file, cert_file, key_file, problems);
  return c;
}

std::shared_ptr<grpc::ServerCredentials> ServerCredentials(const Config& config) {
  if (config.plaintext_for_tests_only) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options(
      config.require_client_cert ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                 : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = config.certificates.ca_pem;
  options.pem_key_cert_pairs.push_back(
      {config.certificates.key_pem, config.certificates.cert_pem});
  return grpc::SslServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials(const Config& config) {
  if (config.plaintext_for_tests_only) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  // Empty would mean the system's roots: never ours.
  options.pem_root_certs = config.certificates.ca_pem;
  options.pem_cert_chain = config.certificates.cert_pem;
  options.pem_private_key = config.certificates.key_pem;
  return grpc::SslCredentials(options);
}

std::vector<std::string> PeerCertificateNames(const grpc::AuthContext& context) {
  std::vector<std::string> names;
  for (const char* property : {GRPC_X509_CN_PROPERTY_NAME, GRPC_X509_SAN_PROPERTY_NAME}) {
    for (const grpc::string_ref& v : context.FindPropertyValues(property)) {
      names.emplace_back(v.data(), v.size());
    }
  }
  return names;
}

}  // namespace contactcenter::tls
