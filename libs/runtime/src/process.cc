#include "contactcenter/runtime/process.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/auth/person_token.h"
#include "contactcenter/client/client.h"
#include "contactcenter/log/log.h"

namespace contactcenter::runtime {
namespace {

server::CommonConfig LoadChecked(const ProcessSpec& spec, std::vector<std::string>& problems,
                                 std::unique_ptr<auth::Authenticator>& auth) {
  log::SetProgramName(spec.name);
  server::CommonConfig c = server::LoadCommonConfig(spec.name, spec.default_grpc_port,
                                                    spec.default_metrics_port, &problems);
  std::unique_ptr<auth::PersonTokenVerifier> persons;
  if (!c.person_token_public_key.empty()) {
    absl::StatusOr<auth::PersonTokenVerifier> v =
        auth::PersonTokenVerifier::LoadFile(c.person_token_public_key);
    if (v.ok()) {
      persons = std::make_unique<auth::PersonTokenVerifier>(*std::move(v));
    } else {
      problems.push_back(absl::StrCat("--person_token_public_key: ", v.status().message()));
    }
    if (c.tokens_file.empty()) {
      problems.push_back("--person_token_public_key needs --tokens_file (calls are authenticated)");
    }
  }
  if (!c.tokens_file.empty()) {
    absl::StatusOr<auth::TokenStore> tokens = auth::TokenStore::LoadFile(c.tokens_file);
    if (tokens.ok()) {
      const server::Limits& l = c.limits;
      auth = std::make_unique<auth::Authenticator>(
          *std::move(tokens),
          std::make_unique<auth::RateLimiter>(
              auth::RateLimit{l.rate_limit, l.rate_limit_burst, l.rate_limit_max_callers}),
          std::move(persons),
          c.tls.plaintext_for_tests_only ? auth::ServiceCertificates::kNotCheckedPlaintextForTestsOnly
                                         : auth::ServiceCertificates::kRequired);
    } else {
      problems.push_back(std::string(tokens.status().message()));
    }
  }
  server::ExitOnConfigProblems(problems);
  if (c.tls.plaintext_for_tests_only) {
    CC_LOG(Warning) << "--insecure_plaintext_for_tests_only: no TLS, tokens travel in clear; "
                       "tests only, never a deployment";
  }
  // Every channel the process opens (consumers, calls to peers) speaks TLS
  // with this process's certificate.
  client::SetTransportSecurity(c.tls);
  return c;
}

}  // namespace

Process::Process(ProcessSpec spec, std::vector<std::string> problems)
    : spec_(std::move(spec)),
      config_(LoadChecked(spec_, problems, auth_)),
      server_(std::make_unique<server::Server>(config_)),
      jobs_(&server_->metrics()) {}

Process::~Process() { Stop(); }

void Process::AddService(grpc::Service* service, const std::string& name) {
  server_->AddService(service, name);
}

void Process::AddPeriodicJob(std::string name, absl::Duration interval,
                             std::function<absl::Status()> fn) {
  jobs_.Add(std::move(name), interval, std::move(fn));
}

absl::Status Process::Start() {
  absl::Status s = server_->Start();
  if (!s.ok()) return s;
  jobs_.Start();
  return absl::OkStatus();
}

void Process::StopJobs() { jobs_.Stop(); }

void Process::Stop() {
  jobs_.Stop();
  server_->Shutdown();
}

int Process::Run() {
  server::StopSignal& stop = server::StopSignal::Install();
  if (absl::Status s = Start(); !s.ok()) {
    CC_LOG(Error) << "cannot start: " << s;
    return 1;
  }
  server_->SetServing(true);
  stop.Wait();
  Stop();
  CC_LOG(Info) << spec_.name << " stopped";
  return 0;
}

}  // namespace contactcenter::runtime
