#include "contactcenter/testing/test_certificates.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace contactcenter::testing {

absl::StatusOr<std::unique_ptr<TestCertificates>> TestCertificates::Create(
    const std::vector<std::string>& names) {
  char dir[] = "/tmp/cc-tls-XXXXXX";
  if (mkdtemp(dir) == nullptr) return absl::InternalError("mkdtemp failed");
  std::unique_ptr<TestCertificates> certs(new TestCertificates(dir));
  std::vector<std::string> args = {"bash", CC_TLS_CERTS_SCRIPT, dir};
  args.insert(args.end(), names.begin(), names.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    execvp("bash", argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat(CC_TLS_CERTS_SCRIPT, " failed (status ", status, ")"));
  }
  return certs;
}

std::unique_ptr<TestCertificates> TestCertificates::CreateOrDie(
    const std::vector<std::string>& names) {
  absl::StatusOr<std::unique_ptr<TestCertificates>> certs = Create(names);
  if (!certs.ok()) {
    std::fprintf(stderr, "FATAL: cannot make test certificates: %s\n",
                 certs.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*certs);
}

TestCertificates::~TestCertificates() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

tls::Config TestCertificates::ServerTls(const std::string& name) const {
  std::vector<std::string> problems;
  tls::Config c = tls::LoadConfig(false, ca_file(), cert_file(name), key_file(name), false,
                                  &problems);
  if (!problems.empty()) {
    std::fprintf(stderr, "FATAL: %s\n", problems.front().c_str());
    std::exit(1);
  }
  return c;
}

tls::Config TestCertificates::ClientTls(const std::string& name) const {
  std::vector<std::string> problems;
  tls::Config c;
  c.certificates = name.empty()
                       ? tls::LoadCertificates(ca_file(), "", "", &problems)
                       : tls::LoadCertificates(ca_file(), cert_file(name), key_file(name),
                                               &problems);
  if (!problems.empty()) {
    std::fprintf(stderr, "FATAL: %s\n", problems.front().c_str());
    std::exit(1);
  }
  return c;
}

}  // namespace contactcenter::testing
