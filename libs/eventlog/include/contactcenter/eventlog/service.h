// EventLog.Subscribe over a Producer: every event after the cursor, then new
// ones as they commit, until the client goes away or the producer stops.
//
// Served with gRPC's callback API, so an idle stream holds no server
// thread: one pump thread of this service reads the database for every
// stream that has written what it had (streams at the same position share
// one read) and hands the events to the streams, whose writes complete on
// gRPC's own threads. Nothing blocks inside a reaction. The server may host
// this next to synchronous services.
//
// A durable subscription (SubscribeRequest.durable) is recorded in
// event_consumers by the pump before its first read, and so holds the log
// (retention.h). A stream whose next event was pruned ends
// FAILED_PRECONDITION rather than skip it. The producer must outlive the service,
// and the service the server's Shutdown() (every stream has ended by then).
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/v1/eventlog.grpc.pb.h"

namespace contactcenter::eventlog {

// Sent in the stream's initial metadata: the producing service's name.
inline constexpr char kProducerMetadataKey[] = "x-eventlog-producer";

// Open streams allowed; a Subscribe beyond them is RESOURCE_EXHAUSTED
// naming the limit. Each stream costs the pump a read now and then.
struct StreamLimits {
  // A consumer holds one stream per producer (more only for a moment while
  // it reconnects): --max_streams_per_principal.
  int per_principal = 8;
  // All principals together: --max_streams.
  int total = 64;
  // A durable stream older than this ends OK, so its consumer subscribes
  // again and reports the position it has applied (retention.h):
  // --event_stream_max_age.
  absl::Duration max_age = absl::Minutes(10);
};

class EventLogService final : public v1::EventLog::CallbackService {
 public:
  EventLogService(Producer* producer, const auth::Authenticator* auth, StreamLimits limits = {});
  ~EventLogService() override;

  grpc::ServerWriteReactor<v1::Event>* Subscribe(grpc::CallbackServerContext* ctx,
                                                 const v1::SubscribeRequest* req) override;

  // Streams not yet done (tests).
  size_t open_streams() const;

 private:
  class Stream;
  friend class Stream;

  // Counts a new stream of `principal` against the limits, or says which
  // limit refuses it.
  grpc::Status Reserve(const std::string& principal);
  void Wake();
  void Forget(Stream* stream);
  void Pump();
  // One pass: reads for every stream that wants events and hands them over.
  void Serve(const std::vector<std::shared_ptr<Stream>>& streams);

  Producer* producer_;
  const auth::Authenticator* auth_;
  const StreamLimits limits_;
  int listener_ = 0;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  bool stopping_ = false;
  std::map<Stream*, std::shared_ptr<Stream>> streams_;
  // Open (and reserved) streams per principal; reserved_: counted, not yet
  // in streams_.
  std::map<std::string, int> streams_by_principal_;
  int reserved_ = 0;
  std::thread pump_;
};

}  // namespace contactcenter::eventlog
