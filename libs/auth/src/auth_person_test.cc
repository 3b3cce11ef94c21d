// Person tokens through a real server: a service with the public key takes
// them beside the tokens file's system tokens; one without refuses them.
#include <memory>

#include "absl/strings/str_cat.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/auth/person_token.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::auth {
namespace {

using ::testing::HasSubstr;
namespace intake = ::contactcenter::intake::v1;

constexpr char kSystemToken[] = "system-token-0001-abcdef";

// GetAppeal answers NOT_FOUND naming whom it authenticated.
class WhoAmI final : public intake::IntakeService::Service {
 public:
  explicit WhoAmI(const Authenticator* auth) : auth_(auth) {}
  grpc::Status GetAppeal(grpc::ServerContext* ctx, const intake::GetAppealRequest*,
                         intake::GetAppealResponse*) override {
    absl::StatusOr<Principal> who = auth_->Authenticate(*ctx);
    if (!who.ok()) return ToGrpcStatus(who.status());
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        absl::StrCat(RoleName(who->role), " ", who->id, " ", who->executor_id));
  }

 private:
  const Authenticator* auth_;
};

TokenStore Tokens() {
  return *TokenStore::Parse(absl::StrCat(TokenHash(kSystemToken), " system sys-1\n"));
}

grpc::Status Get(const std::shared_ptr<grpc::Channel>& ch, const std::string& token) {
  grpc::ClientContext ctx;
  AttachToken(ctx, token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  intake::GetAppealResponse resp;
  return intake::IntakeService::NewStub(ch)->GetAppeal(&ctx, intake::GetAppealRequest(), &resp);
}

TEST(AuthPersonTest, AServiceWithThePublicKeySeesThePerson) {
  PersonKeyPair keys = GeneratePersonKeyPair();
  Authenticator auth(Tokens(), nullptr,
                     std::make_unique<PersonTokenVerifier>(
                         *PersonTokenVerifier::FromPublicKeyHex(keys.public_hex)));
  WhoAmI svc(&auth);
  testing::InProcessServer server(&svc, intake::IntakeService::service_full_name());
  PersonTokenSigner signer = *PersonTokenSigner::FromSeedHex(keys.seed_hex);

  grpc::Status s = Get(server.channel(), *signer.Sign({Role::kExecutor, "clerk.rva", "lg-sev-rva",
                                                       absl::Now() + absl::Minutes(1)}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message(), "executor clerk.rva lg-sev-rva");
  // The tokens file still answers for systems.
  s = Get(server.channel(), kSystemToken);
  EXPECT_EQ(s.error_message(), "system sys-1 ");
  // Expired, or signed by another key: UNAUTHENTICATED.
  s = Get(server.channel(),
          *signer.Sign({Role::kOperator, "op", "", absl::Now() - absl::Seconds(1)}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("expired"));
  PersonTokenSigner other = *PersonTokenSigner::FromSeedHex(GeneratePersonKeyPair().seed_hex);
  s = Get(server.channel(), *other.Sign({Role::kOperator, "op", "", absl::Now() + absl::Minutes(1)}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST(AuthPersonTest, AServiceWithoutThePublicKeyRefusesPersonTokens) {
  PersonKeyPair keys = GeneratePersonKeyPair();
  Authenticator auth(Tokens());
  WhoAmI svc(&auth);
  testing::InProcessServer server(&svc, intake::IntakeService::service_full_name());
  PersonTokenSigner signer = *PersonTokenSigner::FromSeedHex(keys.seed_hex);
  grpc::Status s = Get(server.channel(),
                       *signer.Sign({Role::kOperator, "op", "", absl::Now() + absl::Minutes(1)}));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("--person_token_public_key"));
}

}  // namespace
}  // namespace contactcenter::auth
