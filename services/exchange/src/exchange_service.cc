#include "exchange_service.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::exchange {
namespace {

using auth::Role;

constexpr size_t kMaxCardNumberChars = 64;

absl::Status RequireCard(const v1::Card* card, bool has_card) {
  FieldViolations v;
  if (!has_card) {
    v.Add("card", "required");
  } else {
    CheckText(v, "card.card_number", card->card_number(), kMaxCardNumberChars);
  }
  return v.ToStatus("invalid request");
}

}  // namespace

grpc::Status ExchangeServiceImpl::PushCard(grpc::ServerContext* ctx,
                                           const v1::PushCardRequest* req,
                                           v1::PushCardResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSystem}));
  if (who.id != gcc_principal_) {
    return ToGrpcStatus(absl::PermissionDeniedError(
        "only the Government Contact Center's principal may push cards"));
  }
  // The card's own fields are checked by the use case: a bad card is kept
  // and answered with a receipt naming them, not refused.
  RETURN_IF_ERROR_GRPC(RequireCard(&req->card(), req->has_card()));
  ASSIGN_OR_RETURN_GRPC(*resp, intake_->Receive(req->card()));
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ListRejectedCards(grpc::ServerContext* ctx,
                                                    const v1::ListRejectedCardsRequest*,
                                                    v1::ListRejectedCardsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::RejectedCard> cards, intake_->ListRejected());
  for (v1::RejectedCard& c : cards) *resp->add_cards() = std::move(c);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ResubmitCard(grpc::ServerContext* ctx,
                                               const v1::ResubmitCardRequest* req,
                                               v1::PushCardResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  RETURN_IF_ERROR_GRPC(RequireCard(&req->card(), req->has_card()));
  ASSIGN_OR_RETURN_GRPC(*resp, intake_->Resubmit(req->card()));
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ListDeadLetters(grpc::ServerContext* ctx,
                                                  const v1::ListDeadLettersRequest*,
                                                  v1::ListDeadLettersResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::DeadLetter> letters, dead_->List());
  for (v1::DeadLetter& l : letters) *resp->add_letters() = std::move(l);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::ReplayDeadLetters(grpc::ServerContext* ctx,
                                                    const v1::ReplayDeadLettersRequest* req,
                                                    v1::ReplayDeadLettersResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  FieldViolations v;
  CheckMaxChars(v, "card_number", req->card_number(), kMaxCardNumberChars);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(int replayed, dead_->Replay(req->card_number()));
  resp->set_replayed(replayed);
  return grpc::Status::OK;
}

grpc::Status ExchangeServiceImpl::Reconcile(grpc::ServerContext* ctx, const v1::ReconcileRequest*,
                                            v1::ReconcileResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  ASSIGN_OR_RETURN_GRPC(*resp, reconciler_->Run());
  return grpc::Status::OK;
}

}  // namespace contactcenter::exchange
