// Paging for the exchange's lists (ListRejectedCards, ListDeadLetters): the
// position after a page's last row as an opaque token, on the libs' page
// token (libs/status page_token.h). The keys are not UUIDs (a card number;
// a card number and a sequence), so the keyset token's id does not fit; the
// lower layer does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace contactcenter::exchange {

// Where a page ended: the row's time (received_at of a rejected card,
// dead_at of a dead letter), then its card number, then its sequence (0
// for cards).
struct ListPosition {
  absl::Time at;
  std::string card_number;
  int64_t sequence = 0;
  bool operator==(const ListPosition&) const = default;
};

// One page of a list; `next` is set when more items follow.
template <typename T>
struct ListPage {
  std::vector<T> items;
  std::optional<ListPosition> next;
};

// "" when there is no next page. `list` names the list ("rejected",
// "dead"), so one list's token is refused by the other.
std::string EncodeListToken(const std::optional<ListPosition>& next, absl::string_view list);

// nullopt for "" (the first page); INVALID_ARGUMENT naming page_token for a
// token that is not one of `list`'s.
absl::StatusOr<std::optional<ListPosition>> DecodeListToken(absl::string_view token,
                                                            absl::string_view list);

}  // namespace contactcenter::exchange
