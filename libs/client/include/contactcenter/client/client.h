// Outbound calls from one of our services to another: one way to make the
// channel, one way to make a unary call.
//
//   std::shared_ptr<grpc::Channel> ch = client::MakeChannel("127.0.0.1:50052");
//   auto stub = routing::v1::RoutingService::NewStub(ch);
//   client::CallOptions o;
//   o.token = service_token;
//   o.retry_unavailable = true;  // a read: safe to repeat
//   GetRoutingDecisionResponse resp;
//   grpc::Status s = client::Call(o, [&](grpc::ClientContext& ctx) {
//     return stub->GetRoutingDecision(&ctx, req, &resp);
//   });
#pragma once

#include <memory>
#include <random>
#include <string>
#include <type_traits>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "contactcenter/tls/tls.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/channel_arguments.h"
#include "grpcpp/support/status.h"

namespace contactcenter::client {

// A channel for service-to-service calls: over TLS with the process's
// transport security (SetTransportSecurity: the server verified against the
// CA, this service's client certificate presented); keepalive pings notice
// a dead peer on an idle stream within seconds, and the reconnect backoff is
// capped so a peer that comes back is reconnected within a second (gRPC's
// own default backoff grows to two minutes).
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target);
// The same with the given transport security (tests, load programs).
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target, const tls::Config& tls);

// What MakeChannel(target) uses from now on; runtime::Process sets it from
// the TLS flags before anything opens a channel. Until it is set, channels
// speak TLS trusting the system's roots, which verify none of ours: they
// fail closed.
void SetTransportSecurity(tls::Config tls);

// The channel arguments MakeChannel uses; public for tests.
grpc::ChannelArguments ServiceChannelArguments();

// Waits between attempts: each a random 50-100% of a step that doubles from
// `initial` up to `max` (the jitter keeps many callers from retrying in step).
class Backoff {
 public:
  Backoff(absl::Duration initial, absl::Duration max);
  // The wait before the next attempt.
  absl::Duration Next();
  // After a success: the next wait is short again.
  void Reset() { step_ = initial_; }

 private:
  const absl::Duration initial_;
  const absl::Duration max_;
  absl::Duration step_;
  std::mt19937 rng_;
};

struct CallOptions {
  // The deadline of each attempt.
  absl::Duration attempt_timeout = absl::Seconds(5);
  // All attempts and the waits between them end within this; the last
  // attempt's deadline is cut to fit.
  absl::Duration total_budget = absl::Seconds(15);
  // Retries UNAVAILABLE (and nothing else). Only for calls that are safe to
  // repeat: a read, or a write the peer deduplicates (an idempotency key),
  // because an UNAVAILABLE attempt may still have reached the peer.
  bool retry_unavailable = false;
  // Waits between attempts (see Backoff).
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Milliseconds(250);
  // Bearer token attached to every attempt, if set.
  std::string token;
};

namespace internal {
// Sets an attempt's deadline (cut to the budget) and token.
void PrepareAttempt(const CallOptions& options, absl::Time budget_end, grpc::ClientContext& ctx);
// Sleeps `wait` before the next attempt; false (at once) when the budget has
// no room for one.
bool WaitBeforeRetry(absl::Time budget_end, absl::Duration wait);
}  // namespace internal

// Runs `attempt` (grpc::Status(grpc::ClientContext&): one RPC on the given
// context) until it succeeds, fails with anything but a retryable
// UNAVAILABLE, or the budget is spent; returns the last status.
template <typename Attempt>
grpc::Status Call(const CallOptions& options, Attempt&& attempt) {
  static_assert(std::is_invocable_r_v<grpc::Status, Attempt&, grpc::ClientContext&>);
  const absl::Time budget_end = absl::Now() + options.total_budget;
  Backoff backoff(options.initial_backoff, options.max_backoff);
  while (true) {
    grpc::ClientContext ctx;
    internal::PrepareAttempt(options, budget_end, ctx);
    grpc::Status s = attempt(ctx);
    if (s.error_code() != grpc::StatusCode::UNAVAILABLE || !options.retry_unavailable) return s;
    if (!internal::WaitBeforeRetry(budget_end, backoff.Next())) return s;
  }
}

}  // namespace contactcenter::client
