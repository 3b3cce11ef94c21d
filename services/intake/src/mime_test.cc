#include "mime.h"

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::intake {
namespace {

using ::testing::HasSubstr;

TEST(MimeTest, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
}

TEST(MimeTest, AsciiSubjectStaysAsItIs) {
  EXPECT_EQ(EncodeHeaderText("Appeal 42"), "Appeal 42");
}

TEST(MimeTest, CyrillicSubjectIsRfc2047EncodedWordsNeverSplittingACharacter) {
  const std::string subject =
      "Звернення № ЛОКЦ-2026-000042 надіслано для розгляду за належністю";
  const std::string encoded = EncodeHeaderText(subject);
  std::string decoded;
  for (absl::string_view word : absl::StrSplit(encoded, "\r\n ")) {
    EXPECT_LE(word.size(), 75u) << word;
    ASSERT_TRUE(absl::ConsumePrefix(&word, "=?UTF-8?B?")) << word;
    ASSERT_TRUE(absl::ConsumeSuffix(&word, "?=")) << word;
    // Each word decodes alone to whole characters: re-encoding its text
    // gives the word back.
    std::string text;
    // Decode by brute force over the alphabet (the test needs no decoder
    // of its own beyond this).
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t buf = 0;
    int bits = 0;
    for (char c : word) {
      if (c == '=') break;
      buf = (buf << 6) | static_cast<uint32_t>(std::string_view(kAlphabet).find(c));
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        text += static_cast<char>((buf >> bits) & 0xff);
      }
    }
    EXPECT_EQ(Base64(text), std::string(word));
    const unsigned char first = static_cast<unsigned char>(text[0]);
    EXPECT_NE(first & 0xc0, 0x80) << "a word starts inside a character";
    decoded += text;
  }
  EXPECT_EQ(decoded, subject);
}

TEST(MimeTest, MessageIdIsTheNoticeIdAtTheSendersDomain) {
  EXPECT_EQ(MessageIdFor("0b7f2a4e-3c1d-4e5f-8a9b-0c1d2e3f4a5b", "noreply@lokc.gov.ua"),
            "<0b7f2a4e-3c1d-4e5f-8a9b-0c1d2e3f4a5b@lokc.gov.ua>");
}

TEST(MimeTest, TheMessageIsUtf8Base64WithCrlfAndTheSameForARetry) {
  EmailMessage m{"noreply@lokc.gov.ua", "olena@example.com", "Тема",
                 "Шановний заявнику!\nРядок два.", "n-1", absl::FromUnixSeconds(1764633600)};
  const std::string a = BuildEmail(m);
  EXPECT_THAT(a, HasSubstr("Date: Tue, 02 Dec 2025 00:00:00 +0000\r\n"));
  EXPECT_THAT(a, HasSubstr("From: noreply@lokc.gov.ua\r\nTo: olena@example.com\r\n"));
  EXPECT_THAT(a, HasSubstr("Subject: =?UTF-8?B?" + Base64("Тема") + "?=\r\n"));
  EXPECT_THAT(a, HasSubstr("Message-ID: <n-1@lokc.gov.ua>\r\n"));
  EXPECT_THAT(a, HasSubstr("Content-Type: text/plain; charset=UTF-8\r\n"));
  EXPECT_THAT(a, HasSubstr("Content-Transfer-Encoding: base64\r\n\r\n"));
  EXPECT_THAT(a, HasSubstr(Base64("Шановний заявнику!\r\nРядок два.").substr(0, 76)));
  for (absl::string_view line : absl::StrSplit(a, "\r\n")) EXPECT_LE(line.size(), 78u);
  EXPECT_EQ(a.find('\n') - 1, a.find("\r\n"));
  // A retry, later: the same Message-ID.
  m.date += absl::Hours(1);
  EXPECT_THAT(BuildEmail(m), HasSubstr("Message-ID: <n-1@lokc.gov.ua>\r\n"));
}

}  // namespace
}  // namespace contactcenter::intake
