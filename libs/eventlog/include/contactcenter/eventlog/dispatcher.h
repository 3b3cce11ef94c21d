// Typed handlers for another service's events. A consumer registers one
// function per event type it cares about; the dispatcher unpacks the payload
// and calls it inside the consumer's transaction:
//
//   eventlog::Dispatcher d;
//   d.On<routing::v1::AppealRouted>(
//       [&](db::Tx& tx, const routing::v1::AppealRouted& e, const eventlog::EventMeta& m) {
//         return opener.OnAppealRouted(tx, e, m);
//       });
//   d.On(&opener, &CaseOpener::OnAppealRouted);  // the same, for a member
//
// An event of a type nobody registered is applied as a no-op (the cursor
// moves past it). A payload of a registered type that does not unpack is
// DATA_LOSS: the consumer retries it like any failure and never skips it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/eventlog/v1/eventlog.pb.h"

namespace contactcenter::eventlog {

// What the log says about an event besides its payload.
struct EventMeta {
  int64_t position = 0;
  std::string event_id;
  std::string aggregate_id;
  absl::Time occurred_at;
  // The producing service, e.g. "routing".
  std::string producer;
};

EventMeta MetaOf(const v1::Event& event);

// Applies one event inside the consumer's transaction. OK moves the cursor
// past it. An error rolls everything back; the event is retried after a
// backoff, for ever, because skipping it could lose an appeal. Business
// outcomes (an appeal no rule covers...) are therefore results, not errors.
using Handler = std::function<absl::Status(db::Tx&, const v1::Event&)>;

class Dispatcher {
 public:
  // Registers `fn` (absl::Status(db::Tx&, const Message&, const EventMeta&))
  // for events whose payload is a `Message`. Several handlers of one type
  // run in the order registered.
  template <typename Message, typename Fn>
  Dispatcher& On(Fn fn) {
    static_assert(std::is_invocable_r_v<absl::Status, Fn&, db::Tx&, const Message&,
                                        const EventMeta&>,
                  "a handler is absl::Status(db::Tx&, const Message&, const EventMeta&)");
    const std::string& type = Message::descriptor()->full_name();
    handlers_[type].push_back(
        [fn = std::move(fn), type](db::Tx& tx, const v1::Event& e) -> absl::Status {
          Message message;
          if (!e.payload().UnpackTo(&message)) return Undecodable(e, type);
          return fn(tx, message, MetaOf(e));
        });
    return *this;
  }

  // The same for a member function of `object`, the event type taken from
  // its signature: d.On(this, &CaseOpener::OnAppealRouted).
  template <typename Object, typename Message>
  Dispatcher& On(Object* object,
                 absl::Status (Object::*method)(db::Tx&, const Message&, const EventMeta&)) {
    return On<Message>([object, method](db::Tx& tx, const Message& e, const EventMeta& m) {
      return (object->*method)(tx, e, m);
    });
  }

  // Calls the handlers registered for the event's type; OK for a type
  // nobody registered.
  absl::Status Dispatch(db::Tx& tx, const v1::Event& event) const;

 private:
  static absl::Status Undecodable(const v1::Event& e, const std::string& type);

  std::map<std::string, std::vector<Handler>, std::less<>> handlers_;
};

}  // namespace contactcenter::eventlog
