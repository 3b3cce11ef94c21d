// The request digest idempotency keys keep, pure logic.
#include "request_digest.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::intake {
namespace {

TEST(Sha256Test, MatchesTheStandardTestVectors) {
  // FIPS 180-2, appendix B.1, and the empty message.
  EXPECT_EQ(absl::BytesToHexString(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(absl::BytesToHexString(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

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
