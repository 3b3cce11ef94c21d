// The knowledge base's rules, pure: what a valid article and consultation
// are, and how a search query becomes a PostgreSQL tsquery.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/refdata/classifier.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter::intake {

inline constexpr size_t kMaxTitleChars = 300;
inline constexpr size_t kMaxBodyChars = 50000;
inline constexpr int kMaxArticleTopics = 10;
inline constexpr int kMaxTags = 20;
inline constexpr size_t kMaxTagChars = 50;
inline constexpr size_t kMaxQueryChars = 200;
inline constexpr int kMaxConsultationArticles = 20;
inline constexpr size_t kMaxNoteChars = 2000;

// Checks an article's content, naming fields under `at` ("article.title").
// `need_id` for an update.
void ValidateArticle(FieldViolations& v, const std::string& at, const v1::Article& a,
                     const refdata::Classifier& classifier, bool need_id);

// Checks a consultation (not whether its articles exist: the store does).
void ValidateConsultation(FieldViolations& v, const std::string& at, const v1::Consultation& c,
                          const refdata::Classifier& classifier);

// "субсид:* & опал:*" from "Субсидія на опалення?": every word (letters and
// digits, case-folded) as a prefix, all required; "" when there is no word.
// Only word characters reach the tsquery, so no query can break its syntax.
std::string PrefixTsQuery(absl::string_view query);

// Text as it is indexed: case-folded (FoldCase), so that search does not
// depend on the database's locale.
std::string SearchText(absl::string_view text);

}  // namespace contactcenter::intake
