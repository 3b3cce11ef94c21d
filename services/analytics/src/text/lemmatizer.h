// Ukrainian words to their dictionary lemmas, with libhunspell and the
// hunspell-uk dictionary (uk_UA.aff, uk_UA.dic): субсидії → субсидія,
// звернувся → звернутися. Only the dictionary's common words survive:
// a word it does not know, a proper name (its lemma starts with a capital:
// surnames, first names, places) and every number are dropped, and so are
// the stop words (a list kept as data, one word a line). What it returns is
// what analytics may keep of an essence.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

class Hunspell;

namespace contactcenter::analytics::text {

struct Analysis {
  // The kept lemmas in the order of the text, repeats included.
  std::vector<std::string> lemmas;
  // Two-word phrases "a b" of kept lemmas next to each other (a stop word
  // between them is skipped; a dropped word, a number or punctuation breaks
  // the phrase), each once, in the order first seen.
  std::vector<std::string> phrases;
};

class Lemmatizer {
 public:
  // `dictionary_dir` holds uk_UA.aff and uk_UA.dic (Debian's hunspell-uk:
  // /usr/share/hunspell); `stopwords_file` one lower-case word a line, '#'
  // starting a comment.
  static absl::StatusOr<std::unique_ptr<Lemmatizer>> Load(const std::string& dictionary_dir,
                                                          const std::string& stopwords_file);
  ~Lemmatizer();

  // The lemma of one word as Analyse would keep it; nullopt when it is
  // dropped (unknown, a proper name, a number, a stop word).
  std::optional<std::string> Lemma(std::string_view word) const;

  Analysis Analyse(std::string_view text) const;

  size_t stopword_count() const { return stopwords_.size(); }

 private:
  Lemmatizer(std::unique_ptr<Hunspell> hunspell, std::set<std::string> stopwords);
  std::optional<std::string> LemmaLocked(std::string_view word) const;
  std::optional<std::string> Known(const std::string& word, bool acronym) const;

  // Hunspell keeps per-call state: one caller at a time.
  mutable std::mutex mu_;
  std::unique_ptr<Hunspell> hunspell_;
  std::set<std::string> stopwords_;
};

}  // namespace contactcenter::analytics::text
