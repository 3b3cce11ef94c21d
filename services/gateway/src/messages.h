// The console's messages in Ukrainian: a catalogue (messages/uk.tsv,
// compiled in) that maps what the services and the gateway say in English
// — a status code's general message, a whole status message, a field
// violation's description — to Ukrainian. Patterns match whole texts; {}
// matches any text, which the Ukrainian takes as {1}, {2}, ... Text that no
// entry matches stays English: the page shows it rather than nothing.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace contactcenter::gateway {

class MessageCatalog {
 public:
  // Every bad line at once, by number.
  static absl::StatusOr<MessageCatalog> Parse(absl::string_view tsv);
  // The compiled-in messages/uk.tsv (aborts if it does not parse: the unit
  // test parses it first).
  static const MessageCatalog& Ukrainian();

  // The Ukrainian for a code name ("INVALID_ARGUMENT"), a status message,
  // a field violation's description; nothing where the catalogue has none.
  std::optional<std::string> Code(absl::string_view code) const;
  std::optional<std::string> Message(absl::string_view message) const;
  std::optional<std::string> Violation(absl::string_view description) const;

  // What a page shows for a status: the message's own entry; else, with
  // field violations (which say what is wrong), the code's; else the code's
  // with the English message after it in parentheses; else the English.
  std::string StatusMessage(absl::string_view code, absl::string_view message,
                            bool has_violations) const;

 private:
  struct Entry {
    std::vector<std::string> parts;  // the pattern's literal parts around each {}
    std::string uk;
  };
  static std::optional<std::string> Match(const std::vector<Entry>& entries, absl::string_view text);

  std::map<std::string, std::string, std::less<>> codes_;
  std::vector<Entry> messages_;
  std::vector<Entry> violations_;
};

}  // namespace contactcenter::gateway
