// The transports' errors carry their kind, for the metric's `error` label
// and the log: a certificate the CA does not vouch for is "tls", a port
// nobody listens on is "connect".
#include "notice_transports.h"

#include <curl/curl.h>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::intake {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(NoticeTransportsTest, CurlResultsHaveTheirKinds) {
  EXPECT_EQ(CurlErrorKind(CURLE_PEER_FAILED_VERIFICATION), "tls");
  EXPECT_EQ(CurlErrorKind(CURLE_SSL_CONNECT_ERROR), "tls");
  EXPECT_EQ(CurlErrorKind(CURLE_USE_SSL_FAILED), "tls");  // STARTTLS required, not offered
  EXPECT_EQ(CurlErrorKind(CURLE_SSL_CACERT_BADFILE), "tls");
  EXPECT_EQ(CurlErrorKind(CURLE_COULDNT_CONNECT), "connect");
  EXPECT_EQ(CurlErrorKind(CURLE_OPERATION_TIMEDOUT), "timeout");
  EXPECT_EQ(CurlErrorKind(CURLE_LOGIN_DENIED), "auth");
  EXPECT_EQ(CurlErrorKind(CURLE_SEND_ERROR), "rejected");
  EXPECT_EQ(CurlErrorKind(CURLE_OUT_OF_MEMORY), "other");
}

TEST(NoticeTransportsTest, AnErrorKeepsItsKindAndAnUnmarkedOneIsOther) {
  EXPECT_EQ(TransportErrorKind(WithTransportErrorKind(absl::UnavailableError("x"), "tls")), "tls");
  EXPECT_EQ(TransportErrorKind(absl::UnavailableError("smtp: something")), "other");
}

TEST(NoticeTransportsTest, APortNobodyListensOnIsAConnectError) {
  // Port 1 on loopback: nothing listens there for an unprivileged test.
  SmtpOptions o;
  o.url = "smtp://127.0.0.1:1";
  o.from = "noreply@lokc.test";
  o.timeout = absl::Seconds(5);
  SmtpMailer mailer(o);
  const absl::Status s = mailer.Send("someone@example.com", "Subject: x\r\n\r\nx\r\n");
  EXPECT_TRUE(absl::IsUnavailable(s)) << s;
  EXPECT_EQ(TransportErrorKind(s), "connect");
  const std::string message(s.message());
  EXPECT_THAT(message, StartsWith("smtp: connect: "));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("someone@example.com")));
}

}  // namespace
}  // namespace contactcenter::intake
