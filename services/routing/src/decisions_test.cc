// What routing writes and shows for a decision, pure logic.
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
  return {"3f2b8c1e-9d4a-4c47-8e1f-2a6b5c7d9e01", "ЛОКЦ-2026-000001", "operator asked",
          "109", "LG-SEV", kReceived, kDecided};
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
