#include "knowledge.h"

#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "appeal_card.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::intake {
namespace {

bool IsWordByte(unsigned char c) { return c >= 0x80 || absl::ascii_isalnum(c); }

// The stem of a Ukrainian word for prefix search: inflections change the
// last letters ("опалення", "опаленням"), so a long word is cut by two
// letters; short words stay whole.
std::string Stem(const std::string& word) {
  size_t letters = 0;
  for (unsigned char c : word) letters += (c & 0xC0) != 0x80;
  if (letters < 6) return word;
  // Drop the last two code points.
  size_t end = word.size();
  for (int k = 0; k < 2; ++k) {
    do {
      --end;
    } while (end > 0 && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80);
  }
  return word.substr(0, end);
}

}  // namespace

void ValidateArticle(FieldViolations& v, const std::string& at, const v1::Article& a,
                     const refdata::Classifier& classifier, bool need_id) {
  if (need_id) CheckUuid(v, at + ".id", a.id());
  CheckText(v, at + ".title", a.title(), kMaxTitleChars);
  CheckText(v, at + ".body", a.body(), kMaxBodyChars, Text::kFree);
  if (a.topic_codes_size() == 0) v.Add(at + ".topic_codes", "at least one topic");
  if (a.topic_codes_size() > kMaxArticleTopics) {
    v.Add(at + ".topic_codes", absl::StrCat("at most ", kMaxArticleTopics));
  }
  std::set<std::string> topics;
  for (int i = 0; i < a.topic_codes_size() && i < kMaxArticleTopics; ++i) {
    const std::string field = absl::StrCat(at, ".topic_codes[", i, "]");
    if (classifier.FindTopic(a.topic_codes(i)) == nullptr) {
      v.Add(field, absl::StrCat("unknown topic ", Quoted(a.topic_codes(i))));
    } else if (!topics.insert(a.topic_codes(i)).second) {
      v.Add(field, "listed twice");
    }
  }
  if (a.tags_size() > kMaxTags) v.Add(at + ".tags", absl::StrCat("at most ", kMaxTags));
  for (int i = 0; i < a.tags_size() && i < kMaxTags; ++i) {
    CheckText(v, absl::StrCat(at, ".tags[", i, "]"), a.tags(i), kMaxTagChars);
  }
  std::optional<absl::CivilDay> from;
  if (!a.has_valid_from()) {
    v.Add(at + ".valid_from", "required");
  } else {
    from = CheckDate(v, at + ".valid_from", a.valid_from());
  }
  if (a.has_valid_to()) {
    std::optional<absl::CivilDay> to = CheckDate(v, at + ".valid_to", a.valid_to());
    if (to && from && *to < *from) v.Add(at + ".valid_to", "before valid_from");
  }
}

void ValidateConsultation(FieldViolations& v, const std::string& at, const v1::Consultation& c,
                          const refdata::Classifier& classifier) {
  if (c.topic_code().empty()) {
    v.Add(at + ".topic_code", "required (a classifier topic, e.g. \"109\")");
  } else if (classifier.FindTopic(c.topic_code()) == nullptr) {
    v.Add(at + ".topic_code", absl::StrCat("unknown topic ", Quoted(c.topic_code())));
  }
  if (c.article_ids_size() > kMaxConsultationArticles) {
    v.Add(at + ".article_ids", absl::StrCat("at most ", kMaxConsultationArticles));
  }
  std::set<std::string> seen;
  for (int i = 0; i < c.article_ids_size() && i < kMaxConsultationArticles; ++i) {
    const std::string field = absl::StrCat(at, ".article_ids[", i, "]");
    if (!IsUuid(c.article_ids(i))) {
      v.Add(field, "not a UUID");
    } else if (!seen.insert(c.article_ids(i)).second) {
      v.Add(field, "listed twice");
    }
  }
  CheckMaxChars(v, at + ".note", c.note(), kMaxNoteChars, Text::kFree);
}

std::string PrefixTsQuery(absl::string_view query) {
  const std::string folded = FoldCase(query);
  std::vector<std::string> terms;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) terms.push_back(absl::StrCat(Stem(word), ":*"));
    word.clear();
  };
  for (char c : folded) {
    if (IsWordByte(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return absl::StrJoin(terms, " & ");
}

std::string SearchText(absl::string_view text) { return FoldCase(text); }

}  // namespace contactcenter::intake
