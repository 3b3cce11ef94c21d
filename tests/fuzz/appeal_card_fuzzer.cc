// intake's appeal card: the normalisation of what an operator types (phone,
// e-mail, names, addresses) on any text. What a normaliser accepts it
// accepts again unchanged, or repeats of an appeal would not be found.
#include <cstddef>
#include <cstdint>

#include "appeal_card.h"
#include "contactcenter/status/validation.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contactcenter;
  using namespace contactcenter::intake;
  const absl::string_view text = fuzz::AsText(data, size);

  if (absl::StatusOr<std::string> p = NormalizePhone(text); p.ok()) {
    CC_FUZZ_CHECK(p->size() >= 9 && (*p)[0] == '+', "a phone is + and digits");
    absl::StatusOr<std::string> again = NormalizePhone(*p);
    CC_FUZZ_CHECK(again.ok() && *again == *p, "a normalised phone stays as it is");
  }
  if (absl::StatusOr<std::string> e = NormalizeEmail(text); e.ok()) {
    absl::StatusOr<std::string> again = NormalizeEmail(*e);
    CC_FUZZ_CHECK(again.ok() && *again == *e, "a normalised e-mail stays as it is");
  }

  // Names and addresses are normalised after validation: valid text only.
  FieldViolations v;
  CheckChars(v, "text", text, Text::kFree);
  if (!v.empty()) {
    (void)NormalizeName(text);
    (void)FoldCase(text);
    return 0;
  }
  const std::string name = NormalizeName(text);
  CC_FUZZ_CHECK(NormalizeName(name) == name, "a normalised name stays as it is");
  const std::string folded = FoldCase(text);
  FieldViolations fv;
  CheckChars(fv, "folded", folded, Text::kFree);
  CC_FUZZ_CHECK(fv.empty(), "folding keeps text valid");
  CC_FUZZ_CHECK(CharCount(folded) == CharCount(text), "folding keeps every character");
  CC_FUZZ_CHECK(FoldCase(folded) == folded, "folded text stays as it is");
  CC_FUZZ_CHECK(AddressKey(AddressKey(text)) == AddressKey(text), "an address key is stable");
  return 0;
}
