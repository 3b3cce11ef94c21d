// Ukrainian text cut into words, numbers and breaks, for the lemmatiser.
// Pure. Apostrophes (' ’ ʼ) inside a word are the dictionary's ' ; a hyphen
// inside a word stays ("будь-який"); sentence punctuation and commas are
// breaks, which a two-word phrase never crosses; anything else separates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace contactcenter::analytics::text {

enum class TokenKind { kWord, kNumber, kBreak };

struct Token {
  TokenKind kind;
  std::string text;  // empty for a break
};

// A token with a digit anywhere ("12", "5-й", "A1") is a number. Bytes
// that are not valid UTF-8 separate tokens.
std::vector<Token> Tokenize(std::string_view text);

// Lower case of Cyrillic (Ukrainian and Russian letters) and ASCII; other
// characters stay as they are.
std::string Lowercase(std::string_view word);

// True when the word has a letter and no lower-case letter ("ЦНАП").
bool IsAllUpper(std::string_view word);

// True when the word starts with an upper-case letter.
bool StartsUpper(std::string_view word);

}  // namespace contactcenter::analytics::text
