#include "text/lemmatizer.h"

#include <hunspell/hunspell.hxx>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "text/tokenize.h"

namespace contactcenter::analytics::text {
namespace {

// A verb's infinitive ends so; a form that is both a noun's and a verb's
// ("оплати": оплата, оплатити) is taken as the noun, what a topic names.
bool LooksInfinitive(const std::string& lemma) {
  for (std::string_view end : {"ти", "тися", "тись", "чи", "чися"}) {
    if (lemma.size() >= end.size() && lemma.compare(lemma.size() - end.size(), end.size(), end) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Lemmatizer>> Lemmatizer::Load(const std::string& dictionary_dir,
                                                             const std::string& stopwords_file) {
  const std::string aff = dictionary_dir + "/uk_UA.aff";
  const std::string dic = dictionary_dir + "/uk_UA.dic";
  for (const std::string& f : {aff, dic}) {
    if (!std::filesystem::is_regular_file(f)) {
      return absl::FailedPreconditionError(
          absl::StrCat(f, " not found: install the Debian package hunspell-uk"));
    }
  }
  std::ifstream in(stopwords_file);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", stopwords_file));
  std::set<std::string> stopwords;
  std::string line;
  while (std::getline(in, line)) {
    if (size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::string word(absl::StripAsciiWhitespace(line));
    if (!word.empty()) stopwords.insert(Lowercase(word));
  }
  if (stopwords.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(stopwords_file, " lists no stop words"));
  }
  auto hunspell = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
  if (hunspell->get_dict_encoding() != "UTF-8") {
    return absl::FailedPreconditionError(absl::StrCat(aff, " is not a UTF-8 dictionary"));
  }
  return std::unique_ptr<Lemmatizer>(new Lemmatizer(std::move(hunspell), std::move(stopwords)));
}

Lemmatizer::Lemmatizer(std::unique_ptr<Hunspell> hunspell, std::set<std::string> stopwords)
    : hunspell_(std::move(hunspell)), stopwords_(std::move(stopwords)) {}

Lemmatizer::~Lemmatizer() = default;

// The lemma of a word the dictionary knows as written, or nullopt. A
// proper name's lemma starts with a capital and is dropped; an acronym
// ("ЦНАП", "ОСББ") is kept only as all capitals.
std::optional<std::string> Lemmatizer::Known(const std::string& word, bool acronym) const {
  if (!hunspell_->spell(word)) return std::nullopt;
  std::vector<std::string> stems = hunspell_->stem(word);
  std::vector<std::string> kept;
  for (std::string& s : stems) {
    if (acronym ? IsAllUpper(s) && s.size() > 2 : !StartsUpper(s)) kept.push_back(std::move(s));
  }
  if (kept.empty()) return std::nullopt;
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  auto noun = std::find_if(kept.begin(), kept.end(), [](const std::string& s) { return !LooksInfinitive(s); });
  return noun != kept.end() ? *noun : kept.front();
}

std::optional<std::string> Lemmatizer::LemmaLocked(std::string_view word) const {
  const std::string lower = Lowercase(word);
  if (stopwords_.count(lower)) return std::nullopt;
  std::optional<std::string> lemma = Known(lower, false);
  if (!lemma && IsAllUpper(word)) lemma = Known(std::string(word), true);
  if (!lemma || stopwords_.count(*lemma)) return std::nullopt;
  return lemma;
}

std::optional<std::string> Lemmatizer::Lemma(std::string_view word) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Token> tokens = Tokenize(word);
  if (tokens.size() != 1 || tokens[0].kind != TokenKind::kWord) return std::nullopt;
  return LemmaLocked(tokens[0].text);
}

Analysis Lemmatizer::Analyse(std::string_view text) const {
  Analysis out;
  std::set<std::string> seen_phrases;
  std::string previous;  // the last kept lemma, "" after a break
  const auto keep = [&](const std::string& lemma) {
    out.lemmas.push_back(lemma);
    if (!previous.empty() && previous != lemma) {
      std::string phrase = absl::StrCat(previous, " ", lemma);
      if (seen_phrases.insert(phrase).second) out.phrases.push_back(std::move(phrase));
    }
    previous = lemma;
  };
  std::lock_guard<std::mutex> lock(mu_);
  for (const Token& t : Tokenize(text)) {
    if (t.kind != TokenKind::kWord) {
      previous.clear();
      continue;
    }
    const std::string lower = Lowercase(t.text);
    if (stopwords_.count(lower)) continue;  // skipped, not a break
    if (std::optional<std::string> lemma = LemmaLocked(t.text)) {
      keep(*lemma);
      continue;
    }
    // "соціально-економічний" may be unknown as a whole and known in parts.
    bool any = false;
    if (t.text.find('-') != std::string::npos) {
      size_t start = 0;
      while (start <= t.text.size()) {
        size_t end = t.text.find('-', start);
        if (end == std::string::npos) end = t.text.size();
        if (std::optional<std::string> part = LemmaLocked(t.text.substr(start, end - start))) {
          keep(*part);
          any = true;
        } else {
          previous.clear();
        }
        start = end + 1;
      }
    }
    if (!any) previous.clear();
  }
  return out;
}

}  // namespace contactcenter::analytics::text
