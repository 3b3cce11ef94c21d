#include "messages.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "console_files.h"
#include "contactcenter/log/log.h"

namespace contactcenter::gateway {
namespace {

// Whether `text` is the whole of `parts` with anything between them; the
// texts between, in order, into `captures`. A capture is as short as the
// next part allows (the last one runs to the final part at the end).
bool MatchParts(const std::vector<std::string>& parts, absl::string_view text,
                std::vector<std::string>* captures) {
  captures->clear();
  if (!absl::ConsumePrefix(&text, parts[0])) return false;
  for (size_t i = 1; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    size_t at;
    if (last) {
      if (text.size() < parts[i].size() || !absl::EndsWith(text, parts[i])) return false;
      at = text.size() - parts[i].size();
    } else {
      at = parts[i].empty() ? 0 : text.find(parts[i]);
      if (at == absl::string_view::npos) return false;
    }
    captures->emplace_back(text.substr(0, at));
    text.remove_prefix(at + parts[i].size());
  }
  return text.empty();
}

// `uk` with {1}, {2}, ... replaced by the captures.
std::string Fill(absl::string_view uk, const std::vector<std::string>& captures) {
  std::string out;
  while (!uk.empty()) {
    const size_t open = uk.find('{');
    const size_t close = open == absl::string_view::npos ? open : uk.find('}', open);
    size_t n = 0;
    if (close == absl::string_view::npos ||
        !absl::SimpleAtoi(uk.substr(open + 1, close - open - 1), &n) || n < 1 ||
        n > captures.size()) {
      absl::StrAppend(&out, uk.substr(0, open == absl::string_view::npos ? uk.size() : open + 1));
      uk.remove_prefix(open == absl::string_view::npos ? uk.size() : open + 1);
      continue;
    }
    absl::StrAppend(&out, uk.substr(0, open), captures[n - 1]);
    uk.remove_prefix(close + 1);
  }
  return out;
}

// The highest {n} in a Ukrainian text.
size_t HighestPlaceholder(absl::string_view uk) {
  size_t highest = 0;
  for (size_t open = uk.find('{'); open != absl::string_view::npos; open = uk.find('{', open + 1)) {
    const size_t close = uk.find('}', open);
    size_t n = 0;
    if (close != absl::string_view::npos && absl::SimpleAtoi(uk.substr(open + 1, close - open - 1), &n)) {
      highest = std::max(highest, n);
    }
  }
  return highest;
}

}  // namespace

absl::StatusOr<MessageCatalog> MessageCatalog::Parse(absl::string_view tsv) {
  MessageCatalog c;
  std::vector<std::string> problems;
  int n = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
    ++n;
    absl::ConsumeSuffix(&line, "\r");
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 3 || f[1].empty() || f[2].empty()) {
      problems.push_back(absl::StrCat("line ", n, ": want <kind> TAB <key> TAB <Ukrainian>"));
      continue;
    }
    if (f[0] == "code") {
      c.codes_[f[1]] = f[2];
      continue;
    }
    if (f[0] != "message" && f[0] != "violation") {
      problems.push_back(absl::StrCat("line ", n, ": kind is code, message or violation, not \"",
                                      f[0], "\""));
      continue;
    }
    Entry e{absl::StrSplit(f[1], "{}"), f[2]};
    if (HighestPlaceholder(e.uk) + 1 > e.parts.size()) {
      problems.push_back(absl::StrCat("line ", n, ": the Ukrainian names {",
                                      HighestPlaceholder(e.uk), "}, the pattern has ",
                                      e.parts.size() - 1));
      continue;
    }
    (f[0] == "message" ? c.messages_ : c.violations_).push_back(std::move(e));
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("message catalogue: ", absl::StrJoin(problems, "; ")));
  }
  return c;
}

const MessageCatalog& MessageCatalog::Ukrainian() {
  static const MessageCatalog* const kUk = [] {
    auto it = MessageFiles().find("uk.tsv");
    absl::StatusOr<MessageCatalog> c =
        Parse(it == MessageFiles().end() ? absl::string_view() : absl::string_view(it->second));
    if (!c.ok()) {
      CC_LOG(Error) << c.status();
      std::abort();
    }
    return new MessageCatalog(*std::move(c));
  }();
  return *kUk;
}

std::optional<std::string> MessageCatalog::Match(const std::vector<Entry>& entries,
                                                 absl::string_view text) {
  std::vector<std::string> captures;
  for (const Entry& e : entries) {
    if (MatchParts(e.parts, text, &captures)) return Fill(e.uk, captures);
  }
  return std::nullopt;
}

std::optional<std::string> MessageCatalog::Code(absl::string_view code) const {
  auto it = codes_.find(code);
  if (it == codes_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> MessageCatalog::Message(absl::string_view message) const {
  return Match(messages_, message);
}

std::optional<std::string> MessageCatalog::Violation(absl::string_view description) const {
  return Match(violations_, description);
}

std::string MessageCatalog::StatusMessage(absl::string_view code, absl::string_view message,
                                          bool has_violations) const {
  if (std::optional<std::string> m = Message(message)) return *m;
  std::optional<std::string> general = Code(code);
  if (!general) return std::string(message);
  if (has_violations || message.empty()) return *general;
  return absl::StrCat(*general, " (", message, ")");
}

}  // namespace contactcenter::gateway
