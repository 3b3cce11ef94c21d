// The appeals the load programs register: seven topics, five territories,
// a different applicant (name and phone) each, and an idempotency key as a
// careful client sends it.
#pragma once

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "sample_appeal.h"

namespace contactcenter::load {

// `run` keeps the keys of one run apart from another's on the same stack.
inline intake::v1::RegisterAppealRequest LoadAppeal(int i, absl::string_view run = "") {
  static const char* const kTopics[] = {"106", "108", "109", "110", "112", "115", "125"};
  static const char* const kTerritories[] = {"LG", "LG-SEV", "LG-STA", "LG-SVA", "LG-SHC"};
  intake::v1::RegisterAppealRequest req =
      intake::SampleAppeal(kTopics[i % 7], kTerritories[i % 5], i % 2 == 0);
  auto* p = req.mutable_card()->mutable_applicant()->mutable_person();
  p->set_name(absl::StrCat("Заявник ", i));
  p->set_phone(absl::StrCat("+38050", 1000000 + i % 8999999));
  req.set_idempotency_key(absl::StrCat("load-", run, "-", i));
  return req;
}

}  // namespace contactcenter::load
