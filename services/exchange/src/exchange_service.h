// ExchangeService over gRPC: authorise, validate, call one use-case method,
// map the status.
#pragma once

#include <string>

#include "card_intake.h"
#include "contactcenter/auth/auth.h"
#include "contactcenter/exchange/v1/exchange.grpc.pb.h"
#include "dead_letters.h"
#include "reconciler.h"

namespace contactcenter::exchange {

class ExchangeServiceImpl final : public v1::ExchangeService::Service {
 public:
  // `gcc_principal`: the principal id (role system) of the Government
  // Contact Center, the only caller that may push cards.
  ExchangeServiceImpl(CardIntake* intake, DeadLetters* dead, Reconciler* reconciler,
                      const auth::Authenticator* auth, std::string gcc_principal)
      : intake_(intake),
        dead_(dead),
        reconciler_(reconciler),
        auth_(auth),
        gcc_principal_(std::move(gcc_principal)) {}

  grpc::Status PushCard(grpc::ServerContext* ctx, const v1::PushCardRequest* req,
                        v1::PushCardResponse* resp) override;
  grpc::Status ListRejectedCards(grpc::ServerContext* ctx, const v1::ListRejectedCardsRequest* req,
                                 v1::ListRejectedCardsResponse* resp) override;
  grpc::Status ResubmitCard(grpc::ServerContext* ctx, const v1::ResubmitCardRequest* req,
                            v1::PushCardResponse* resp) override;
  grpc::Status ListDeadLetters(grpc::ServerContext* ctx, const v1::ListDeadLettersRequest* req,
                               v1::ListDeadLettersResponse* resp) override;
  grpc::Status ReplayDeadLetters(grpc::ServerContext* ctx,
                                 const v1::ReplayDeadLettersRequest* req,
                                 v1::ReplayDeadLettersResponse* resp) override;
  grpc::Status Reconcile(grpc::ServerContext* ctx, const v1::ReconcileRequest* req,
                         v1::ReconcileResponse* resp) override;

 private:
  CardIntake* intake_;
  DeadLetters* dead_;
  Reconciler* reconciler_;
  const auth::Authenticator* auth_;
  const std::string gcc_principal_;
};

}  // namespace contactcenter::exchange
