// What the fuzzers share: an input of several documents, and a check that
// stops the run (a crash libFuzzer saves) when a property does not hold.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace contactcenter::fuzz {

inline absl::string_view AsText(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

// An input holding several documents (two CSV files, a fingerprint and a
// token) separates them by lines of just "%%", so that a corpus file stays
// readable. Always `n` parts: missing ones are empty, the last takes the rest.
inline std::vector<std::string> SplitParts(absl::string_view text, size_t n) {
  std::vector<std::string> parts;
  while (parts.size() + 1 < n) {
    size_t at = absl::string_view::npos;
    if (text.substr(0, 3) == "%%\n") {
      at = 0;
    } else if (size_t i = text.find("\n%%\n"); i != absl::string_view::npos) {
      at = i + 1;
    }
    if (at == absl::string_view::npos) break;
    parts.emplace_back(text.substr(0, at == 0 ? 0 : at - 1));
    text.remove_prefix(at + 3);
  }
  parts.emplace_back(text);
  parts.resize(n);
  return parts;
}

// Like assert, but also in Release builds, with a message.
#define CC_FUZZ_CHECK(cond, what)                                                  \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      std::fprintf(stderr, "%s:%d: property broken: %s (%s)\n", __FILE__, __LINE__, \
                   what, #cond);                                                   \
      std::abort();                                                                \
    }                                                                              \
  } while (0)

}  // namespace contactcenter::fuzz
