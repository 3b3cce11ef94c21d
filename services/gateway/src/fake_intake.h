// A fake intake for the gateway's tests: authenticates as a real service
// does (person tokens included), and answers GetAppeal.
#pragma once

#include "absl/strings/str_cat.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/intake/v1/intake.grpc.pb.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"

namespace contactcenter::gateway {

namespace intake = ::contactcenter::intake::v1;

// Authenticates as a real service does, then: GetAppeal by registration
// number "bad" is a field violation; any other answers an appeal whose
// registration number names the caller.
class FakeIntake final : public intake::IntakeService::Service {
 public:
  explicit FakeIntake(const auth::Authenticator* auth) : auth_(auth) {}
  grpc::Status GetAppeal(grpc::ServerContext* ctx, const intake::GetAppealRequest* req,
                         intake::GetAppealResponse* resp) override {
    ++calls;
    absl::StatusOr<auth::Principal> who = auth_->Authenticate(*ctx);
    if (!who.ok()) return ToGrpcStatus(who.status());
    if (req->registration_number() == "bad") {
      FieldViolations v;
      v.Add("registration_number", "no such registration number");
      return ToGrpcStatus(v.ToStatus("invalid request"));
    }
    resp->mutable_appeal()->set_registration_number(
        absl::StrCat(auth::RoleName(who->role), ":", who->id));
    return grpc::Status::OK;
  }
  int calls = 0;

 private:
  const auth::Authenticator* auth_;
};

}  // namespace contactcenter::gateway
