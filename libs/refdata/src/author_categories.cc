#include "contactcenter/refdata/author_categories.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "contactcenter/refdata/csv.h"

namespace contactcenter::refdata {

absl::StatusOr<AuthorCategories> AuthorCategories::Parse(absl::string_view csv,
                                                         const std::string& source) {
  absl::StatusOr<CsvTable> table = CsvTable::Parse(
      csv, source, {"category", "priority_basis", "first_head_articles", "note"});
  if (!table.ok()) return table.status();
  AuthorCategories out;
  for (size_t i = 0; i < table->size(); ++i) {
    const std::string& name = table->Get(i, "category");
    common::v1::AuthorCategory category;
    if (!common::v1::AuthorCategory_Parse(absl::StrCat("AUTHOR_CATEGORY_", name), &category) ||
        category == common::v1::AUTHOR_CATEGORY_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat(table->Where(i), ": unknown category \"", name, "\""));
    }
    if (out.rules_.count(category) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(table->Where(i), ": ", name, " is listed twice"));
    }
    AuthorCategoryRule rule;
    rule.priority_basis = table->Get(i, "priority_basis");
    for (absl::string_view a :
         absl::StrSplit(table->Get(i, "first_head_articles"), ' ', absl::SkipEmpty())) {
      int article = 0;
      if (!absl::SimpleAtoi(a, &article) || (article != 14 && article != 15)) {
        return absl::InvalidArgumentError(absl::StrCat(
            table->Where(i), ": first_head_articles lists 14 or 15, got \"", a, "\""));
      }
      rule.first_head_articles.push_back(article);
    }
    out.rules_[category] = std::move(rule);
  }
  return out;
}

absl::StatusOr<AuthorCategories> AuthorCategories::LoadDir(const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/author-categories.csv");
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

const AuthorCategoryRule& AuthorCategories::Rule(int category) const {
  static const AuthorCategoryRule kNone;
  auto it = rules_.find(category);
  return it == rules_.end() ? kNone : it->second;
}

bool AuthorCategories::NamesFirstHead(const AuthorCategoryRule& rule,
                                      common::v1::AppealKind kind) {
  const std::vector<int>& a = rule.first_head_articles;
  auto names = [&](int article) { return std::find(a.begin(), a.end(), article) != a.end(); };
  switch (kind) {
    case common::v1::APPEAL_KIND_PROPOSAL:
      return names(14);
    case common::v1::APPEAL_KIND_STATEMENT:
      return names(15);
    default:
      return !a.empty();
  }
}

}  // namespace contactcenter::refdata
