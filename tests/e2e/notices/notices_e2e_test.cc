// The applicant is told what happens to the appeal (issue 17), end to end:
// an electronic appeal is registered, routed and its term extended while
// the SMTP server refuses connections; intake is killed (SIGKILL) and comes
// back; then a real SMTP server (python3 -m aiosmtpd, writing a maildir)
// starts on the port, and exactly one e-mail per event arrives: the
// acknowledgement with the registration number, the forwarding with the
// body, the extension with the new last day and the head's reason, each
// with its notice's Message-ID.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_certificates.h"
#include "e2e_test.h"
#include "gmock/gmock.h"
#include "httplib.h"

extern char** environ;

namespace contactcenter::e2e {
namespace {

namespace intake = ::contactcenter::intake::v1;
namespace tracking = ::contactcenter::tracking::v1;
using ::testing::HasSubstr;

bool Listening(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

std::string DecodeBase64(absl::string_view in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    const size_t v = kAlphabet.find(c);
    if (v == std::string::npos) continue;  // '=', line ends
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xff);
    }
  }
  return out;
}

// One received message: its headers (folded lines joined) and body.
struct Mail {
  std::map<std::string, std::string> headers;
  std::string body;
};

Mail ParseMail(const std::string& raw) {
  Mail m;
  std::string text = absl::StrReplaceAll(raw, {{"\r\n", "\n"}});
  const size_t split = text.find("\n\n");
  std::string head = text.substr(0, split);
  m.body = split == std::string::npos ? "" : text.substr(split + 2);
  head = absl::StrReplaceAll(head, {{"\n ", " "}, {"\n\t", " "}});
  for (absl::string_view line : absl::StrSplit(head, '\n')) {
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) continue;
    m.headers[absl::AsciiStrToLower(line.substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  return m;
}

// "=?UTF-8?B?...?= =?UTF-8?B?...?=" → the text.
std::string DecodeSubject(absl::string_view s) {
  std::string out;
  for (absl::string_view word : absl::StrSplit(s, ' ', absl::SkipEmpty())) {
    if (absl::ConsumePrefix(&word, "=?UTF-8?B?") && absl::ConsumeSuffix(&word, "?=")) {
      out += DecodeBase64(word);
    } else {
      out += std::string(word);
    }
  }
  return out;
}

class NoticesE2eTest : public E2eTest {
 protected:
  // intake starts in SetUp, with the SMTP server's address.
  std::vector<std::string> Services() const override {
    std::vector<std::string> names = E2eTest::Services();
    std::erase(names, "intake");
    return names;
  }

  void SetUp() override {
    smtp_port_ = FreeLoopbackPort();
    maildir_ = absl::StrCat(std::filesystem::temp_directory_path().string(), "/cc-notices-",
                            getpid());
    std::filesystem::remove_all(maildir_);
    E2eTest::SetUp();
    if (HasFatalFailure()) return;
    ServiceProcess& p = cluster_->process("intake");
    p.SetEnv("SMTP_URL", absl::StrCat("smtp://127.0.0.1:", smtp_port_));
    p.SetEnv("SMTP_FROM", "noreply@lokc.test");
    // The test server offers no STARTTLS; production keeps it required.
    p.SetEnv("SMTP_REQUIRE_TLS", "false");
    p.SetEnv("NOTICE_SEND_INTERVAL", "200ms");
    p.SetEnv("NOTICE_SEND_TIMEOUT", "3s");
    p.SetEnv("NOTICE_INITIAL_BACKOFF", "200ms");
    p.SetEnv("NOTICE_MAX_BACKOFF", "1s");
    p.SetEnv("NOTICE_MAX_ATTEMPTS", "10000");
    ConfigureIntake(p);
    ASSERT_OK(cluster_->Start("intake"));
  }

  // What a test changes of intake's environment before its first start.
  virtual void ConfigureIntake(ServiceProcess&) {}

  void TearDown() override {
    StopSmtp();
    E2eTest::TearDown();
    std::filesystem::remove_all(maildir_);
  }

  // Debian's aiosmtpd, writing every message it accepts into a maildir.
  // `extra`: more options (--tlscert, --tlskey: STARTTLS, and required).
  void StartSmtp(const std::vector<std::string>& extra = {}) {
    const std::string listen = absl::StrCat("127.0.0.1:", smtp_port_);
    std::vector<std::string> args = {"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", listen};
    args.insert(args.end(), extra.begin(), extra.end());
    for (const char* a : {"-c", "aiosmtpd.handlers.Mailbox"}) args.push_back(a);
    args.push_back(maildir_);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawn(&smtp_pid_, argv[0], nullptr, nullptr, argv.data(), environ), 0);
    ASSERT_TRUE(Eventually([&] { return Listening(smtp_port_); }, absl::Seconds(20)))
        << "aiosmtpd did not listen on " << listen;
  }

  void StopSmtp() {
    if (smtp_pid_ <= 0) return;
    kill(smtp_pid_, SIGTERM);
    int status = 0;
    waitpid(smtp_pid_, &status, 0);
    smtp_pid_ = -1;
  }

  std::vector<Mail> Received() const {
    std::vector<Mail> out;
    const std::string dir = maildir_ + "/new";
    if (!std::filesystem::exists(dir)) return out;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(f.path());
      std::stringstream s;
      s << in.rdbuf();
      out.push_back(ParseMail(s.str()));
    }
    return out;
  }

  intake::GetAppealResponse Appeal(const std::string& id) {
    intake::GetAppealRequest req;
    req.set_appeal_id(id);
    intake::GetAppealResponse resp;
    EXPECT_OK(intake_->GetAppeal(Ctx().get(), req, &resp));
    return resp;
  }

  int smtp_port_ = 0;
  std::string maildir_;
  pid_t smtp_pid_ = -1;
};

TEST_F(NoticesE2eTest, ExactlyOneEmailPerEventThroughRefusalsAndAKilledIntake) {
  // An electronic appeal from the web form, with an e-mail for the answer.
  intake::RegisterAppealRequest reg = WebFormAppealByEmail("Коваленко", "Ірина",
                                                           "м. Сєвєродонецьк, вул. Донецька, 7",
                                                           "iryna.kovalenko@example.com");
  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), reg, &registered));
  const std::string id = registered.appeal().id();
  const std::string number = registered.appeal().registration_number();

  // Routed to the district administration; its head extends the term.
  absl::StatusOr<tracking::Case> opened = WaitForCase(id);
  ASSERT_OK(opened.status());
  ASSERT_EQ(opened->executor_id(), Cluster::kExecutorId);
  tracking::AcceptCaseRequest accept;
  accept.set_case_id(opened->id());
  tracking::AcceptCaseResponse accepted;
  ASSERT_OK(executors_->AcceptCase(Ctx(cluster_->executor_token()).get(), accept, &accepted));
  const absl::CivilDay new_term = FromDate(opened->control_date()) + 5;
  tracking::RequestExtensionRequest ext;
  ext.set_case_id(opened->id());
  *ext.mutable_new_control_date() = ToDate(new_term);
  ext.set_reason("Потрібна перевірка на місці.");
  ext.set_reason_code(tracking::EXTENSION_REASON_INSPECTION_ON_SITE);
  ext.set_approved_by("Голова РВА");
  tracking::RequestExtensionResponse extended;
  ASSERT_OK(executors_->RequestExtension(Ctx(cluster_->executor_token()).get(), ext, &extended));
  // A last day that falls on a day off moves to the next working day (Civil
  // Code Art. 254), so the notice names the term the case got.
  const absl::CivilDay granted = FromDate(extended.case_().statutory_control_date());
  ASSERT_GE(granted, new_term);
  ASSERT_LE(granted, new_term + 4);

  // Three notices, each tried at least once against the refusing port.
  ASSERT_TRUE(Eventually(
      [&] {
        const intake::GetAppealResponse a = Appeal(id);
        if (a.notices_size() != 3) return false;
        for (const auto& n : a.notices()) {
          if (n.attempts() < 1 || n.status() != intake::NOTICE_STATUS_PENDING) return false;
        }
        return true;
      },
      absl::Seconds(60)))
      << Appeal(id).DebugString() << cluster_->process("intake").LogTail();
  const intake::GetAppealResponse before = Appeal(id);
  for (const auto& n : before.notices()) {
    EXPECT_THAT(n.last_error(), HasSubstr("smtp:"));
    EXPECT_EQ(n.channel(), intake::NOTICE_CHANNEL_EMAIL);
  }

  // intake dies mid-retry and comes back; then the SMTP server appears.
  cluster_->process("intake").Signal(SIGKILL);
  ASSERT_OK(cluster_->Start("intake"));
  StartSmtp();
  if (HasFatalFailure()) return;
  const absl::Time smtp_up = absl::Now();

  ASSERT_TRUE(Eventually([&] { return Received().size() >= 3; }, absl::Seconds(60)))
      << Received().size() << " mails\n" << cluster_->process("intake").LogTail();
  // The figure: how soon the waiting notices go once the server is back
  // (the retry backoff is at most 1 s here, the job runs every 200 ms).
  std::cout << "[ figures  ] 3 waiting notices delivered "
            << absl::FormatDuration(absl::Now() - smtp_up) << " after the SMTP server started\n";
  // A few more sender passes: nothing more arrives.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const std::vector<Mail> mails = Received();
  ASSERT_EQ(mails.size(), 3u);

  std::map<std::string, intake::NoticeKind> kind_of;  // Message-ID → kind
  for (const auto& n : before.notices()) {
    kind_of[absl::StrCat("<", n.id(), "@lokc.test>")] = n.kind();
  }
  std::set<intake::NoticeKind> seen;
  for (const Mail& m : mails) {
    const std::string& message_id = m.headers.at("message-id");
    ASSERT_TRUE(kind_of.contains(message_id)) << message_id;
    EXPECT_TRUE(seen.insert(kind_of[message_id]).second) << "twice: " << message_id;
    EXPECT_EQ(m.headers.at("to"), "iryna.kovalenko@example.com");
    EXPECT_EQ(m.headers.at("from"), "noreply@lokc.test");
    EXPECT_THAT(m.headers.at("content-type"), HasSubstr("text/plain"));
    EXPECT_THAT(m.headers.at("content-type"), HasSubstr("UTF-8"));
    EXPECT_EQ(m.headers.at("content-transfer-encoding"), "base64");
    const std::string subject = DecodeSubject(m.headers.at("subject"));
    const std::string body = DecodeBase64(m.body);
    EXPECT_THAT(subject, HasSubstr(number));
    EXPECT_THAT(body, HasSubstr(number));
    // Art. 10: the notice says what happened, never the essence.
    EXPECT_THAT(body, ::testing::Not(HasSubstr("гарячої води")));
    switch (kind_of[message_id]) {
      case intake::NOTICE_KIND_ACKNOWLEDGED:
        EXPECT_THAT(subject, HasSubstr("зареєстровано"));
        break;
      case intake::NOTICE_KIND_FORWARDED:
        EXPECT_THAT(body, HasSubstr("Сєвєродонецька районна військова адміністрація"));
        break;
      case intake::NOTICE_KIND_EXTENDED:
        EXPECT_THAT(body, HasSubstr(absl::StrFormat("%02d.%02d.%04d", granted.day(),
                                                    granted.month(), granted.year())));
        // Art. 20: and why, in words from the head's reason code.
        EXPECT_THAT(body, HasSubstr("оскільки для вирішення порушених у ньому питань потрібна "
                                    "перевірка на місці"));
        break;
      default:
        ADD_FAILURE() << "unexpected notice " << message_id;
    }
  }
  EXPECT_EQ(seen.size(), 3u);

  // Recorded on the appeal: sent, each with its time.
  ASSERT_TRUE(Eventually([&] {
    const intake::GetAppealResponse a = Appeal(id);
    for (const auto& n : a.notices()) {
      if (n.status() != intake::NOTICE_STATUS_SENT || !n.has_sent_at()) return false;
    }
    return a.notices_size() == 3;
  })) << Appeal(id).DebugString();
}

// STARTTLS against a server that requires it (aiosmtpd --tlscert/--tlskey:
// require_starttls), its certificate signed by a development CA of the
// test's own (deploy/local/tls-certs, CN smtp, SAN 127.0.0.1). intake keeps
// TLS required (the production default) and trusts only --smtp_ca_file.
// With another CA the handshake fails: no e-mail, the notices wait and are
// retried, the log and intake_notice_attempts_failed_total{error="tls"} say
// so; with the server's CA the same notices arrive, once each (aiosmtpd
// takes no MAIL before STARTTLS: an e-mail that arrives went over TLS).
class NoticesStartTlsE2eTest : public NoticesE2eTest {
 protected:
  void ConfigureIntake(ServiceProcess& p) override {
    p.SetEnv("SMTP_REQUIRE_TLS", "true");
    p.SetEnv("SMTP_CA_FILE", wrong_ca_->ca_file());
  }

  std::string Metrics() {
    httplib::Client cli("127.0.0.1", cluster_->metrics_port("intake"));
    auto res = cli.Get("/metrics");
    return res ? res->body : "";
  }

  // The SMTP server's CA and certificate; and a CA that did not sign it.
  std::unique_ptr<testing::TestCertificates> smtp_certs_ =
      testing::TestCertificates::CreateOrDie({"smtp"});
  std::unique_ptr<testing::TestCertificates> wrong_ca_ =
      testing::TestCertificates::CreateOrDie({"elsewhere"});
};

TEST_F(NoticesStartTlsE2eTest, MailGoesOverStartTlsToTheServerTheCaVouchesForAndNoOtherWay) {
  StartSmtp({"--tlscert", smtp_certs_->cert_file("smtp"), "--tlskey",
             smtp_certs_->key_file("smtp")});
  if (HasFatalFailure()) return;

  intake::RegisterAppealRequest reg = WebFormAppealByEmail("Бондар", "Олег",
                                                           "м. Сєвєродонецьк, вул. Гагаріна, 3",
                                                           "oleh.bondar@example.com");
  intake::AppealCard* c = reg.mutable_card();
  c->set_topic_code("109");
  c->set_territory_code("LG-SEV");
  c->set_essence("Не працює ліфт.");
  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), reg, &registered));
  const std::string id = registered.appeal().id();

  // The wrong CA: the acknowledgement and the forwarding (routing sends the
  // appeal on meanwhile) are tried, fail their handshake and wait.
  ASSERT_TRUE(Eventually(
      [&] {
        const intake::GetAppealResponse a = Appeal(id);
        if (a.notices_size() != 2) return false;
        for (const auto& n : a.notices()) {
          if (n.attempts() < 2) return false;
        }
        return true;
      },
      absl::Seconds(60)))
      << Appeal(id).DebugString() << cluster_->process("intake").LogTail();
  const intake::GetAppealResponse waiting = Appeal(id);
  std::map<std::string, intake::NoticeKind> kind_of;  // Message-ID → kind
  for (const auto& n : waiting.notices()) {
    EXPECT_EQ(n.status(), intake::NOTICE_STATUS_PENDING);
    EXPECT_THAT(n.last_error(), HasSubstr("smtp: tls: "));
    kind_of[absl::StrCat("<", n.id(), "@lokc.test>")] = n.kind();
  }
  const intake::Notice& first = waiting.notices(0);
  EXPECT_EQ(first.kind(), intake::NOTICE_KIND_ACKNOWLEDGED);
  const std::string log = cluster_->process("intake").LogTail(400);
  EXPECT_THAT(log, HasSubstr(absl::StrCat("notice ", first.id(), " (acknowledged, email) attempt")));
  EXPECT_THAT(log, HasSubstr("error tls: smtp: tls: "));
  EXPECT_THAT(Metrics(), HasSubstr("intake_notice_attempts_failed_total{channel=\"email\","
                                   "error=\"tls\"}"));
  EXPECT_TRUE(Received().empty()) << "a message went to a server the CA does not vouch for";

  // The server's own CA: the same notices go, over STARTTLS, once each.
  cluster_->process("intake").Signal(SIGKILL);
  cluster_->process("intake").SetEnv("SMTP_CA_FILE", smtp_certs_->ca_file());
  const absl::Time restarted = absl::Now();
  ASSERT_OK(cluster_->Start("intake"));
  ASSERT_TRUE(Eventually(
      [&] {
        const intake::GetAppealResponse a = Appeal(id);
        for (const auto& n : a.notices()) {
          if (n.status() != intake::NOTICE_STATUS_SENT) return false;
        }
        return a.notices_size() == 2;
      },
      absl::Seconds(60)))
      << Appeal(id).DebugString() << cluster_->process("intake").LogTail();
  std::cout << "[ figures  ] 2 notices that waited on a failed handshake sent over STARTTLS "
            << absl::FormatDuration(absl::Now() - restarted)
            << " after intake restarted with the server's CA\n";
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const std::vector<Mail> mails = Received();
  ASSERT_EQ(mails.size(), 2u);
  std::set<std::string> seen;
  for (const Mail& m : mails) {
    const std::string& message_id = m.headers.at("message-id");
    EXPECT_TRUE(kind_of.contains(message_id)) << message_id;
    EXPECT_TRUE(seen.insert(message_id).second) << "twice: " << message_id;
    EXPECT_EQ(m.headers.at("to"), "oleh.bondar@example.com");
    EXPECT_THAT(DecodeSubject(m.headers.at("subject")),
                HasSubstr(registered.appeal().registration_number()));
  }
}

}  // namespace
}  // namespace contactcenter::e2e
