#include "notice_transports.h"

#include <curl/curl.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "httplib.h"

namespace contactcenter::intake {
namespace {

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadBody(char* buffer, size_t size, size_t items, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * items, up->data->size() - up->offset);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

constexpr char kErrorKindUrl[] = "type.contactcenter/intake.notice-error-kind";

}  // namespace

std::string TransportErrorKind(const absl::Status& s) {
  const auto kind = s.GetPayload(kErrorKindUrl);  // absl::optional in this Abseil
  return kind ? std::string(*kind) : "other";
}

absl::Status WithTransportErrorKind(absl::Status s, const std::string& kind) {
  s.SetPayload(kErrorKindUrl, absl::Cord(kind));
  return s;
}

std::string CurlErrorKind(int curl_code) {
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return "tls";
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT: return "connect";
    case CURLE_OPERATION_TIMEDOUT: return "timeout";
    case CURLE_LOGIN_DENIED: return "auth";
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_WEIRD_SERVER_REPLY: return "rejected";
    default: return "other";
  }
}

absl::Status SmtpMailer::Send(const std::string& to, const std::string& message) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::InternalError("smtp: curl_easy_init failed");
  const std::string from = absl::StrCat("<", options_.from, ">");
  curl_slist* rcpt = curl_slist_append(nullptr, absl::StrCat("<", to, ">").c_str());
  Upload up{&message, 0};
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  // STARTTLS: always when offered, and a must in production.
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   static_cast<long>(options_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  // The server's certificate chains to this CA and names the host (curl's
  // defaults, VERIFYPEER and VERIFYHOST, stay on).
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!options_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, &ReadBody);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
  const CURLcode res = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (res != CURLE_OK) {
    // The kind, then curl's own words for the code: no address, no text of
    // ours ("smtp: tls: SSL peer certificate or SSH remote key was not OK
    // (curl 60, reply 0)").
    const std::string kind = CurlErrorKind(res);
    return WithTransportErrorKind(
        absl::UnavailableError(absl::StrFormat("smtp: %s: %s (curl %d, reply %d)", kind,
                                               curl_easy_strerror(res), res, code)),
        kind);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::pair<std::string, std::string>> ReadSmtpCredentials(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("smtp_credentials_file: cannot read ", path));
  std::string line;
  std::getline(in, line);
  const absl::string_view l = absl::StripTrailingAsciiWhitespace(line);
  const size_t colon = l.find(':');
  if (colon == absl::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "smtp_credentials_file: ", path, " must hold one line username:password"));
  }
  return std::make_pair(std::string(l.substr(0, colon)), std::string(l.substr(colon + 1)));
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

absl::Status HttpSmsGateway::Send(const std::string& client_reference, const std::string& phone,
                                  const std::string& text) {
  // url = scheme://host[:port]/path
  const size_t scheme_end = url_.find("://");
  const size_t path_start =
      url_.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  const std::string base = path_start == std::string::npos ? url_ : url_.substr(0, path_start);
  const std::string path = path_start == std::string::npos ? "/" : url_.substr(path_start);
  httplib::Client client(base);
  const auto secs = absl::ToInt64Seconds(timeout_);
  client.set_connection_timeout(secs, 0);
  client.set_read_timeout(secs, 0);
  client.set_write_timeout(secs, 0);
  httplib::Headers headers;
  if (!token_.empty()) headers.emplace("Authorization", absl::StrCat("Bearer ", token_));
  const std::string body = absl::StrCat("{\"client_reference\":", JsonString(client_reference),
                                        ",\"to\":", JsonString(phone),
                                        ",\"text\":", JsonString(text), "}");
  httplib::Result r = client.Post(path.c_str(), headers, body, "application/json");
  if (!r) {
    const std::string kind = r.error() == httplib::Error::Connection        ? "connect"
                             : r.error() == httplib::Error::SSLConnection ||
                                     r.error() == httplib::Error::SSLServerVerification
                                 ? "tls"
                                 : "other";
    return WithTransportErrorKind(
        absl::UnavailableError(absl::StrCat("sms: ", httplib::to_string(r.error()))), kind);
  }
  if (r->status < 200 || r->status > 299) {
    return WithTransportErrorKind(
        absl::UnavailableError(absl::StrCat("sms: gateway answered HTTP ", r->status)),
        "rejected");
  }
  return absl::OkStatus();
}

}  // namespace contactcenter::intake
