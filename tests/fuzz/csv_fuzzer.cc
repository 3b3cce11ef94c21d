// libs/refdata CsvTable::Parse: any text, with and without required columns.
#include <cstddef>
#include <cstdint>

#include "contactcenter/refdata/csv.h"
#include "contactcenter/status/validation.h"
#include "fuzz_input.h"

namespace contactcenter::fuzz {
namespace {

void Use(const refdata::CsvTable& t) {
  for (size_t i = 0; i < t.size(); ++i) {
    // A cell is one line of valid UTF-8 once parsed.
    for (const char* column : {"code", "name_uk", "unknown"}) {
      const std::string& cell = t.Get(i, column);
      FieldViolations v;
      CheckChars(v, column, cell);
      CC_FUZZ_CHECK(v.empty(), "a parsed cell holds a control character or bad UTF-8");
    }
    CC_FUZZ_CHECK(!t.Where(i).empty(), "Where names the row");
  }
}

}  // namespace
}  // namespace contactcenter::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using contactcenter::refdata::CsvTable;
  const absl::string_view text = contactcenter::fuzz::AsText(data, size);
  if (auto t = CsvTable::Parse(text, "fuzz.csv", {}); t.ok()) contactcenter::fuzz::Use(*t);
  if (auto t = CsvTable::Parse(text, "fuzz.csv", {"code", "name_uk"}); t.ok()) {
    contactcenter::fuzz::Use(*t);
  }
  return 0;
}
