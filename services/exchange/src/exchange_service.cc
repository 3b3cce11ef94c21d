#include "exchange_service.h"

#include "absl/strings/str_cat.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/page_token.h"
#include "contactcenter/status/validation.h"
#include "list_pages.h"

namespace contactcenter::exchange {
namespace {

using auth::Role;

constexpr size_t kMaxCardNumberChars = 64;
// The lists' pages, as the other services' list RPCs.
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
constexpr char kRejectedList[] = "rejected";
constexpr char kDeadList[] = "dead";

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
                                                    const v1::ListRejectedCardsRequest* req,
                                                    v1::ListRejectedCardsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  FieldViolations v;
  const int page_size = CheckPageSize(v, req->page_size(), kDefaultPageSize, kMaxPageSize);
  absl::StatusOr<std::optional<ListPosition>> after =
      DecodeListToken(req->page_token(), kRejectedList);
  // A bad token is one violation among the others.
  for (FieldViolation& f : FieldViolationsOf(after.status())) {
    v.Add(std::move(f.field), std::move(f.description));
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(ListPage<v1::RejectedCard> page, intake_->ListRejected(*after, page_size));
  for (v1::RejectedCard& c : page.items) *resp->add_cards() = std::move(c);
  resp->set_next_page_token(EncodeListToken(page.next, kRejectedList));
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
                                                  const v1::ListDeadLettersRequest* req,
                                                  v1::ListDeadLettersResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  FieldViolations v;
  const int page_size = CheckPageSize(v, req->page_size(), kDefaultPageSize, kMaxPageSize);
  absl::StatusOr<std::optional<ListPosition>> after =
      DecodeListToken(req->page_token(), kDeadList);
  // A bad token is one violation among the others.
  for (FieldViolation& f : FieldViolationsOf(after.status())) {
    v.Add(std::move(f.field), std::move(f.description));
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(ListPage<v1::DeadLetter> page, dead_->List(*after, page_size));
  for (v1::DeadLetter& l : page.items) *resp->add_letters() = std::move(l);
  resp->set_next_page_token(EncodeListToken(page.next, kDeadList));
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
