// gateway_load: the gateway's added latency over a direct gRPC call (the
// same GetAppeal, same run, alternating), and the console's first render
// (the operator page and everything it loads before it is usable: the
// HTML, the style, the scripts, the session, the reference data). Starts
// its own stack on free loopback ports like the e2e tests (throwaway
// databases on the cluster CC_TEST_ADMIN_DSN names). Prints figures; not a
// test.
//
//   CC_TEST_ADMIN_DSN=... build/tests/gateway_load [--calls=2000]
#include <algorithm>
#include <cstdio>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cluster.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "httplib.h"

ABSL_FLAG(int, calls, 2000, "calls each way");
ABSL_FLAG(int, renders, 50, "first renders to time");

namespace cc = contactcenter;

namespace {

constexpr char kCard[] = R"({"card": {
    "kind": "APPEAL_KIND_STATEMENT", "form": "APPEAL_FORM_ORAL",
    "channel": "CHANNEL_HOTLINE_PHONE", "subject": "APPEAL_SUBJECT_INDIVIDUAL",
    "applicant": {"person": {"surname": "Шевченко", "name": "Олена",
      "residence_address": "м. Сєвєродонецьк, вул. Центральна, 1", "phone": "050 123 45 67"}},
    "topic_code": "109", "territory_code": "LG-SEV", "needs_no_extra_study": true,
    "essence": "Немає опалення в будинку з 20 листопада."}})";

double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

std::string Field(const std::string& json, const std::string& key) {
  const std::string k = absl::StrCat("\"", key, "\":\"");
  const size_t at = json.find(k);
  if (at == std::string::npos) return "";
  return json.substr(at + k.size(), json.find('"', at + k.size()) - at - k.size());
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  auto cluster = cc::e2e::Cluster::Create();
  if (!cluster.ok()) {
    std::fprintf(stderr, "%s\n", std::string(cluster.status().message()).c_str());
    return 1;
  }
  if (absl::Status s = (*cluster)->StartAll(); !s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
    return 1;
  }
  cc::e2e::Cluster& c = **cluster;
  httplib::Client http("127.0.0.1", c.http_port("gateway"));
  http.set_keep_alive(true);
  http.set_tcp_nodelay(true);  // as a browser: no Nagle delay on our side
  auto login = http.Post("/api/login",
                         absl::StrCat(R"({"login":"e2e-operator","password":")",
                                      c.console_password(), R"("})"),
                         "application/json");
  if (!login || login->status != 200) {
    std::fprintf(stderr, "cannot log in\n");
    return 1;
  }
  std::string cookie = login->get_header_value("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  const httplib::Headers headers{{"Cookie", cookie}, {"X-CSRF-Token", Field(login->body, "csrf_token")}};
  auto reg = http.Post("/api/IntakeService/RegisterAppeal", headers, kCard, "application/json");
  if (!reg || reg->status != 200) {
    std::fprintf(stderr, "cannot register: %s\n", reg ? reg->body.c_str() : "no answer");
    return 1;
  }
  const std::string appeal_id = Field(reg->body, "id");
  const std::string body = absl::StrCat(R"({"appeal_id":")", appeal_id, R"("})");

  auto stub = cc::intake::v1::IntakeService::NewStub(c.channel("intake"));
  cc::intake::v1::GetAppealRequest req;
  req.set_appeal_id(appeal_id);
  auto direct = [&] {
    grpc::ClientContext ctx;
    cc::auth::AttachToken(ctx, c.operator_token());
    cc::intake::v1::GetAppealResponse resp;
    const absl::Time t = absl::Now();
    grpc::Status s = stub->GetAppeal(&ctx, req, &resp);
    if (!s.ok()) std::fprintf(stderr, "direct: %s\n", s.error_message().c_str());
    return Ms(absl::Now() - t);
  };
  auto through = [&] {
    const absl::Time t = absl::Now();
    auto r = http.Post("/api/IntakeService/GetAppeal", headers, body, "application/json");
    if (!r || r->status != 200) std::fprintf(stderr, "gateway: %d\n", r ? r->status : -1);
    return Ms(absl::Now() - t);
  };
  for (int i = 0; i < 100; ++i) direct(), through();  // warm both paths
  std::vector<double> d, g;
  const int n = absl::GetFlag(FLAGS_calls);
  for (int i = 0; i < n; ++i) {
    d.push_back(direct());
    g.push_back(through());
  }
  std::printf("GetAppeal, %d calls each way, one caller, alternating:\n", n);
  std::printf("  direct gRPC      p50 %.3f ms  p99 %.3f ms\n", Percentile(d, .5), Percentile(d, .99));
  std::printf("  through gateway  p50 %.3f ms  p99 %.3f ms\n", Percentile(g, .5), Percentile(g, .99));
  std::printf("  added            p50 %.3f ms  p99 %.3f ms  (targets: 1 ms, 3 ms)\n",
              Percentile(g, .5) - Percentile(d, .5), Percentile(g, .99) - Percentile(d, .99));

  // The first render of the operator's page: what the browser fetches before
  // the page is usable, on a fresh connection, in the order it needs them.
  std::vector<double> renders;
  for (int i = 0; i < absl::GetFlag(FLAGS_renders); ++i) {
    httplib::Client b("127.0.0.1", c.http_port("gateway"));
    b.set_keep_alive(true);
    b.set_tcp_nodelay(true);
    const httplib::Headers h{{"Cookie", cookie}};
    const absl::Time t = absl::Now();
    bool ok = true;
    for (const char* path : {"/operator.html", "/style.css", "/common.js", "/operator.js",
                             "/api/session", "/api/reference"}) {
      auto r = b.Get(path, h);
      ok = ok && r && r->status == 200;
    }
    if (!ok) std::fprintf(stderr, "a first render failed\n");
    renders.push_back(Ms(absl::Now() - t));
  }
  std::printf("operator page first render (HTML, CSS, scripts, session, reference; fresh connection):\n"
              "  p50 %.3f ms  p99 %.3f ms  (the browser's own paint: tests/browser prints it)\n",
              Percentile(renders, .5), Percentile(renders, .99));
  return 0;
}
