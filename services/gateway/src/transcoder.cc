#include "transcoder.h"

#include <condition_variable>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "contactcenter/analytics/v1/analytics.pb.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/log/log.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "google/protobuf/util/json_util.h"
#include "messages.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/support/byte_buffer.h"

namespace contactcenter::gateway {
namespace {

namespace pb = ::google::protobuf;

// The services' files must be linked in for the generated pool to know
// them: touching a descriptor of each does that.
void LinkServiceDescriptors() {
  (void)intake::v1::RegisterAppealRequest::descriptor();
  (void)routing::v1::GetRoutingDecisionRequest::descriptor();
  (void)tracking::v1::GetCaseRequest::descriptor();
  (void)analytics::v1::GetClassifierReportRequest::descriptor();
}

// A download's chunk type: one field, of type bytes.
const pb::FieldDescriptor* ChunkField(const pb::Descriptor* type) {
  if (type->field_count() != 1) return nullptr;
  const pb::FieldDescriptor* f = type->field(0);
  return f->type() == pb::FieldDescriptor::TYPE_BYTES && !f->is_repeated() ? f : nullptr;
}

std::string BytesOf(grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (buffer.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

}  // namespace

std::string JsonString(absl::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          absl::StrAppend(&out, "\\u00", absl::Hex(c, absl::kZeroPad2));
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}


int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return 200;
    case grpc::StatusCode::CANCELLED: return 499;
    case grpc::StatusCode::INVALID_ARGUMENT: return 400;
    case grpc::StatusCode::FAILED_PRECONDITION: return 400;
    case grpc::StatusCode::OUT_OF_RANGE: return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED: return 504;
    case grpc::StatusCode::NOT_FOUND: return 404;
    case grpc::StatusCode::ALREADY_EXISTS: return 409;
    case grpc::StatusCode::ABORTED: return 409;
    case grpc::StatusCode::PERMISSION_DENIED: return 403;
    case grpc::StatusCode::UNAUTHENTICATED: return 401;
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return 429;
    case grpc::StatusCode::UNIMPLEMENTED: return 501;
    case grpc::StatusCode::UNAVAILABLE: return 503;
    default: return 500;  // UNKNOWN, INTERNAL, DATA_LOSS
  }
}

absl::string_view CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

std::string ErrorJson(const grpc::Status& status) {
  // In Ukrainian where the catalogue knows the text; the English beside it
  // (message_en, description_en) whenever it was translated.
  const MessageCatalog& uk = MessageCatalog::Ukrainian();
  auto text = [](absl::string_view key, absl::string_view shown, absl::string_view english) {
    std::string out = absl::StrCat("\"", key, "\":\"", JsonString(shown), "\"");
    if (shown != english) absl::StrAppend(&out, ",\"", key, "_en\":\"", JsonString(english), "\"");
    return out;
  };
  std::string violations;
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    for (const pb::Any& any : details.details()) {
      google::rpc::BadRequest bad;
      if (!any.UnpackTo(&bad)) continue;
      for (const auto& v : bad.field_violations()) {
        const std::string shown = uk.Violation(v.description()).value_or(v.description());
        absl::StrAppend(&violations, violations.empty() ? "" : ",", "{\"field\":\"",
                        JsonString(v.field()), "\",", text("description", shown, v.description()), "}");
      }
    }
  }
  const absl::string_view code = CodeName(status.error_code());
  const std::string message = uk.StatusMessage(code, status.error_message(), !violations.empty());
  return absl::StrCat("{\"error\":{\"code\":\"", code, "\",",
                      text("message", message, status.error_message()),
                      violations.empty() ? "" : absl::StrCat(",\"field_violations\":[", violations, "]"),
                      "}}");
}

HttpAnswer GatewayError(int http_status, grpc::StatusCode code, absl::string_view message) {
  return {http_status, ErrorJson(grpc::Status(code, std::string(message)))};
}

const std::vector<std::string>& ConsoleMethods() {
  static const auto* kMethods = new std::vector<std::string>{
      "IntakeService/RegisterAppeal",       "IntakeService/GetAppeal",
      "IntakeService/FindApplicantHistory", "IntakeService/ListAppeals",
      "IntakeService/SearchArticles",       "IntakeService/RecordConsultation",
      "RoutingService/GetRoutingDecision",  "RoutingService/ListExecutors",
      "RoutingService/ListManualRoutingQueue", "RoutingService/AssignExecutor",
      "TrackingService/GetCase",            "TrackingService/ListCases",
      "TrackingService/GetCaseHistory",     "TrackingService/PlanCallBack",
      "TrackingService/RecordCallBack",     "TrackingService/ListCasesNeedingAttention",
      "ExecutorService/ListMyCases",        "ExecutorService/AcceptCase",
      "ExecutorService/ReportProgress",     "ExecutorService/RequestExtension",
      "ExecutorService/SubmitAnswer",       "ExecutorService/DeclineCase",
      // The supervisor's decisions (issue 10), cases by body, the directory.
      "IntakeService/ListExclusionProposals", "IntakeService/DecideExclusion",
      "IntakeService/ListOverdueReturns",   "IntakeService/RecordReturnLetter",
      "TrackingService/CountOverdueByExecutor",
      "RoutingService/ImportDirectory",     "RoutingService/ExportDirectory",
      // Analytics' reports, and their CSV files as downloads.
      "AnalyticsService/GetClassifierReport", "AnalyticsService/GetTimelinessReport",
      "AnalyticsService/CountAppeals",      "AnalyticsService/ExportClassifierReport",
      "AnalyticsService/ExportTimelinessReport", "AnalyticsService/ExportCountAppeals",
      // Spike signals to confirm or dismiss (issue 15).
      "AnalyticsService/ListSignals",       "AnalyticsService/DecideSignal",
      // What appeals are about, as a table and CSV; topic suggestion in the call form.
      "AnalyticsService/AnalyseContent",    "AnalyticsService/ExportContentAnalysis",
      "AnalyticsService/SuggestTopics",
      // Applicants' notices (issue 17): failed ones resent, the day's letters.
      "IntakeService/ListFailedNotices",    "IntakeService/ResendNotice",
      "IntakeService/ListLetterBatch",
  };
  return *kMethods;
}

Transcoder::Transcoder(std::map<std::string, std::shared_ptr<grpc::Channel>> channels,
                       const std::vector<std::string>& methods,
                       const auth::PersonTokenSigner* signer, absl::Duration call_timeout)
    : signer_(signer), call_timeout_(call_timeout) {
  LinkServiceDescriptors();
  const pb::DescriptorPool* pool = pb::DescriptorPool::generated_pool();
  for (const auto& [service_name, channel] : channels) {
    const pb::ServiceDescriptor* service = pool->FindServiceByName(service_name);
    if (service == nullptr) {
      CC_LOG(Error) << "transcoder: no service " << service_name << " in the descriptor pool";
      continue;
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const pb::MethodDescriptor* m = service->method(i);
      const std::string key = absl::StrCat(service->name(), "/", m->name());
      if (std::find(methods.begin(), methods.end(), key) == methods.end()) continue;
      // Unary, or a download (a stream of chunks that make one file): any
      // other stream has no place in one HTTP answer.
      if (m->client_streaming()) continue;
      if (m->server_streaming() && ChunkField(m->output_type()) == nullptr) continue;
      methods_[key] = Method{absl::StrCat("/", service->full_name(), "/", m->name()), m, channel};
    }
  }
}

absl::StatusOr<std::string> Transcoder::TokenFor(const auth::PersonClaims& person) const {
  constexpr absl::Duration kLifetime = absl::Minutes(2);
  const std::string key = absl::StrCat(auth::RoleName(person.role), " ", person.person_id, " ",
                                       person.executor_id);
  const absl::Time now = absl::Now();
  std::lock_guard<std::mutex> lock(tokens_mu_);
  auto it = tokens_.find(key);
  if (it != tokens_.end() && it->second.second - now > kLifetime / 2) return it->second.first;
  const absl::Time expires = now + kLifetime;
  absl::StatusOr<std::string> token =
      signer_->Sign({person.role, person.person_id, person.executor_id, expires});
  if (!token.ok()) return token.status();
  // Bounded by the people logged in; forgotten wholesale if it ever grows.
  if (tokens_.size() > 10000) tokens_.clear();
  tokens_[key] = {*token, expires};
  return token;
}

HttpAnswer Transcoder::Call(absl::string_view method, absl::string_view json,
                            const auth::PersonClaims& person) const {
  auto it = methods_.find(method);
  if (it == methods_.end()) {
    return GatewayError(404, grpc::StatusCode::NOT_FOUND,
                        absl::StrCat("no such method: ", method.substr(0, 80)));
  }
  const Method& m = it->second;
  const pb::Message* proto = pb::MessageFactory::generated_factory()->GetPrototype(m.descriptor->input_type());
  std::unique_ptr<pb::Message> request(proto->New());
  pb::util::JsonParseOptions parse;
  parse.ignore_unknown_fields = false;  // a misspelt field is an error, not silence
  if (auto s = pb::util::JsonStringToMessage(pb::StringPiece(json.data(), json.size()),
                                             request.get(), parse);
      !s.ok()) {
    return GatewayError(400, grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("the body is not a ", m.descriptor->input_type()->name(),
                                     " in JSON: ", s.message().as_string()));
  }
  std::string bytes;
  if (!request->SerializeToString(&bytes)) {
    return GatewayError(400, grpc::StatusCode::INVALID_ARGUMENT, "the request cannot be encoded");
  }
  absl::StatusOr<std::string> token = TokenFor(person);
  if (!token.ok()) {
    return GatewayError(403, grpc::StatusCode::PERMISSION_DENIED, token.status().message());
  }

  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::ClientContext ctx;
  auth::AttachToken(ctx, *token);
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + call_timeout_));
  if (m.descriptor->server_streaming()) return Download(m, request_buffer, ctx);
  grpc::GenericStub stub(m.channel);
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&ctx, m.path, grpc::StubOptions(), &request_buffer, &response_buffer,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = std::move(s);
                   done = true;
                   cv.notify_one();
                 });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done; });
  }
  if (!status.ok()) return {HttpStatusOf(status.error_code()), ErrorJson(status)};

  const std::string response_bytes = BytesOf(response_buffer);
  std::unique_ptr<pb::Message> response(
      pb::MessageFactory::generated_factory()->GetPrototype(m.descriptor->output_type())->New());
  if (!response->ParseFromString(response_bytes)) {
    return GatewayError(502, grpc::StatusCode::INTERNAL, "the service's answer does not parse");
  }
  std::string out;
  pb::util::JsonPrintOptions print;
  print.preserve_proto_field_names = true;  // as field violations name them
  if (auto s = pb::util::MessageToJsonString(*response, &out, print); !s.ok()) {
    return GatewayError(502, grpc::StatusCode::INTERNAL, "the service's answer has no JSON form");
  }
  return {200, out};
}

HttpAnswer Transcoder::Download(const Method& m, grpc::ByteBuffer& request,
                                grpc::ClientContext& ctx) const {
  const pb::Descriptor* type = m.descriptor->output_type();
  const pb::FieldDescriptor* field = ChunkField(type);
  std::unique_ptr<pb::Message> chunk(
      pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
  // The stream, step by step on a completion queue of its own.
  grpc::CompletionQueue cq;
  grpc::GenericStub stub(m.channel);
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call = stub.PrepareCall(&ctx, m.path, &cq);
  auto step = [&cq](void* tag) {
    void* got = nullptr;
    bool ok = false;
    // Steps are one at a time: the event is the step's own.
    return cq.Next(&got, &ok) && ok && got == tag;
  };
  int tag = 0;
  call->StartCall(&tag);
  std::string file;
  bool too_large = false;
  if (step(&tag)) {
    call->WriteLast(request, grpc::WriteOptions(), &tag);
    if (step(&tag)) {
      grpc::ByteBuffer buffer;
      for (call->Read(&buffer, &tag); step(&tag); call->Read(&buffer, &tag)) {
        if (!chunk->ParseFromString(BytesOf(buffer))) break;
        const std::string& bytes = chunk->GetReflection()->GetStringReference(*chunk, field, nullptr);
        if (file.size() + bytes.size() > kMaxDownload) {
          too_large = true;
          ctx.TryCancel();  // no read is outstanding: Finish comes next
          break;
        }
        file += bytes;
      }
    }
  }
  grpc::Status status;
  call->Finish(&status, &tag);
  (void)step(&tag);
  cq.Shutdown();
  void* ignored;
  bool ignored_ok;
  while (cq.Next(&ignored, &ignored_ok)) {
  }
  if (too_large) {
    return GatewayError(502, grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("the file is larger than the gateway assembles (",
                                     kMaxDownload >> 20, " MiB): choose a shorter period"));
  }
  if (!status.ok()) return {HttpStatusOf(status.error_code()), ErrorJson(status)};
  const bool csv = absl::EndsWith(type->name(), "CsvChunk");
  return {200, std::move(file), csv ? "text/csv; charset=utf-8" : "application/octet-stream"};
}

}  // namespace contactcenter::gateway
