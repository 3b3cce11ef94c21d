// Keyset paging for List RPCs, in one place: the store fetches one row more
// than the page (FetchLimit) and cuts it (CutPage), the handler turns the
// position after the last item into an opaque token and back
// (EncodeKeysetToken, DecodeKeysetToken). A token carries a fingerprint of
// the query, so a token from one query is refused by another instead of
// paging wrongly.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "contactcenter/status/field_violations.h"

namespace contactcenter {

// Where a page ended: the sort key (a time) of its last item and that
// item's id (a UUID), which breaks ties.
struct KeysetPosition {
  absl::Time at;
  std::string id;

  bool operator==(const KeysetPosition&) const = default;
};

// One page of a list; `next` is set when more items follow.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<KeysetPosition> next;
};

// The LIMIT a store asks for: one row more than the page, which says
// whether another page follows.
inline int FetchLimit(int page_size) { return page_size + 1; }

// A page of `rows` fetched with LIMIT FetchLimit(page_size): the first
// `page_size` rows converted by `to_item`, and when there were more,
// `next` = `position_of` the last item kept.
template <typename Rows, typename ToItem, typename PositionOf>
auto CutPage(const Rows& rows, int page_size, ToItem to_item, PositionOf position_of) {
  using Item = std::decay_t<decltype(to_item(*std::begin(rows)))>;
  Page<Item> page;
  for (const auto& row : rows) {
    if (static_cast<int>(page.items.size()) == page_size) {
      page.next = position_of(page.items.back());
      break;
    }
    page.items.push_back(to_item(row));
  }
  return page;
}

// The token a response carries for `next`: "" when there is no next page.
// `fingerprint` names the query (its filters); any text will do.
std::string EncodeKeysetToken(const std::optional<KeysetPosition>& next,
                              absl::string_view fingerprint);

// The position in a token from EncodeKeysetToken with the same
// `fingerprint`; nullopt for "" (the first page). INVALID_ARGUMENT naming
// page_token for anything else.
absl::StatusOr<std::optional<KeysetPosition>> DecodeKeysetToken(absl::string_view token,
                                                                absl::string_view fingerprint);

// The page size to use: 0 means `default_size`, larger than `max_size` is
// capped; negative is INVALID_ARGUMENT on page_size.
absl::StatusOr<int> PageSize(int requested, int default_size, int max_size);

// PageSize as a check among others: a violation on page_size (and
// `default_size` returned) when negative.
int CheckPageSize(FieldViolations& v, int requested, int default_size, int max_size);

// The lower layer of the tokens: web-safe base64 of the parts joined by
// '\n' (parts must not contain it).
std::string EncodePageToken(const std::vector<std::string>& parts);

// The parts, checking there are `count` of them; INVALID_ARGUMENT (naming
// page_token) when the token is malformed or its first part is not
// `fingerprint`.
absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view fingerprint,
                                                         size_t count);

}  // namespace contactcenter
