// libs/status text checks (CheckChars, CheckText, CheckMaxChars, CharCount)
// on any bytes, against a plain decoder of UTF-8 written here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "contactcenter/status/validation.h"
#include "fuzz_input.h"

namespace {

// The code points of valid UTF-8 (RFC 3629), or nullopt.
std::optional<std::vector<uint32_t>> Decode(absl::string_view s) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      const unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += len;
  }
  return out;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contactcenter;
  const absl::string_view text = fuzz::AsText(data, size);
  const std::optional<std::vector<uint32_t>> cps = Decode(text);
  for (Text kind : {Text::kLine, Text::kFree}) {
    FieldViolations v;
    CheckChars(v, "f", text, kind);
    bool clean = cps.has_value();
    if (clean) {
      for (uint32_t cp : *cps) {
        const bool allowed = kind == Text::kFree && (cp == '\n' || cp == '\t');
        if (IsControl(cp) && !allowed) clean = false;
      }
    }
    CC_FUZZ_CHECK(v.empty() == clean, "CheckChars agrees with a plain UTF-8 decoder");
    CC_FUZZ_CHECK(v.violations().size() <= 1, "CheckChars adds one violation at most");

    FieldViolations t;
    CheckText(t, "f", text, 10, kind);
    if (clean && cps->size() > 10) CC_FUZZ_CHECK(!t.empty(), "over-long text is refused");
    FieldViolations m;
    CheckMaxChars(m, "f", text, 1000, kind);
    CC_FUZZ_CHECK(m.empty() == (clean && cps->size() <= 1000), "CheckMaxChars counts code points");
  }
  if (cps) CC_FUZZ_CHECK(CharCount(text) == cps->size(), "CharCount counts code points");
  (void)IsUuid(text);
  return 0;
}
