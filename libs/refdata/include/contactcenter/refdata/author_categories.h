// Which author categories (classifier item 7) give what, read from
// author-categories.csv: data, because the benefits are set by many laws
// that change (category -> legal basis), not by the law on appeals.
//
// Law 393/96-ВР, Art. 20, last part: "Звернення ... громадян, які мають
// встановлені законодавством пільги, розглядаються у першочерговому
// порядку" — priority needs a benefit established by law, so a category
// gives priority only with its legal basis in the file (an internally
// displaced person has no benefit as such, and has none there).
// Art. 14 (proposals) and Art. 15 (statements) name the authors whose
// proposals or statements the body's first head considers personally: the
// file lists, per category, the articles that name it. Art. 15, part 2:
// «Заяви (клопотання) Героїв Радянського Союзу, Героїв Соціалістичної
// Праці, осіб з інвалідністю внаслідок війни розглядаються першими
// керівниками ... особисто»; Art. 14, part 2, the same for «Пропозиції
// (зауваження)» of Heroes of the Soviet Union and of Socialist Labour and
// of disabled veterans of the (Second World) war. Neither names Heroes of
// Ukraine.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "contactcenter/common/v1/common.pb.h"

namespace contactcenter::refdata {

struct AuthorCategoryRule {
  // The law that gives the category its benefits ("" for none): priority
  // consideration under Art. 20.
  std::string priority_basis;
  // The articles of Law 393/96-ВР (14, 15) under which the first head
  // considers the category's appeals personally; empty for none.
  std::vector<int> first_head_articles;
};

class AuthorCategories {
 public:
  // No category gives anything.
  AuthorCategories() = default;

  // Parses author-categories.csv (deploy/reference/README.md): the columns
  // category (an AuthorCategory name without its prefix, e.g. COMBATANT,
  // each listed at most once), priority_basis, first_head_articles (space-
  // separated article numbers, 14 or 15) and note. Errors name `source` and
  // the line.
  static absl::StatusOr<AuthorCategories> Parse(absl::string_view csv, const std::string& source);
  // Reads <dir>/author-categories.csv; NOT_FOUND when it cannot be read.
  static absl::StatusOr<AuthorCategories> LoadDir(const std::string& dir);

  // The rule of `category`; an empty rule for a category the file omits.
  const AuthorCategoryRule& Rule(int category) const;

  // Art. 20: some category has a benefit established by law.
  template <typename Categories>
  bool HasPriority(const Categories& categories) const {
    for (int c : categories) {
      if (!Rule(c).priority_basis.empty()) return true;
    }
    return false;
  }

  // Art. 14 for a proposal, Art. 15 for a statement: some category is named
  // by the article of the appeal's kind. For a complaint or an unknown
  // kind, either article counts.
  template <typename Categories>
  bool NeedsFirstHead(const Categories& categories, common::v1::AppealKind kind) const {
    for (int c : categories) {
      if (NamesFirstHead(Rule(c), kind)) return true;
    }
    return false;
  }

 private:
  static bool NamesFirstHead(const AuthorCategoryRule& rule, common::v1::AppealKind kind);

  std::map<int, AuthorCategoryRule> rules_;
};

}  // namespace contactcenter::refdata
