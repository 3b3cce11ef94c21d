// EventLog.Subscribe over a Producer: every event after the cursor, then new
// ones as they commit, until the client goes away or the server stops.
#pragma once

#include "contactcenter/auth/auth.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/eventlog/v1/eventlog.grpc.pb.h"

namespace contactcenter::eventlog {

// Sent in the stream's initial metadata: the producing service's name.
inline constexpr char kProducerMetadataKey[] = "x-eventlog-producer";

class EventLogService final : public v1::EventLog::Service {
 public:
  EventLogService(Producer* producer, const auth::Authenticator* auth)
      : producer_(producer), auth_(auth) {}

  grpc::Status Subscribe(grpc::ServerContext* ctx, const v1::SubscribeRequest* req,
                         grpc::ServerWriter<v1::Event>* writer) override;

 private:
  Producer* producer_;
  const auth::Authenticator* auth_;
};

}  // namespace contactcenter::eventlog
