// Routing decisions, their hand-overs, events and queue items: pure logic.
#include "decisions.h"

#include "contactcenter/clock/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace contactcenter::routing {
namespace {

using ::testing::ElementsAre;

const absl::Time kReceived = absl::FromUnixSeconds(1764331200);
const absl::Time kDecided = kReceived + absl::Hours(2);

intake::v1::AppealRegistered Registered() {
  intake::v1::AppealRegistered r;
  r.set_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  r.set_registration_number("ЛОКЦ-2026-000001");
  r.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  r.set_topic_code("109");
  r.set_territory_code("LG-SEV");
  r.set_needs_no_extra_study(true);
  r.set_emergency(true);
  r.add_author_categories(common::v1::AUTHOR_CATEGORY_COMBATANT);
  *r.mutable_received_at() = ToTimestamp(kReceived);
  return r;
}

v1::RoutingDecision Decision() {
  v1::RoutingDecision d;
  d.set_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  d.set_outcome(v1::ROUTING_OUTCOME_ROUTED);
  d.set_executor_id("lg-oda-housing");
  d.set_rule_id("r-109");
  d.set_reason("rule r-109");
  d.add_information_executor_ids("lg-oda-apparatus");
  *d.mutable_decided_at() = ToTimestamp(kDecided);
  return d;
}

Choice RulesChoice() {
  Choice c;
  c.routed = true;
  c.executor_id = "lg-sev-rva";
  c.rule_id = "r-109-sev";
  c.reason = "rule r-109-sev: the deepest territory";
  c.information_executor_ids = {"lg-oda-housing"};
  v1::RoutingCandidate chosen;
  chosen.set_rule_id("r-109-sev");
  chosen.set_chosen(true);
  c.candidates.push_back(chosen);
  return c;
}

TEST(DecisionTest, TheAppealToRouteIsWhatIntakeRegistered) {
  intake::v1::AppealRegistered r = Registered();
  r.set_contested_executor_id("lg-sev-rva");
  const AppealToRoute appeal = ToRoute(r, {"lg-oda-housing"});
  EXPECT_EQ(appeal.topic, "109");
  EXPECT_EQ(appeal.territory, "LG-SEV");
  EXPECT_EQ(appeal.kind, common::v1::APPEAL_KIND_COMPLAINT);
  EXPECT_EQ(appeal.contested_executor_id, "lg-sev-rva");
  EXPECT_THAT(appeal.excluded_executor_ids, ElementsAre("lg-oda-housing"));
}

TEST(DecisionTest, AFirstDecisionIsTheRulesChoice) {
  const v1::RoutingDecision d = FirstDecision(Registered(), RulesChoice(), 3, kDecided);
  EXPECT_EQ(d.appeal_id(), Registered().appeal_id());
  EXPECT_EQ(d.outcome(), v1::ROUTING_OUTCOME_ROUTED);
  EXPECT_EQ(d.executor_id(), "lg-sev-rva");
  EXPECT_EQ(d.rule_id(), "r-109-sev");
  EXPECT_EQ(d.reason(), "rule r-109-sev: the deepest territory");
  EXPECT_EQ(d.directory_version(), 3);
  EXPECT_EQ(FromTimestamp(d.decided_at()), kDecided);
  EXPECT_THAT(d.information_executor_ids(), ElementsAre("lg-oda-housing"));
  ASSERT_EQ(d.candidates_size(), 1);
  EXPECT_TRUE(d.candidates(0).chosen());
}

TEST(DecisionTest, TheOperatorsManualRoutingKeepsTheRulesOnlyAsAdvice) {
  intake::v1::AppealRegistered r = Registered();
  r.set_route_manually(true);
  const v1::RoutingDecision d = FirstDecision(r, RulesChoice(), 3, kDecided);
  EXPECT_EQ(d.outcome(), v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  EXPECT_EQ(d.executor_id(), "");
  EXPECT_EQ(d.rule_id(), "");
  EXPECT_TRUE(d.information_executor_ids().empty());
  EXPECT_EQ(d.reason(),
            "the operator asked for manual routing (the rules suggest lg-sev-rva by rule "
            "r-109-sev)");
  // No rule at all: nothing to suggest.
  Choice none;
  none.reason = "no rule covers it";
  EXPECT_EQ(FirstDecision(r, none, 3, kDecided).reason(), "the operator asked for manual routing");
}

TEST(DecisionTest, ARerouteNamesTheDeclineAndEveryDecliner) {
  tracking::v1::CaseReturnedToRouting returned;
  returned.set_appeal_id(Registered().appeal_id());
  returned.set_executor_id("lg-oda-housing");
  returned.set_reason("не належить до компетенції");
  intake::v1::AppealRegistered r = Registered();
  r.set_contested_executor_id("lg-sev-01");
  const v1::RoutingDecision d =
      RerouteDecision(returned, r, RulesChoice(), {"lg-oda-housing", "lg-x"}, 4, kDecided);
  EXPECT_EQ(d.outcome(), v1::ROUTING_OUTCOME_ROUTED);
  EXPECT_EQ(d.executor_id(), "lg-sev-rva");
  EXPECT_EQ(d.reason(),
            "lg-oda-housing declined it as not within its competence (не належить до "
            "компетенції); rule r-109-sev: the deepest territory");
  EXPECT_EQ(d.contested_executor_id(), "lg-sev-01");
  EXPECT_THAT(d.declined_executor_ids(), ElementsAre("lg-oda-housing", "lg-x"));
  EXPECT_EQ(d.directory_version(), 4);

  const v1::HandOver h = HandOverOf(d, "lg-oda-housing");
  EXPECT_EQ(h.from_executor_id(), "lg-oda-housing");
  EXPECT_EQ(h.to_executor_id(), "lg-sev-rva");
  EXPECT_EQ(h.rule_id(), "r-109-sev");
  EXPECT_EQ(h.reason(), d.reason());
  EXPECT_EQ(FromTimestamp(h.handed_at()), kDecided);
}

TEST(DecisionTest, ASupervisorsAssignmentNamesThemAndTheirNote) {
  const v1::RoutingDecision d =
      AssignedDecision(Registered().appeal_id(), "lg-oda-social", "за змістом", "sup-1",
                       Registered(), {"lg-sev-rva"}, 2, kDecided);
  EXPECT_EQ(d.outcome(), v1::ROUTING_OUTCOME_ROUTED);
  EXPECT_EQ(d.executor_id(), "lg-oda-social");
  EXPECT_EQ(d.rule_id(), "");
  EXPECT_EQ(d.assigned_by(), "sup-1");
  EXPECT_EQ(d.reason(), "assigned to lg-oda-social by supervisor sup-1: за змістом");
  EXPECT_THAT(d.declined_executor_ids(), ElementsAre("lg-sev-rva"));
  EXPECT_EQ(AssignedDecision(Registered().appeal_id(), "lg-oda-social", "", "sup-1", Registered(),
                             {}, 2, kDecided)
                .reason(),
            "assigned to lg-oda-social by supervisor sup-1");
  // A queued appeal's hand-over to nobody.
  v1::RoutingDecision queued = d;
  queued.clear_executor_id();
  EXPECT_EQ(HandOverOf(queued, "lg-sev-rva").to_executor_id(), "");
}

TEST(DecisionEventsTest, AppealRoutedCarriesWhatTrackingNeeds) {
  const v1::AppealRouted e = RoutedEvent(Registered(), Decision());
  EXPECT_EQ(e.appeal_id(), Decision().appeal_id());
  EXPECT_EQ(e.registration_number(), "ЛОКЦ-2026-000001");
  EXPECT_EQ(e.executor_id(), "lg-oda-housing");
  EXPECT_EQ(e.rule_id(), "r-109");
  EXPECT_EQ(FromTimestamp(e.received_at()), kReceived);
  EXPECT_EQ(FromTimestamp(e.decided_at()), kDecided);
  EXPECT_EQ(e.kind(), common::v1::APPEAL_KIND_COMPLAINT);
  EXPECT_EQ(e.topic_code(), "109");
  EXPECT_EQ(e.territory_code(), "LG-SEV");
  EXPECT_TRUE(e.needs_no_extra_study());
  EXPECT_TRUE(e.emergency());
  EXPECT_THAT(e.information_executor_ids(), ElementsAre("lg-oda-apparatus"));
  EXPECT_THAT(e.author_categories(), ElementsAre(common::v1::AUTHOR_CATEGORY_COMBATANT));
  EXPECT_EQ(e.duplicate_of_appeal_id(), "");
  // A duplicate names the appeal whose case it joins (CMU 348 Instruction:
  // дублетне), so that tracking can follow it.
  intake::v1::AppealRegistered duplicate = Registered();
  duplicate.set_duplicate_of_appeal_id("3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  EXPECT_EQ(RoutedEvent(duplicate, Decision()).duplicate_of_appeal_id(),
            "3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01");
  EXPECT_FALSE(e.has_resolve_by());
}

TEST(DecisionEventsTest, TheSendersResolveByGoesOnToTracking) {
  intake::v1::AppealRegistered registered = Registered();
  registered.mutable_resolve_by()->set_year(2026);
  registered.mutable_resolve_by()->set_month(12);
  registered.mutable_resolve_by()->set_day(10);
  const v1::AppealRouted routed = RoutedEvent(registered, Decision());
  EXPECT_EQ(routed.resolve_by().day(), 10);
  const v1::AppealRerouted rerouted = ReroutedEvent(registered, Decision(), "lg-sev-rva");
  EXPECT_EQ(rerouted.resolve_by().month(), 12);
  EXPECT_FALSE(ReroutedEvent(Registered(), Decision(), "lg-sev-rva").has_resolve_by());
}

TEST(DecisionEventsTest, AppealReroutedKeepsTheOriginalReceiptAndNamesBothBodies) {
  const v1::AppealRerouted e = ReroutedEvent(Registered(), Decision(), "lg-sev-rva");
  EXPECT_EQ(e.from_executor_id(), "lg-sev-rva");
  EXPECT_EQ(e.to_executor_id(), "lg-oda-housing");
  EXPECT_EQ(e.rule_id(), "r-109");
  EXPECT_EQ(e.reason(), "rule r-109");
  EXPECT_EQ(FromTimestamp(e.received_at()), kReceived);
  EXPECT_EQ(FromTimestamp(e.decided_at()), kDecided);
  EXPECT_EQ(e.registration_number(), "ЛОКЦ-2026-000001");
  EXPECT_TRUE(e.needs_no_extra_study());
  EXPECT_TRUE(e.emergency());
  EXPECT_THAT(e.information_executor_ids(), ElementsAre("lg-oda-apparatus"));
  EXPECT_THAT(e.author_categories(), ElementsAre(common::v1::AUTHOR_CATEGORY_COMBATANT));
}

TEST(DecisionEventsTest, NeedsManualRoutingSaysWhy) {
  v1::RoutingDecision d = Decision();
  d.set_outcome(v1::ROUTING_OUTCOME_NEEDS_MANUAL_ROUTING);
  d.set_reason("no rule covers it");
  const v1::AppealNeedsManualRouting e = NeedsManualRoutingEvent(Registered(), d);
  EXPECT_EQ(e.reason(), "no rule covers it");
  EXPECT_EQ(e.registration_number(), "ЛОКЦ-2026-000001");
  EXPECT_EQ(FromTimestamp(e.received_at()), kReceived);
  EXPECT_EQ(FromTimestamp(e.decided_at()), kDecided);
  EXPECT_EQ(e.topic_code(), "109");
  EXPECT_EQ(e.territory_code(), "LG-SEV");
}

QueuedAppeal Queued() {
  return {"3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01",
          "ЛОКЦ-2026-000001",
          "operator asked",
          "109",
          "LG-SEV",
          kReceived,
          kDecided};
}

TEST(QueueItemTest, TheForwardingTermIsFiveDaysFromReceipt) {
  const v1::ManualRoutingItem item = QueueItem(Queued(), kReceived + absl::Hours(30));
  EXPECT_EQ(FromTimestamp(item.forward_by()), kReceived + absl::Hours(120));
  EXPECT_EQ(item.seconds_left(), absl::ToInt64Seconds(absl::Hours(90)));
  EXPECT_EQ(FromTimestamp(item.queued_at()), kDecided);
  EXPECT_EQ(item.reason(), "operator asked");
  EXPECT_EQ(item.topic_code(), "109");
  EXPECT_EQ(item.territory_code(), "LG-SEV");
}

TEST(QueueItemTest, ALateAppealHasNegativeSecondsLeft) {
  const v1::ManualRoutingItem item = QueueItem(Queued(), kReceived + absl::Hours(121));
  EXPECT_EQ(item.seconds_left(), -3600);
}

TEST(QueueItemTest, TheOverdueEventNamesTheTermAndWhenItWasNoticed) {
  const absl::Time now = kReceived + absl::Hours(125);
  const v1::ManualRoutingOverdue e = OverdueEvent(Queued(), now);
  EXPECT_EQ(e.registration_number(), "ЛОКЦ-2026-000001");
  EXPECT_EQ(FromTimestamp(e.received_at()), kReceived);
  EXPECT_EQ(FromTimestamp(e.forward_by()), kReceived + kForwardingTerm);
  EXPECT_EQ(FromTimestamp(e.detected_at()), now);
}

}  // namespace
}  // namespace contactcenter::routing
