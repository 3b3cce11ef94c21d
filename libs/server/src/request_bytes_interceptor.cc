// gRPC's sync server parses a request before any project code runs; when
// protobuf refuses the bytes (a proto3 string holding invalid UTF-8, or
// bytes that are no message at all) it answers INTERNAL with an empty
// message. This interceptor turns that answer into INVALID_ARGUMENT with a
// google.rpc.BadRequest naming the field, which protobuf only reports in
// its log: a log handler keeps the field's name for the thread that parsed.
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "contactcenter/server/server.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/stubs/logging.h"

namespace contactcenter::server {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

// The full name of the last string field protobuf found invalid UTF-8 in on
// this thread ("contactcenter.intake.v1.AppealCard.essence").
thread_local std::string t_bad_utf8_field;
google::protobuf::LogHandler* g_previous_handler = nullptr;

void KeepUtf8FieldName(google::protobuf::LogLevel level, const char* filename, int line,
                       const std::string& message) {
  // protobuf 3.21, wire_format_lite.cc: "String field 'NAME' contains
  // invalid UTF-8 data when parsing a protocol buffer. ..."
  constexpr absl::string_view kPrefix = "String field '";
  if (absl::StartsWith(message, kPrefix) && absl::StrContains(message, "invalid UTF-8")) {
    const size_t end = message.find('\'', kPrefix.size());
    if (end != std::string::npos) {
      t_bad_utf8_field = message.substr(kPrefix.size(), end - kPrefix.size());
    }
  }
  if (g_previous_handler != nullptr) g_previous_handler(level, filename, line, message);
}

// The path from `type` to the field named `full_name` ("card.essence"; a
// repeated field without its index, which protobuf does not say), or "".
std::string PathTo(const google::protobuf::Descriptor* type, absl::string_view full_name,
                   std::set<const google::protobuf::Descriptor*>& seen) {
  if (type == nullptr || !seen.insert(type).second) return "";
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = type->field(i);
    if (f->full_name() == full_name) return f->name();
  }
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = type->field(i);
    if (f->message_type() == nullptr) continue;
    std::string rest = PathTo(f->message_type(), full_name, seen);
    if (!rest.empty()) return absl::StrCat(f->name(), ".", rest);
  }
  return "";
}

class RequestBytesInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RequestBytesInterceptor(ServerRpcInfo* info)
      : method_(info->method() == nullptr ? "" : info->method()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      unparsed_ = methods->GetRecvMessage() == nullptr;
      if (unparsed_) bad_field_ = t_bad_utf8_field;
      t_bad_utf8_field.clear();
    }
    if (unparsed_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
        methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
      methods->ModifySendStatus(ToGrpcStatus(Violations().ToStatus("invalid request")));
    }
    methods->Proceed();
  }

 private:
  FieldViolations Violations() const {
    // "/contactcenter.intake.v1.IntakeService/RegisterAppeal"
    const google::protobuf::MethodDescriptor* method =
        google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
            absl::StrReplaceAll(absl::string_view(method_).substr(1), {{"/", "."}}));
    const google::protobuf::Descriptor* type = method == nullptr ? nullptr : method->input_type();
    FieldViolations v;
    std::set<const google::protobuf::Descriptor*> seen;
    const std::string path = bad_field_.empty() ? "" : PathTo(type, bad_field_, seen);
    if (!path.empty()) {
      v.Add(path, "not valid UTF-8");
    } else if (!bad_field_.empty()) {
      v.Add("", absl::StrCat("a string field (", bad_field_, ") is not valid UTF-8"));
    } else {
      v.Add("", absl::StrCat("not a ", type == nullptr ? "request" : type->full_name(),
                             " in protobuf's wire format"));
    }
    return v;
  }

  std::string method_;
  bool unparsed_ = false;
  std::string bad_field_;
};

class RequestBytesInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  RequestBytesInterceptorFactory() {
    static std::once_flag once;
    std::call_once(once, [] {
      g_previous_handler = google::protobuf::SetLogHandler(&KeepUtf8FieldName);
    });
  }
  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    return new RequestBytesInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRequestBytesInterceptorFactory() {
  return std::make_unique<RequestBytesInterceptorFactory>();
}

}  // namespace contactcenter::server
