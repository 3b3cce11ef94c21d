// An e-mail notice as RFC 5322 / MIME text (pure, no I/O): the subject in
// RFC 2047 encoded words (Cyrillic is not ASCII), the body UTF-8 in base64
// with 76-character lines, and a Message-ID made of the notice id, so that a
// retry of the same notice is the same message (a receiver that got the
// first copy can drop the second).
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace contactcenter::intake {

struct EmailMessage {
  std::string from;  // an address, e.g. noreply@lokc.gov.ua
  std::string to;
  std::string subject;  // UTF-8
  std::string body;     // UTF-8, lines separated by '\n'
  std::string notice_id;
  absl::Time date;
};

// Standard base64 (RFC 4648) of `data`, no line breaks.
std::string Base64(absl::string_view data);

// `text` as an RFC 2047 header value: itself when it is printable ASCII;
// otherwise "=?UTF-8?B?...?=" encoded words of at most 75 characters each,
// never splitting a UTF-8 character, folded with CRLF SP between them.
std::string EncodeHeaderText(absl::string_view text);

// "<notice-id@domain of from>".
std::string MessageIdFor(absl::string_view notice_id, absl::string_view from);

// The whole message, CRLF line ends, ready for SMTP DATA.
std::string BuildEmail(const EmailMessage& m);

}  // namespace contactcenter::intake
