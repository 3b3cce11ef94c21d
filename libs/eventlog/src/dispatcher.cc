#include "contactcenter/eventlog/dispatcher.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::eventlog {
namespace {

// "type.googleapis.com/contactcenter.routing.v1.AppealRouted" ->
// "contactcenter.routing.v1.AppealRouted", as Any::Is compares it.
absl::string_view FullNameOf(absl::string_view type_url) {
  const size_t slash = type_url.rfind('/');
  return slash == absl::string_view::npos ? type_url : type_url.substr(slash + 1);
}

}  // namespace

EventMeta MetaOf(const v1::Event& event) {
  EventMeta m;
  m.position = event.position();
  m.event_id = event.event_id();
  m.aggregate_id = event.aggregate_id();
  m.occurred_at = FromTimestamp(event.occurred_at());
  m.producer = event.producer();
  return m;
}

absl::Status Dispatcher::Dispatch(db::Tx& tx, const v1::Event& event) const {
  auto it = handlers_.find(FullNameOf(event.payload().type_url()));
  if (it == handlers_.end()) return absl::OkStatus();
  for (const Handler& h : it->second) RETURN_IF_ERROR(h(tx, event));
  return absl::OkStatus();
}

absl::Status Dispatcher::Undecodable(const v1::Event& e, const std::string& type) {
  // Blocks the log until fixed, rather than lose what the event says.
  return absl::DataLossError(absl::StrCat("undecodable ", type, " at position ", e.position(),
                                          " of ", e.producer(), "'s log (event ", e.event_id(),
                                          ")"));
}

}  // namespace contactcenter::eventlog
