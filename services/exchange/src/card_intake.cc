#include "card_intake.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "card_mapping.h"
#include "contactcenter/client/client.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/log/log.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"

namespace contactcenter::exchange {
namespace {

constexpr int kPendingBatch = 50;

void SetViolations(v1::PushCardResponse* r, const std::vector<FieldViolation>& violations) {
  r->clear_violations();
  for (const FieldViolation& fv : violations) {
    v1::CardViolation* out = r->add_violations();
    out->set_field(fv.field);
    out->set_description(fv.description);
  }
}

}  // namespace

GrpcAppealRegistrar::GrpcAppealRegistrar(const std::string& intake_addr, std::string token)
    : stub_(intake::v1::IntakeService::NewStub(client::MakeChannel(intake_addr))),
      token_(std::move(token)) {}

absl::StatusOr<intake::v1::RegisterAppealResponse> GrpcAppealRegistrar::Register(
    const intake::v1::RegisterAppealRequest& request) {
  client::CallOptions o;
  o.token = token_;
  o.retry_unavailable = true;  // the idempotency key makes a repeat harmless
  intake::v1::RegisterAppealResponse resp;
  grpc::Status s = client::Call(o, [&](grpc::ClientContext& ctx) {
    return stub_->RegisterAppeal(&ctx, request, &resp);
  });
  if (!s.ok()) return FromGrpcStatus(s);
  return resp;
}

absl::StatusOr<bool> CardIntake::Keep(db::Tx& tx, const v1::Card& card, std::optional<CardRow> row,
                                      v1::PushCardResponse* response) {
  const absl::Time now = clock_->Now();
  if (!row) {
    row.emplace();
    row->card_number = card.card_number();
    row->received_at = now;
    // Every card that reaches us is a transfer of personal data to us.
    RETURN_IF_ERROR(store_->AddTransfer(tx, card.card_number(), "from_gcc",
                                        PersonalFieldsOf(card), now));
  }
  row->updated_at = now;
  if (card.has_resolve_by()) {
    row->resolve_by = FromDate(card.resolve_by());
  } else {
    row->resolve_by.reset();
  }
  response->set_card_number(card.card_number());
  FieldViolations violations = ValidateCard(card, *classifier_, now);
  if (!violations.empty()) {
    row->state = CardState::kRejected;
    row->card = card;  // kept for an operator to fix and resubmit
    response->set_outcome(v1::CARD_OUTCOME_REJECTED);
    SetViolations(response, violations.violations());
    row->response = *response;
    RETURN_IF_ERROR(store_->SaveCard(tx, *row));
    return false;
  }
  if (std::optional<std::string> reason = OutsideCompetence(card, *classifier_)) {
    row->state = CardState::kReturned;
    row->card.reset();
    response->set_outcome(v1::CARD_OUTCOME_RETURNED);
    response->set_reason(*reason);
    row->response = *response;
    v1::StatusUpdate u;
    u.set_code(v1::STATUS_CODE_RETURNED);
    u.set_reason(*reason);
    RETURN_IF_ERROR(store_->SaveCard(tx, *row));  // the outbox row refers to it
    RETURN_IF_ERROR(QueueStatus(tx, *store_, *row, u, now));
    RETURN_IF_ERROR(store_->SaveCard(tx, *row));
    return false;
  }
  row->state = CardState::kReceived;
  row->card = card;
  response->set_outcome(v1::CARD_OUTCOME_ACCEPTED);
  row->response = *response;
  RETURN_IF_ERROR(store_->SaveCard(tx, *row));
  return true;
}

absl::StatusOr<v1::PushCardResponse> CardIntake::Receive(const v1::Card& card) {
  v1::PushCardResponse response;
  ASSIGN_OR_RETURN(
      bool to_register, pool_->Write([&](db::Tx& tx) -> absl::StatusOr<bool> {
        response.Clear();
        ASSIGN_OR_RETURN(std::optional<CardRow> row, store_->LockCard(tx, card.card_number()));
        if (row && row->state != CardState::kReceived) {
          // Delivered again: the first answer, whatever the card says now.
          if (row->response) response = *row->response;
          response.set_replayed(true);
          return false;
        }
        if (row) return true;  // registration still to come
        return Keep(tx, card, std::nullopt, &response);
      }));
  if (response.replayed()) return response;
  if (!to_register) {
    metrics_->CardReceived(response.outcome());
    return response;
  }
  absl::StatusOr<v1::PushCardResponse> registered = Register(card.card_number());
  if (registered.ok()) {
    metrics_->CardReceived(registered->outcome());
    return registered;
  }
  // Not the card's fault: it is kept and registered later.
  CC_LOG(Warning) << "registration of a card postponed: " << registered.status();
  metrics_->CardReceived(v1::CARD_OUTCOME_ACCEPTED);
  response.set_outcome(v1::CARD_OUTCOME_ACCEPTED);
  return response;
}

absl::StatusOr<v1::PushCardResponse> CardIntake::Resubmit(const v1::Card& card) {
  v1::PushCardResponse response;
  ASSIGN_OR_RETURN(bool to_register, pool_->Write([&](db::Tx& tx) -> absl::StatusOr<bool> {
    response.Clear();
    ASSIGN_OR_RETURN(std::optional<CardRow> row, store_->LockCard(tx, card.card_number()));
    if (!row || row->state != CardState::kRejected) {
      return absl::NotFoundError(
          absl::StrCat("no rejected card ", Quoted(card.card_number())));
    }
    RETURN_IF_ERROR(store_->AddTransfer(tx, card.card_number(), "from_gcc",
                                        PersonalFieldsOf(card), clock_->Now()));
    return Keep(tx, card, std::move(row), &response);
  }));
  if (!to_register) return response;
  return Register(card.card_number());
}

absl::StatusOr<v1::PushCardResponse> CardIntake::Register(const std::string& card_number) {
  ASSIGN_OR_RETURN(std::optional<CardRow> row,
                   pool_->Read([&](db::Tx& tx) { return store_->GetCard(tx, card_number); }));
  if (!row) return absl::NotFoundError(absl::StrCat("no card ", Quoted(card_number)));
  if (row->state != CardState::kReceived || !row->card) {
    v1::PushCardResponse r = row->response.value_or(v1::PushCardResponse());
    r.set_replayed(true);
    return r;
  }
  const v1::Card card = *row->card;
  absl::StatusOr<intake::v1::RegisterAppealResponse> registered =
      registrar_->Register(ToRegisterAppealRequest(card));
  if (!registered.ok() && !absl::IsInvalidArgument(registered.status())) {
    return registered.status();
  }
  v1::PushCardResponse response;
  RETURN_IF_ERROR(pool_->Write([&](db::Tx& tx) -> absl::Status {
    response.Clear();
    response.set_card_number(card_number);
    const absl::Time now = clock_->Now();
    ASSIGN_OR_RETURN(std::optional<CardRow> locked, store_->LockCard(tx, card_number));
    if (!locked || locked->state != CardState::kReceived) {
      // Registered meanwhile by another attempt: its answer stands.
      if (locked && locked->response) response = *locked->response;
      return absl::OkStatus();
    }
    CardRow& r = *locked;
    r.updated_at = now;
    if (!registered.ok()) {
      // The card's fault after all (intake's checks are finer): kept for an
      // operator, with intake's fields named as the card names them.
      std::vector<FieldViolation> violations;
      for (FieldViolation fv : FieldViolationsOf(registered.status())) {
        fv.field = CardFieldOf(fv.field);
        violations.push_back(std::move(fv));
      }
      if (violations.empty()) violations.push_back({"", std::string(registered.status().message())});
      r.state = CardState::kRejected;
      response.set_outcome(v1::CARD_OUTCOME_REJECTED);
      SetViolations(&response, violations);
      r.response = response;
      return store_->SaveCard(tx, r);
    }
    const intake::v1::Appeal& appeal = registered->appeal();
    r.state = CardState::kRegistered;
    r.card.reset();  // intake keeps the personal data; we keep the number
    r.appeal_id = appeal.id();
    r.registration_number = appeal.registration_number();
    if (appeal.has_registration_date()) r.registration_date = FromDate(appeal.registration_date());
    response.set_outcome(v1::CARD_OUTCOME_REGISTERED);
    response.set_appeal_id(appeal.id());
    response.set_registration_number(appeal.registration_number());
    r.response = response;
    RETURN_IF_ERROR(
        store_->AddTransfer(tx, card_number, "to_intake", PersonalFieldsOf(card), now));
    v1::StatusUpdate u;
    u.set_code(v1::STATUS_CODE_REGISTERED);
    *u.mutable_changed_at() = appeal.registered_at();
    RETURN_IF_ERROR(QueueStatus(tx, *store_, r, u, now));
    if (appeal.status() == intake::v1::APPEAL_STATUS_NOT_CONSIDERED) {
      v1::StatusUpdate nc;
      nc.set_code(v1::STATUS_CODE_NOT_CONSIDERED);
      nc.set_reason(NotConsideredReasonText(appeal.not_considered_reason()));
      RETURN_IF_ERROR(QueueStatus(tx, *store_, r, nc, now));
    } else if (appeal.status() == intake::v1::APPEAL_STATUS_RETURNED_TO_APPLICANT) {
      v1::StatusUpdate ret;
      ret.set_code(v1::STATUS_CODE_RETURNED);
      ret.set_reason(absl::StrCat("Art. 5: ", absl::StrJoin(appeal.return_explanation(), "; ")));
      RETURN_IF_ERROR(QueueStatus(tx, *store_, r, ret, now));
    }
    return store_->SaveCard(tx, r);
  }));
  return response;
}

absl::StatusOr<int> CardIntake::RetryPending() {
  ASSIGN_OR_RETURN(std::vector<CardRow> pending, pool_->Read([&](db::Tx& tx) {
                     return store_->PendingCards(tx, kPendingBatch);
                   }));
  int done = 0;
  absl::Status last = absl::OkStatus();
  for (const CardRow& row : pending) {
    absl::StatusOr<v1::PushCardResponse> r = Register(row.card_number);
    if (r.ok()) {
      ++done;
    } else {
      last = r.status();
    }
  }
  if (done == 0 && !last.ok()) return last;
  return done;
}

absl::StatusOr<ListPage<v1::RejectedCard>> CardIntake::ListRejected(
    const std::optional<ListPosition>& after, int page_size) {
  ASSIGN_OR_RETURN(std::vector<CardRow> rows, pool_->Read([&](db::Tx& tx) {
                     return store_->RejectedCards(tx, after, page_size + 1);
                   }));
  ListPage<v1::RejectedCard> page;
  if (static_cast<int>(rows.size()) > page_size) {
    // More follow: the page ends at its last row.
    page.next = ListPosition{rows[page_size - 1].received_at, rows[page_size - 1].card_number};
    rows.resize(page_size);
  }
  for (CardRow& row : rows) {
    v1::RejectedCard& rc = page.items.emplace_back();
    if (row.card) *rc.mutable_card() = std::move(*row.card);
    if (row.response) *rc.mutable_violations() = row.response->violations();
    *rc.mutable_received_at() = ToTimestamp(row.received_at);
  }
  return page;
}

absl::StatusOr<int> CardIntake::TakeFromFeed(GovernmentContactCenter& gcc) {
  ASSIGN_OR_RETURN(std::vector<v1::Card> cards, gcc.ListOfferedCards(kPendingBatch));
  int taken = 0;
  for (const v1::Card& card : cards) {
    ASSIGN_OR_RETURN(v1::PushCardResponse r, Receive(card));
    if (!r.replayed()) ++taken;
  }
  return taken;
}

}  // namespace contactcenter::exchange
