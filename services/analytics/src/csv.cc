#include "csv.h"

namespace contactcenter::analytics {

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvRecord(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i]);
  }
  out += "\r\n";
  return out;
}

void CsvChunker::Header(const std::vector<std::string>& fields) {
  current_ = std::string(kUtf8Bom) + CsvRecord(fields);
}

void CsvChunker::Row(const std::vector<std::string>& fields) {
  std::string record = CsvRecord(fields);
  if (!current_.empty() && current_.size() + record.size() > chunk_bytes_) {
    chunks_.push_back(std::move(current_));
    current_.clear();
  }
  current_ += record;
}

std::vector<std::string> CsvChunker::Finish() {
  if (!current_.empty()) chunks_.push_back(std::move(current_));
  current_.clear();
  return std::move(chunks_);
}

}  // namespace contactcenter::analytics
