#include "text/tokenize.h"

#include <cstdint>
#include <optional>

namespace contactcenter::analytics::text {
namespace {

// The next code point of `s` at `i` (advancing `i`), or nullopt for a byte
// that does not start a valid sequence (skipped by one byte).
std::optional<char32_t> Next(std::string_view s, size_t& i) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t c = b(i);
  int len = 0;
  char32_t cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    ++i;
    return std::nullopt;
  }
  if (i + len > s.size()) {
    ++i;
    return std::nullopt;
  }
  for (int k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      ++i;
      return std::nullopt;
    }
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  i += len;
  return cp;
}

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsUpperLetter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0x0400 && c <= 0x042F) ||
         (c >= 0x0460 && c <= 0x04FF && c % 2 == 0);
}
bool IsLowerLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0x0430 && c <= 0x045F) ||
         (c >= 0x0460 && c <= 0x04FF && c % 2 == 1);
}
bool IsLetter(char32_t c) { return IsUpperLetter(c) || IsLowerLetter(c); }
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x2018; }
bool IsHyphen(char32_t c) { return c == '-' || c == 0x2011; }
bool IsBreak(char32_t c) {
  switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?': case '(': case ')':
    case '"': case 0x00AB: case 0x00BB: case 0x2014: case 0x2013: case 0x201C: case 0x201D:
    case 0x201E: case 0x2026: case '\n':
      return true;
    default:
      return false;
  }
}

char32_t ToLower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c >= 0x0410 && c <= 0x042F) return c + 0x20;
  if (c >= 0x0400 && c <= 0x040F) return c + 0x50;
  if (c >= 0x0460 && c <= 0x04FF && c % 2 == 0) return c + 1;
  return c;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  std::vector<char32_t> word;
  bool digit = false;
  const auto flush = [&] {
    // An apostrophe or hyphen that ends a word is not part of it.
    while (!word.empty() && (word.back() == '\'' || word.back() == '-')) word.pop_back();
    if (word.empty()) return;
    Token t{digit ? TokenKind::kNumber : TokenKind::kWord, ""};
    for (char32_t c : word) Append(t.text, c);
    out.push_back(std::move(t));
    word.clear();
    digit = false;
  };
  const auto brk = [&] {
    if (!out.empty() && out.back().kind != TokenKind::kBreak) out.push_back({TokenKind::kBreak, ""});
  };
  size_t i = 0;
  while (i < s.size()) {
    std::optional<char32_t> c = Next(s, i);
    if (!c) {
      flush();
      continue;
    }
    if (IsLetter(*c) || IsDigit(*c)) {
      word.push_back(*c);
      digit = digit || IsDigit(*c);
    } else if (!word.empty() && (IsApostrophe(*c) || IsHyphen(*c))) {
      if (word.back() == '\'' || word.back() == '-') {
        flush();
      } else {
        word.push_back(IsApostrophe(*c) ? U'\'' : U'-');
      }
    } else {
      flush();
      if (IsBreak(*c)) brk();
    }
  }
  flush();
  return out;
}

std::string Lowercase(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  size_t i = 0;
  while (i < word.size()) {
    const size_t start = i;
    std::optional<char32_t> c = Next(word, i);
    if (c) {
      Append(out, ToLower(*c));
    } else {
      out.append(word.substr(start, i - start));
    }
  }
  return out;
}

bool IsAllUpper(std::string_view word) {
  bool letter = false;
  size_t i = 0;
  while (i < word.size()) {
    std::optional<char32_t> c = Next(word, i);
    if (!c) continue;
    if (IsLowerLetter(*c)) return false;
    letter = letter || IsUpperLetter(*c);
  }
  return letter;
}

bool StartsUpper(std::string_view word) {
  size_t i = 0;
  std::optional<char32_t> c = word.empty() ? std::nullopt : Next(word, i);
  return c && IsUpperLetter(*c);
}

}  // namespace contactcenter::analytics::text
