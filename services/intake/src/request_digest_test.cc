// The request digest idempotency keys keep, pure logic.
#include "request_digest.h"

#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::intake {
namespace {

TEST(RequestDigestTest, ARetryDigestsEqualAndAnyChangeDiffers) {
  v1::RegisterAppealRequest req = SampleAppeal();
  req.set_idempotency_key("call-1");
  const v1::RegisterAppealRequest retry = req;
  EXPECT_EQ(RequestDigest(req), RequestDigest(retry));
  EXPECT_EQ(RequestDigest(req).size(), 32u);
  // The digest of the bytes the table kept before migration 0007, so the
  // migration's sha256(request) still recognises a retry.
  EXPECT_EQ(RequestDigest(req), Sha256(DeterministicBytes(req)));

  v1::RegisterAppealRequest other = req;
  other.mutable_card()->set_essence(req.card().essence() + ".");
  EXPECT_NE(RequestDigest(other), RequestDigest(req));
  other = req;
  other.mutable_card()->mutable_applicant()->mutable_person()->set_phone("050 123 45 68");
  EXPECT_NE(RequestDigest(other), RequestDigest(req));
}

TEST(RequestDigestTest, TheDigestHoldsNoneOfTheRequestsText) {
  const v1::RegisterAppealRequest req = SampleAppeal();
  const std::string digest = RequestDigest(req);
  EXPECT_EQ(digest.find(req.card().applicant().person().surname()), std::string::npos);
  EXPECT_EQ(digest.find(req.card().applicant().person().phone()), std::string::npos);
}

}  // namespace
}  // namespace contactcenter::intake
