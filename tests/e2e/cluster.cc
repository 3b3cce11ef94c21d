#include "cluster.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/auth/person_token.h"
#include "contactcenter/testing/test_database.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "httplib.h"
#include "users.h"

namespace contactcenter::e2e {

// Below the kernel's ephemeral range (32768-60999 by default), so that no
// outgoing connection can take the port between the pick and the service's
// bind; a random pick that binds, then claimed with a lock file that this
// test process holds until it ends, so that an e2e test running beside it
// (another ctest job, another checkout's run) never picks the same port.
// The kernel drops the lock when the process dies, however it dies.
int FreeLoopbackPort() {
  static std::mutex mu;
  static std::set<int> claimed;  // by this process
  std::lock_guard<std::mutex> lock(mu);
  thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_int_distribution<int> in_range(20000, 32000);
  const std::filesystem::path claims = std::filesystem::temp_directory_path() / "cc-e2e-ports";
  std::error_code ignored;
  std::filesystem::create_directories(claims, ignored);
  std::filesystem::permissions(claims, std::filesystem::perms::all, ignored);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int port = in_range(random);
    if (claimed.count(port) != 0) continue;
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    close(fd);
    if (!free) continue;
    const std::string claim = (claims / std::to_string(port)).string();
    const int claim_fd = open(claim.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0666);
    if (claim_fd < 0) continue;
    if (flock(claim_fd, LOCK_EX | LOCK_NB) != 0) {  // another test holds it
      close(claim_fd);
      continue;
    }
    claimed.insert(port);  // claim_fd stays open: the lock lives with the process
    return port;
  }
  std::abort();  // 200 ports taken in a row: the machine is not fit for tests
}

namespace {

std::string RandomHex(int bytes) {
  std::random_device rd;
  std::string out;
  for (int i = 0; i < bytes; ++i) out += absl::StrCat(absl::Hex(rd() & 0xff, absl::kZeroPad2));
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Cluster>> Cluster::Create() {
  absl::StatusOr<std::string> admin = testing::AdminDsn();
  if (!admin.ok()) return admin.status();
  std::unique_ptr<Cluster> c(new Cluster());
  c->admin_dsn_ = *admin;
  char dir[] = "/tmp/cc-e2e-XXXXXX";
  if (mkdtemp(dir) == nullptr) return absl::InternalError("mkdtemp failed");
  c->dir_ = dir;

  std::vector<std::string> names;
  for (const RegisteredService& svc : Registry()) names.push_back(svc.name);
  absl::StatusOr<std::unique_ptr<testing::TestCertificates>> certs =
      testing::TestCertificates::Create(names);
  if (!certs.ok()) return certs.status();
  c->certs_ = *std::move(certs);

  for (const char* role : {"operator", "supervisor", "system", "executor", "other_executor",
                           "analyst"}) {
    c->tokens_[role] = absl::StrCat("e2e-", role, "-", RandomHex(12));
  }
  for (const std::string& name : names) {
    c->service_tokens_[name] = absl::StrCat("e2e-service-", name, "-", RandomHex(12));
  }
  // The services read hashes; the tests keep the clear tokens to call with.
  auto hash = [&](const char* role) { return auth::TokenHash(c->tokens_[role]); };
  std::ofstream tokens(c->dir_ + "/tokens");
  tokens << hash("operator") << " operator e2e-operator\n"
         << hash("supervisor") << " supervisor e2e-supervisor\n"
         << hash("system") << " system " << kSystemPrincipal << "\n"
         << hash("executor") << " executor e2e-executor " << kExecutorId << "\n"
         << hash("other_executor") << " executor e2e-other-executor " << kOtherExecutorId
         << "\n"
         << hash("analyst") << " analyst e2e-analyst\n";
  // Each service's principal is its name, which its certificate carries.
  for (const auto& [name, token] : c->service_tokens_) {
    tokens << auth::TokenHash(token) << " service " << name << "\n";
  }
  tokens.close();
  // Person tokens: the gateway signs, every service verifies.
  const auth::PersonKeyPair keys = auth::GeneratePersonKeyPair();
  std::ofstream(c->dir_ + "/person_token.key") << keys.seed_hex << "\n";
  std::ofstream(c->dir_ + "/person_token.pub") << keys.public_hex << "\n";
  c->person_seed_hex_ = keys.seed_hex;
  // The console's people (the gateway's users file), one password for all:
  // Argon2id is slow on purpose, so it is hashed once per test binary.
  static const std::string* const kConsolePassword = new std::string(RandomHex(12));
  static const std::string* const kConsoleHash =
      new std::string(*gateway::HashPassword(*kConsolePassword));
  c->console_password_ = *kConsolePassword;
  gateway::Users users;
  for (auto [login, role, executor] :
       {std::tuple{"e2e-operator", auth::Role::kOperator, ""},
        {"e2e-supervisor", auth::Role::kSupervisor, ""},
        {"e2e-executor", auth::Role::kExecutor, kExecutorId},
        {"e2e-other-executor", auth::Role::kExecutor, kOtherExecutorId},
        {"e2e-analyst", auth::Role::kAnalyst, ""}}) {
    if (absl::Status s = users.Add({login, role, executor, false, *kConsoleHash}); !s.ok()) return s;
  }
  if (absl::Status s = users.SaveFile(c->dir_ + "/users"); !s.ok()) return s;

  for (const RegisteredService& svc : Registry()) {
    Ports& ports = c->ports_[svc.name];
    if (svc.grpc) ports.grpc = FreeLoopbackPort();
    ports.metrics = FreeLoopbackPort();
    if (svc.http) ports.http = FreeLoopbackPort();
  }
  for (const RegisteredService& svc : Registry()) {
    std::string dsn;
    if (svc.database) {
      const std::string name = absl::StrCat("e2e_", getpid(), "_", svc.name);
      const std::string password = RandomHex(12);
      (void)testing::DropRoleAndDatabase(c->admin_dsn_, name);
      if (absl::Status s = testing::CreateRoleAndDatabase(c->admin_dsn_, name, password);
          !s.ok()) {
        return s;
      }
      c->databases_[svc.name] = name;
      dsn = testing::DsnFor(c->admin_dsn_, name, password, name);
    }
    std::map<std::string, std::string> env = ServiceEnvironment(svc, c->ports_, dsn);
    env["TOKENS_FILE"] = c->dir_ + "/tokens";
    env["SERVICE_TOKEN"] = c->service_tokens_[svc.name];
    env["TLS_CERT"] = c->certs_->cert_file(svc.name);
    env["TLS_KEY"] = c->certs_->key_file(svc.name);
    env["TLS_CA"] = c->certs_->ca_file();
    env["SHUTDOWN_GRACE"] = "5s";
    env["PERSON_TOKEN_PUBLIC_KEY"] = c->dir_ + "/person_token.pub";
    if (svc.name == "gateway") {
      env["PERSON_TOKEN_SIGNING_KEY"] = c->dir_ + "/person_token.key";
      env["USERS_FILE"] = c->dir_ + "/users";
    }
    c->envs_[svc.name] = env;
    c->processes_[svc.name] = std::make_unique<ServiceProcess>(
        svc.name, svc.binary, env, absl::StrCat(c->dir_, "/", svc.name, ".log"));
  }
  return c;
}

Cluster::~Cluster() {
  replicas_.clear();
  processes_.clear();  // kills what still runs
  channels_.clear();
  for (const auto& [svc, name] : databases_) (void)testing::DropRoleAndDatabase(admin_dsn_, name);
  if (std::getenv("CC_E2E_KEEP_LOGS") == nullptr) std::filesystem::remove_all(dir_);
}

std::string Cluster::address(const std::string& name) const {
  return absl::StrCat("127.0.0.1:", ports_.at(name).grpc);
}

std::shared_ptr<grpc::Channel> Cluster::channel(const std::string& name) {
  auto& ch = channels_[name];
  if (!ch) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
    ch = grpc::CreateCustomChannel(address(name), tls::ChannelCredentials(ClientTls()), args);
  }
  return ch;
}

std::shared_ptr<grpc::Channel> Cluster::ServiceChannel(const std::string& name,
                                                       const std::string& as) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address(name), tls::ChannelCredentials(ClientTls(as)), args);
}

tls::Config Cluster::ClientTls(const std::string& as) const { return certs_->ClientTls(as); }

std::map<std::string, std::string> Cluster::AdminDsns() const {
  std::map<std::string, std::string> out;
  // In a libpq key=value string the last value of a key wins.
  for (const auto& [svc, name] : databases_) out[svc] = absl::StrCat(admin_dsn_, " dbname=", name);
  return out;
}

void Cluster::CloseChannels() { channels_.clear(); }

absl::Status Cluster::WaitServing(const std::string& name, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  std::string last;
  // A service without gRPC (the gateway) is ready when its HTTP health answers.
  if (ports_.at(name).grpc == 0) {
    while (absl::Now() < give_up && process(name).running()) {
      httplib::Client http("127.0.0.1", ports_.at(name).http);
      http.set_connection_timeout(1);
      if (auto res = http.Get("/healthz"); res && res->status == 200) return absl::OkStatus();
      last = "no answer on /healthz";
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return absl::UnavailableError(absl::StrCat(name, " is not ready (", last, "); its log:\n",
                                               process(name).LogTail()));
  }
  while (absl::Now() < give_up) {
    if (!process(name).running()) break;
    // A fresh channel each try: one that saw "connection refused" may take
    // seconds to try again.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto stub = grpc::health::v1::Health::NewStub(
        grpc::CreateCustomChannel(address(name), tls::ChannelCredentials(ClientTls()), args));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    grpc::health::v1::HealthCheckResponse resp;
    grpc::Status s = stub->Check(&ctx, grpc::health::v1::HealthCheckRequest(), &resp);
    if (s.ok() && resp.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    last = s.ok() ? "NOT_SERVING" : s.error_message();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::UnavailableError(absl::StrCat(name, " is not SERVING (", last, "); its log:\n",
                                             process(name).LogTail()));
}

absl::StatusOr<int> Cluster::StartReplica(const std::string& name) {
  std::map<std::string, std::string> env = envs_.at(name);
  const int http = FreeLoopbackPort();
  env["HTTP_PORT"] = absl::StrCat(http);
  env["METRICS_PORT"] = absl::StrCat(FreeLoopbackPort());
  auto p = std::make_unique<ServiceProcess>(
      name, process(name).binary(), env,
      absl::StrCat(dir_, "/", name, "-", replicas_.size() + 2, ".log"));
  if (absl::Status s = p->Start(); !s.ok()) return s;
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (absl::Now() < give_up && p->running()) {
    httplib::Client client("127.0.0.1", http);
    client.set_connection_timeout(1);
    if (auto res = client.Get("/healthz"); res && res->status == 200) {
      replicas_.push_back(std::move(p));
      return http;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::UnavailableError(absl::StrCat("a replica of ", name, " is not ready; its log:\n",
                                             p->LogTail()));
}

absl::Status Cluster::Start(const std::string& name) {
  if (absl::Status s = process(name).Start(); !s.ok()) return s;
  return WaitServing(name, absl::Seconds(30));
}

absl::Status Cluster::StartAll() {
  for (const RegisteredService& svc : Registry()) {
    if (absl::Status s = Start(svc.name); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace contactcenter::e2e
