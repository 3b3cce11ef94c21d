#include "mime.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace contactcenter::intake {
namespace {

bool PrintableAscii(absl::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// Bytes of the UTF-8 character starting with `lead`.
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 1;
}

}  // namespace

std::string Base64(absl::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const uint32_t v = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (const size_t rest = data.size() - i; rest > 0) {
    uint32_t v = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string EncodeHeaderText(absl::string_view text) {
  if (PrintableAscii(text)) return std::string(text);
  // "=?UTF-8?B?" + base64 + "?=" within 75 characters leaves 63 for base64,
  // i.e. 45 bytes of text (RFC 2047, section 2).
  constexpr size_t kMaxBytes = 45;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      const size_t len = Utf8Length(static_cast<unsigned char>(text[end]));
      if (end + len - i > kMaxBytes) break;
      end += len;
    }
    if (end == i) end = std::min(text.size(), i + Utf8Length(static_cast<unsigned char>(text[i])));
    if (!out.empty()) out += "\r\n ";
    absl::StrAppend(&out, "=?UTF-8?B?", Base64(text.substr(i, end - i)), "?=");
    i = end;
  }
  return out;
}

std::string MessageIdFor(absl::string_view notice_id, absl::string_view from) {
  const size_t at = from.rfind('@');
  const absl::string_view domain =
      at == absl::string_view::npos ? absl::string_view("localhost") : from.substr(at + 1);
  return absl::StrCat("<", notice_id, "@", domain, ">");
}

std::string BuildEmail(const EmailMessage& m) {
  std::string out;
  absl::StrAppend(&out, "Date: ",
                  absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", m.date, absl::UTCTimeZone()),
                  "\r\n");
  absl::StrAppend(&out, "From: ", m.from, "\r\n");
  absl::StrAppend(&out, "To: ", m.to, "\r\n");
  absl::StrAppend(&out, "Subject: ", EncodeHeaderText(m.subject), "\r\n");
  absl::StrAppend(&out, "Message-ID: ", MessageIdFor(m.notice_id, m.from), "\r\n");
  absl::StrAppend(&out, "MIME-Version: 1.0\r\n");
  absl::StrAppend(&out, "Content-Type: text/plain; charset=UTF-8\r\n");
  absl::StrAppend(&out, "Content-Transfer-Encoding: base64\r\n\r\n");
  const std::string body =
      Base64(absl::StrReplaceAll(absl::StrReplaceAll(m.body, {{"\r\n", "\n"}}), {{"\n", "\r\n"}}));
  for (size_t i = 0; i < body.size(); i += 76) {
    absl::StrAppend(&out, body.substr(i, 76), "\r\n");
  }
  return out;
}

}  // namespace contactcenter::intake
