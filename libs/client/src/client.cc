#include "contactcenter/client/client.h"

#include <algorithm>
#include <random>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "contactcenter/auth/auth.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace contactcenter::client {

grpc::ChannelArguments ServiceChannelArguments() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 5000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // gRPC adds up to 20% jitter to each step: 800 ms keeps the worst wait
  // for a peer that came back under a second.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 800);
  return args;
}

namespace {

absl::Mutex transport_mu(absl::kConstInit);
tls::Config* transport ABSL_GUARDED_BY(transport_mu) = nullptr;

}  // namespace

void SetTransportSecurity(tls::Config tls) {
  absl::MutexLock lock(&transport_mu);
  delete transport;
  transport = new tls::Config(std::move(tls));
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target) {
  tls::Config tls;
  {
    absl::MutexLock lock(&transport_mu);
    if (transport != nullptr) tls = *transport;
  }
  return MakeChannel(target, tls);
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target, const tls::Config& tls) {
  return grpc::CreateCustomChannel(target, tls::ChannelCredentials(tls),
                                   ServiceChannelArguments());
}

Backoff::Backoff(absl::Duration initial, absl::Duration max)
    : initial_(initial), max_(max), step_(initial), rng_(std::random_device{}()) {}

absl::Duration Backoff::Next() {
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  const absl::Duration wait = step_ * jitter(rng_);
  step_ = std::min(step_ * 2, max_);
  return wait;
}

namespace internal {

void PrepareAttempt(const CallOptions& options, absl::Time budget_end, grpc::ClientContext& ctx) {
  const absl::Time deadline = std::min(absl::Now() + options.attempt_timeout, budget_end);
  ctx.set_deadline(absl::ToChronoTime(deadline));
  if (!options.token.empty()) auth::AttachToken(ctx, options.token);
}

bool WaitBeforeRetry(absl::Time budget_end, absl::Duration wait) {
  // Not worth an attempt that would have almost no time left.
  if (absl::Now() + wait + absl::Milliseconds(10) >= budget_end) return false;
  absl::SleepFor(wait);
  return true;
}

}  // namespace internal
}  // namespace contactcenter::client
