// The channels notices leave by (issue 17): ports the sender calls, and
// their adapters. A transport's error says what failed in a few words
// ("smtp: Couldn't connect to server (code 7)"), never an address or a text:
// it is stored on the notice and logged.
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace contactcenter::intake {

// E-mail: sends one whole RFC 5322 message (mime.h) to `to`.
class EmailTransport {
 public:
  virtual ~EmailTransport() = default;
  virtual absl::Status Send(const std::string& to, const std::string& message) = 0;
  // The From address (also the Message-ID's domain).
  virtual const std::string& from() const = 0;
};

// SMS through a gateway. `client_reference` is the notice id: a gateway
// that keeps references drops a repeat.
class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  virtual absl::Status Send(const std::string& client_reference, const std::string& phone,
                            const std::string& text) = 0;
};

struct SmtpOptions {
  // smtp://host:port (STARTTLS when offered, or required) or smtps://host:port.
  std::string url;
  std::string from;
  // Empty: no AUTH.
  std::string username;
  std::string password;
  // Refuse to send over a connection that did not turn TLS (production).
  bool require_tls = true;
  // The CA (PEM) the server's certificate must chain to, when it is not one
  // of the system's (the center's own mail relay); empty: the system's.
  // The certificate must also name the URL's host: never verified less.
  std::string ca_file;
  absl::Duration timeout = absl::Seconds(30);
};

// What kind of failure a transport's error is, for the metric's `error`
// label and the log: "tls" (the handshake, the server's certificate, or
// STARTTLS not offered when required), "connect", "timeout", "auth",
// "rejected" (the server refused the message or the gateway answered an
// error), "other". Read from the error's payload; "other" when none.
std::string TransportErrorKind(const absl::Status& s);
// `s` marked with `kind` (TransportErrorKind).
absl::Status WithTransportErrorKind(absl::Status s, const std::string& kind);

// The kind of a libcurl result (CURLcode as int).
std::string CurlErrorKind(int curl_code);

// SMTP through libcurl: one connection per message.
class SmtpMailer final : public EmailTransport {
 public:
  explicit SmtpMailer(SmtpOptions options) : options_(std::move(options)) {}
  absl::Status Send(const std::string& to, const std::string& message) override;
  const std::string& from() const override { return options_.from; }

 private:
  const SmtpOptions options_;
};

// Reads a credentials file: one line "username:password" (the password may
// hold ':'); errors name the file, never its content.
absl::StatusOr<std::pair<std::string, std::string>> ReadSmtpCredentials(const std::string& path);

// An HTTP gateway adapter (v1): POST <url> with the JSON
// {"client_reference": ..., "to": "+380...", "text": ...} and, when a token
// is given, "Authorization: Bearer <token>"; any 2xx is accepted.
class HttpSmsGateway final : public SmsGateway {
 public:
  HttpSmsGateway(std::string url, std::string token, absl::Duration timeout)
      : url_(std::move(url)), token_(std::move(token)), timeout_(timeout) {}
  absl::Status Send(const std::string& client_reference, const std::string& phone,
                    const std::string& text) override;

 private:
  const std::string url_;
  const std::string token_;
  const absl::Duration timeout_;
};

// `s` as a JSON string literal (quotes included).
std::string JsonString(const std::string& s);

}  // namespace contactcenter::intake
