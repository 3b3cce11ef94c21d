#include "benefits.h"

namespace contactcenter::tracking {

bool HasPriority(const Categories& categories) {
  for (int c : categories) {
    if (c != common::v1::AUTHOR_CATEGORY_UNSPECIFIED && c != common::v1::AUTHOR_CATEGORY_OTHER &&
        common::v1::AuthorCategory_IsValid(c)) {
      return true;
    }
  }
  return false;
}

bool NeedsFirstHead(const Categories& categories) {
  for (int c : categories) {
    switch (c) {
      case common::v1::AUTHOR_CATEGORY_HERO_OF_UKRAINE:
      case common::v1::AUTHOR_CATEGORY_HERO_OF_SOVIET_UNION:
      case common::v1::AUTHOR_CATEGORY_HERO_OF_SOCIALIST_LABOUR:
      case common::v1::AUTHOR_CATEGORY_WAR_DISABLED:
        return true;
      default:
        break;
    }
  }
  return false;
}

}  // namespace contactcenter::tracking
