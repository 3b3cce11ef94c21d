// Reconciliation: the other side's open cards against ours (a daily job and
// the Reconcile RPC). Every difference is reported; the safe repairs are
// made:
//   missing here     the card never reached us: taken from its feed if the
//                    feed offers it (registered exactly once, as any card);
//   status differs   it has applied fewer of our messages than we think we
//                    delivered: the rest is sent again, in order (the
//                    sequence numbers make a repeat harmless);
//   missing there    it no longer lists a card we hold open: reported only
//                    (only the other side can say why).
#pragma once

#include "absl/status/statusor.h"
#include "card_intake.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/db/pool.h"
#include "exchange_store.h"
#include "gcc_port.h"

namespace contactcenter::exchange {

class Reconciler {
 public:
  Reconciler(db::Pool* pool, ExchangeStore* store, GovernmentContactCenter* gcc,
             CardIntake* intake, const Clock* clock)
      : pool_(pool), store_(store), gcc_(gcc), intake_(intake), clock_(clock) {}

  absl::StatusOr<v1::ReconcileResponse> Run();

 private:
  db::Pool* pool_;
  ExchangeStore* store_;
  GovernmentContactCenter* gcc_;
  CardIntake* intake_;
  const Clock* clock_;
};

}  // namespace contactcenter::exchange
