#include "contactcenter/auth/person_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::auth {
namespace {

using ::contactcenter::testing::StatusIs;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1796119200);  // 2026-12-01

class PersonTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PersonKeyPair keys = GeneratePersonKeyPair();
    absl::StatusOr<PersonTokenSigner> signer = PersonTokenSigner::FromSeedHex(keys.seed_hex);
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = *std::move(signer);
    ASSERT_EQ(signer_.PublicKeyHex(), keys.public_hex);
    absl::StatusOr<PersonTokenVerifier> v = PersonTokenVerifier::FromPublicKeyHex(keys.public_hex);
    ASSERT_TRUE(v.ok()) << v.status();
    verifier_ = *std::move(v);
  }

  std::string SignOk(const PersonClaims& c, absl::string_view audience = kPersonTokenAudience) {
    absl::StatusOr<std::string> t = signer_.Sign(c, audience);
    EXPECT_TRUE(t.ok()) << t.status();
    return t.value_or("");
  }

  PersonTokenSigner signer_;
  PersonTokenVerifier verifier_;
};

TEST_F(PersonTokenTest, VerifiesThePersonItWasSignedFor) {
  std::string t = SignOk({Role::kOperator, "olena.shevchenko", "", kNow + absl::Minutes(2)});
  EXPECT_TRUE(absl::StartsWith(t, kPersonTokenPrefix));
  absl::StatusOr<Principal> p = verifier_.Verify(t, kNow);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->role, Role::kOperator);
  EXPECT_EQ(p->id, "olena.shevchenko");
  EXPECT_EQ(p->executor_id, "");

  t = SignOk({Role::kExecutor, "clerk.rva", "lg-sev-rva", kNow + absl::Minutes(2)});
  p = verifier_.Verify(t, kNow);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->role, Role::kExecutor);
  EXPECT_EQ(p->executor_id, "lg-sev-rva");

  // An analyst is a person too (analytics' reports on the console).
  t = SignOk({Role::kAnalyst, "iryna.analyst", "", kNow + absl::Minutes(2)});
  p = verifier_.Verify(t, kNow);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->role, Role::kAnalyst);
}

TEST_F(PersonTokenTest, RefusesAnExpiredToken) {
  std::string t = SignOk({Role::kSupervisor, "sup", "", kNow + absl::Seconds(60)});
  EXPECT_TRUE(verifier_.Verify(t, kNow + absl::Seconds(59)).ok());
  EXPECT_THAT(verifier_.Verify(t, kNow + absl::Seconds(60)),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
}

TEST_F(PersonTokenTest, RefusesATokenSignedWithAnotherKey) {
  absl::StatusOr<PersonTokenSigner> other =
      PersonTokenSigner::FromSeedHex(GeneratePersonKeyPair().seed_hex);
  ASSERT_TRUE(other.ok());
  absl::StatusOr<std::string> t =
      other->Sign({Role::kSupervisor, "sup", "", kNow + absl::Minutes(1)});
  ASSERT_TRUE(t.ok());
  EXPECT_THAT(verifier_.Verify(*t, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("bad signature")));
}

TEST_F(PersonTokenTest, RefusesATamperedToken) {
  std::string t = SignOk({Role::kOperator, "op", "", kNow + absl::Minutes(1)});
  std::vector<std::string> parts = absl::StrSplit(t.substr(kPersonTokenPrefix.size()), '.');
  ASSERT_EQ(parts.size(), 2u);
  std::string claims;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[0], &claims));
  // The same signature over claims that make the operator a supervisor.
  std::string forged = claims;
  forged.replace(forged.find("operator"), 8, "supervisor");
  EXPECT_THAT(verifier_.Verify(absl::StrCat(kPersonTokenPrefix, absl::WebSafeBase64Escape(forged),
                                            ".", parts[1]), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("bad signature")));
  // One bit of the signature flipped.
  std::string sig;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &sig));
  sig[10] ^= 1;
  EXPECT_THAT(verifier_.Verify(absl::StrCat(kPersonTokenPrefix, parts[0], ".",
                                            absl::WebSafeBase64Escape(sig)), kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("bad signature")));
  for (absl::string_view bad : {"", "p1.", "p1.abc", "p1.a.b.c", "x1.abc.def"}) {
    EXPECT_THAT(verifier_.Verify(bad, kNow), StatusIs(absl::StatusCode::kUnauthenticated))
        << bad;
  }
}

TEST_F(PersonTokenTest, RefusesATokenForAnotherAudience) {
  std::string t = SignOk({Role::kOperator, "op", "", kNow + absl::Minutes(1)}, "another-system");
  EXPECT_THAT(verifier_.Verify(t, kNow),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("another audience")));
}

TEST_F(PersonTokenTest, SignsOnlyAPersonsClaims) {
  EXPECT_THAT(signer_.Sign({Role::kService, "svc", "", kNow}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a person's")));
  EXPECT_THAT(signer_.Sign({Role::kSystem, "sys", "", kNow}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a person's")));
  EXPECT_THAT(signer_.Sign({Role::kExecutor, "clerk", "", kNow}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("needs an executor id")));
  EXPECT_THAT(signer_.Sign({Role::kOperator, "op", "lg-sev-rva", kNow}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("only role executor")));
  EXPECT_THAT(signer_.Sign({Role::kOperator, "two words", "", kNow}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("person id")));
}

TEST(PersonTokenKeysTest, RefusesMalformedKeys) {
  EXPECT_THAT(PersonTokenSigner::FromSeedHex("abc"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("64 hex digits")));
  EXPECT_THAT(PersonTokenVerifier::FromPublicKeyHex(std::string(64, 'z')),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("64 hex digits")));
}

}  // namespace
}  // namespace contactcenter::auth
