#include "contactcenter/digest/sha256.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace contactcenter::digest {
namespace {

TEST(Sha256Test, MatchesTheStandardTestVectors) {
  // FIPS 180-2, appendix B.1 and the empty string.
  EXPECT_EQ(absl::BytesToHexString(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(absl::BytesToHexString(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256("abc").size(), 32u);
}

}  // namespace
}  // namespace contactcenter::digest
