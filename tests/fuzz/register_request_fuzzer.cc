// intake's RegisterAppeal request as a whole: the bytes a caller sends (a
// serialised RegisterAppealRequest), validated against the reference
// classifier as the handler does; a card that validates is normalised as
// it is stored, screened, and digested for its idempotency key.
#include <cstddef>
#include <cstdint>

#include "absl/time/civil_time.h"
#include "appeal_card.h"
#include "contactcenter/refdata/classifier.h"
#include "fuzz_input.h"
#include "request_digest.h"
#include "screening.h"

namespace {

const contactcenter::refdata::Classifier& Reference() {
  static const auto* const c = [] {
    auto loaded = contactcenter::refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    CC_FUZZ_CHECK(loaded.ok(), "the reference classifier loads");
    return new contactcenter::refdata::Classifier(*std::move(loaded));
  }();
  return *c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contactcenter;
  using namespace contactcenter::intake;
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2026, 11, 28, 12, 0, 0), absl::UTCTimeZone());
  v1::RegisterAppealRequest req;
  if (!req.ParseFromArray(data, static_cast<int>(size))) return 0;
  const FieldViolations v = ValidateRegisterRequest(req, Reference(), now);
  (void)v.ToStatus("invalid request");
  if (!v.empty()) return 0;

  v1::RegisterAppealRequest stored;
  *stored.mutable_idempotency_key() = req.idempotency_key();
  *stored.mutable_card() = NormalizeCard(req.card(), now);
  const FieldViolations again = ValidateRegisterRequest(stored, Reference(), now);
  CC_FUZZ_CHECK(again.empty(), "a normalised valid card is still valid");
  CC_FUZZ_CHECK(NormalizeCard(stored.card(), now).SerializeAsString() ==
                    stored.card().SerializeAsString(),
                "a normalised card stays as it is");
  (void)Screen(stored.card(), absl::CivilDay(2026, 11, 28), refdata::WorkCalendar());
  (void)PersonNameKey(stored.card().applicant().person());
  CC_FUZZ_CHECK(RequestDigest(req) == RequestDigest(req), "the digest is deterministic");
  return 0;
}
