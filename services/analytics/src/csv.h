// CSV for spreadsheets (RFC 4180): UTF-8 with a byte-order mark first, so
// that a spreadsheet opens Cyrillic as such; fields with a comma, a quote,
// CR or LF are quoted, a quote doubled; lines end in CRLF. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace contactcenter::analytics {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One field, quoted when it must be.
std::string CsvField(std::string_view value);
// One record: fields joined by commas, ended by CRLF.
std::string CsvRecord(const std::vector<std::string>& fields);

// A table as CSV text, cut into chunks of about `chunk_bytes` (whole
// records; a record longer than that is a chunk of its own) for a stream.
// The first chunk starts with the BOM and the header.
class CsvChunker {
 public:
  explicit CsvChunker(size_t chunk_bytes) : chunk_bytes_(chunk_bytes) {}
  void Header(const std::vector<std::string>& fields);
  void Row(const std::vector<std::string>& fields);
  // The chunks made so far (the last one may be short), and forgets them.
  std::vector<std::string> Finish();

 private:
  size_t chunk_bytes_;
  std::vector<std::string> chunks_;
  std::string current_;
};

}  // namespace contactcenter::analytics
