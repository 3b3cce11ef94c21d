#include "intake_service.h"

#include "absl/strings/str_cat.h"
#include "appeal_card.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace contactcenter::intake {
namespace {

using auth::Role;

constexpr size_t kMaxRegistrationNumberChars = 64;
// Enough for a live call; the operator narrows the key for more.
constexpr int kMaxHistory = 50;

// The same request always gives the same bytes, so retries compare equal.
std::string DeterministicBytes(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

}  // namespace

grpc::Status IntakeServiceImpl::RegisterAppeal(grpc::ServerContext* ctx,
                                               const v1::RegisterAppealRequest* req,
                                               v1::RegisterAppealResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor, Role::kSystem}));
  const absl::Time now = clock_->Now();
  RETURN_IF_ERROR_GRPC(ValidateRegisterRequest(*req, *classifier_, now).ToStatus("invalid appeal"));
  const v1::AppealCard card = NormalizeCard(req->card(), now);
  const absl::Time received = FromTimestamp(card.received_at());
  const Screening screening = Screen(card, absl::ToCivilDay(received, KyivTimeZone()));
  ASSIGN_OR_RETURN_GRPC(
      AppealStore::Registered registered,
      store_->Register(card, screening, calendar_->RegistrationDay(received, card.form()), who.id,
                       req->idempotency_key(), DeterministicBytes(*req), now));
  *resp->mutable_appeal() = std::move(registered.appeal);
  resp->set_replayed(registered.replayed);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::GetAppeal(grpc::ServerContext* ctx,
                                          const v1::GetAppealRequest* req,
                                          v1::GetAppealResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor, Role::kSystem}));
  FieldViolations v;
  absl::StatusOr<v1::Appeal> appeal;
  switch (req->key_case()) {
    case v1::GetAppealRequest::kAppealId:
      CheckUuid(v, "appeal_id", req->appeal_id());
      RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
      appeal = store_->GetById(req->appeal_id());
      break;
    case v1::GetAppealRequest::kRegistrationNumber:
      CheckText(v, "registration_number", req->registration_number(), kMaxRegistrationNumberChars);
      RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
      appeal = store_->GetByRegistrationNumber(req->registration_number());
      break;
    case v1::GetAppealRequest::KEY_NOT_SET:
      v.Add("appeal_id", "give appeal_id or registration_number");
      return ToGrpcStatus(v.ToStatus("invalid request"));
  }
  if (!appeal.ok()) return ToGrpcStatus(appeal.status());
  *resp->mutable_appeal() = *std::move(appeal);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::FindApplicantHistory(grpc::ServerContext* ctx,
                                                     const v1::FindApplicantHistoryRequest* req,
                                                     v1::FindApplicantHistoryResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  (void)who;
  FieldViolations v;
  AppealStore::ApplicantKey key;
  switch (req->key_case()) {
    case v1::FindApplicantHistoryRequest::kPhone: {
      absl::StatusOr<std::string> phone = NormalizePhone(req->phone());
      if (!phone.ok()) {
        v.Add("phone", std::string(phone.status().message()));
      } else {
        key.phone = *phone;
      }
      break;
    }
    case v1::FindApplicantHistoryRequest::kEmail: {
      absl::StatusOr<std::string> email = NormalizeEmail(req->email());
      if (!email.ok()) {
        v.Add("email", std::string(email.status().message()));
      } else {
        key.email = *email;
      }
      break;
    }
    case v1::FindApplicantHistoryRequest::kName: {
      const v1::ApplicantName& n = req->name();
      CheckText(v, "name.surname", n.surname(), kMaxNameChars);
      CheckText(v, "name.name", n.name(), kMaxNameChars);
      if (!n.patronymic().empty()) CheckMaxChars(v, "name.patronymic", n.patronymic(), kMaxNameChars);
      if (!n.residence_address().empty()) {
        CheckMaxChars(v, "name.residence_address", n.residence_address(), kMaxAddressChars);
      }
      v1::Person p;
      p.set_surname(n.surname());
      p.set_name(n.name());
      p.set_patronymic(n.patronymic());
      key.name_key = PersonNameKey(p);
      key.address_key = AddressKey(n.residence_address());
      break;
    }
    case v1::FindApplicantHistoryRequest::KEY_NOT_SET:
      v.Add("phone", "give phone, email or name");
      break;
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::AppealSummary> found,
                        store_->FindApplicantHistory(key, kMaxHistory));
  for (v1::AppealSummary& a : found) *resp->add_appeals() = std::move(a);
  return grpc::Status::OK;
}

}  // namespace contactcenter::intake
