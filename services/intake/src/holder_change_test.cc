#include "holder_change.h"

#include "contactcenter/clock/proto_time.h"
#include "contactcenter/testing/status_matchers.h"
#include "gtest/gtest.h"

namespace contactcenter::intake {
namespace {

using ::contactcenter::testing::StatusIs;

constexpr char kAppeal[] = "0b7f2a4e-3c1d-4e5f-8a9b-0c1d2e3f4a5b";
const absl::Time kDecided = absl::FromUnixSeconds(1764331200);
const absl::Time kLogged = absl::FromUnixSeconds(1764331260);

eventlog::EventMeta Meta() {
  eventlog::EventMeta m;
  m.position = 7;
  m.event_id = "e-7";
  m.occurred_at = kLogged;
  return m;
}

TEST(HolderChangeTest, AnAppealRoutedIsHeldByItsExecutorFromTheDecision) {
  routing::v1::AppealRouted e;
  e.set_appeal_id(kAppeal);
  e.set_executor_id("lg-sev-rva");
  *e.mutable_decided_at() = ToTimestamp(kDecided);
  absl::StatusOr<HolderChange> c = HolderChangeOf(e, Meta());
  ASSERT_OK(c.status());
  EXPECT_EQ(c->appeal_id, kAppeal);
  EXPECT_EQ(c->executor_id, "lg-sev-rva");
  EXPECT_EQ(c->at, kDecided);
}

TEST(HolderChangeTest, AReroutedAppealIsHeldByTheBodyItWentTo) {
  routing::v1::AppealRerouted e;
  e.set_appeal_id(kAppeal);
  e.set_from_executor_id("lg-sev-rva");
  e.set_to_executor_id("lg-oda-housing");
  absl::StatusOr<HolderChange> c = HolderChangeOf(e, Meta());
  ASSERT_OK(c.status());
  EXPECT_EQ(c->executor_id, "lg-oda-housing");
  // Without decided_at, when routing logged it.
  EXPECT_EQ(c->at, kLogged);
}

TEST(HolderChangeTest, AnAppealWaitingForASupervisorIsHeldByNoBody) {
  routing::v1::AppealNeedsManualRouting e;
  e.set_appeal_id(kAppeal);
  *e.mutable_decided_at() = ToTimestamp(kDecided);
  absl::StatusOr<HolderChange> c = HolderChangeOf(e, Meta());
  ASSERT_OK(c.status());
  EXPECT_EQ(c->executor_id, "");
  EXPECT_EQ(c->at, kDecided);
}

TEST(HolderChangeTest, AnEventWithoutAnAppealOrAnExecutorIsDataLossNeverSkipped) {
  routing::v1::AppealRouted no_appeal;
  no_appeal.set_executor_id("lg-sev-rva");
  EXPECT_THAT(HolderChangeOf(no_appeal, Meta()).status(),
              StatusIs(absl::StatusCode::kDataLoss, "AppealRouted at position 7 has no appeal id"));
  routing::v1::AppealRerouted no_body;
  no_body.set_appeal_id(kAppeal);
  EXPECT_THAT(HolderChangeOf(no_body, Meta()).status(),
              StatusIs(absl::StatusCode::kDataLoss, "AppealRerouted at position 7 names no executor"));
}

TEST(HolderChangeTest, ABodyThatHeldTheAppealStillHoldsOrHeldItAnotherNever) {
  const std::vector<Holding> holdings = {{"lg-sev-rva", kDecided, kLogged},
                                         {"lg-oda-housing", kLogged, std::nullopt}};
  EXPECT_TRUE(HoldsOrHeld(holdings, "lg-sev-rva"));
  EXPECT_TRUE(HoldsOrHeld(holdings, "lg-oda-housing"));
  EXPECT_FALSE(HoldsOrHeld(holdings, "lg-oda-social"));
  EXPECT_FALSE(HoldsOrHeld(holdings, ""));
  EXPECT_FALSE(HoldsOrHeld({}, "lg-sev-rva"));
}

}  // namespace
}  // namespace contactcenter::intake
