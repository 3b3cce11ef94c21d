// The projection and every report on a real PostgreSQL, against appeals
// whose expected counts are stated here by hand. The events go through the
// real consumer path (eventlog::Consumer::ApplyBatch with its cursor).
//
// The appeals (all in Sievierodonetsk raion unless said; Kyiv is UTC+2 in
// winter, UTC+3 from 29 March 2026):
//   A1 received 2026-04-01 00:30 Kyiv (2026-03-31 21:30 UTC): 2nd quarter.
//   A2 received 2026-03-31 23:30 Kyiv (20:30 UTC): 1st quarter. From the
//      Government Contact Center, collective (12 signatories), a woman
//      pensioner, IDP and child of war, topics 106 and 110.003; routed to
//      lg-oda-social, term to 2026-04-15, no answer (overdue on 1 May).
//   A3 received 2026-01-01 00:30 Kyiv (2025-12-31 22:30 UTC): 1st quarter;
//      by post, a late complaint, not considered (Art. 17).
//   A4 received 2025-12-31 23:30 Kyiv: 4th quarter 2025, not counted.
//   A5 1st quarter, web form, Svatove raion, returned to the applicant.
//   A6 1st quarter, hotline: routed to lg-sev-rva, which declined it;
//      re-routed to lg-oda-social (counted once), answered in 3 days, on
//      time; closed, done.
//   A7 1st quarter, hotline, at lg-sev-rva: term 2026-02-10 extended to
//      2026-02-25, answered 2026-02-27 (46 days): late after an extension.
//      The call-back did not confirm it: rework until 2026-03-20 (a rework
//      term, never the statutory one), answered again; closed, explained.
//   A8 1st quarter, hotline, at lg-sev-rva: term 2026-03-02 extended to
//      2026-03-20, answered 2026-03-15 (42 days): on time thanks to it.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "analytics_service.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/eventlog/consumer.h"
#include "contactcenter/eventlog/producer.h"
#include "contactcenter/refdata/csv.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/routing/v1/routing.pb.h"
#include "contactcenter/testing/in_process_server.h"
#include "contactcenter/testing/status_matchers.h"
#include "contactcenter/testing/test_database.h"
#include "contactcenter/tracking/v1/tracking.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "projection_store.h"
#include "projector.h"
#include "report_store.h"
#include "reports.h"
#include "schema.h"

namespace contactcenter::analytics {
namespace {

using ::contactcenter::testing::FieldsOf;
using ::contactcenter::testing::StatusIs;
using ::contactcenter::testing::TestDatabase;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kA1[] = "00000000-0000-4000-8000-000000000001";
constexpr char kA2[] = "00000000-0000-4000-8000-000000000002";
constexpr char kA3[] = "00000000-0000-4000-8000-000000000003";
constexpr char kA4[] = "00000000-0000-4000-8000-000000000004";
constexpr char kA5[] = "00000000-0000-4000-8000-000000000005";
constexpr char kA6[] = "00000000-0000-4000-8000-000000000006";
constexpr char kA7[] = "00000000-0000-4000-8000-000000000007";
constexpr char kA8[] = "00000000-0000-4000-8000-000000000008";

// Cases: the appeal's number in the last digits, with a 'c'.
std::string CaseOf(const std::string& appeal) { return std::string(appeal).replace(9, 1, "c"); }

absl::Time Utc(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi), absl::UTCTimeZone());
}

using namespace common::v1;  // NOLINT: enum values

class Log {
 public:
  explicit Log(std::string producer) : producer_(std::move(producer)) {}
  template <typename Message>
  void Add(const std::string& aggregate, const Message& m, absl::Time at = Utc(2026, 1, 1, 0, 0)) {
    eventlog::v1::Event& e = events_.emplace_back();
    e.set_position(static_cast<int64_t>(events_.size()));
    e.set_event_id(absl::StrCat("00000000-0000-4000-9000-", producer_.size(), "0000000",
                                 1000 + events_.size()));
    e.set_producer(producer_);
    e.set_aggregate_id(aggregate);
    *e.mutable_occurred_at() = ToTimestamp(at);
    e.mutable_payload()->PackFrom(m);
  }
  const std::vector<eventlog::v1::Event>& events() const { return events_; }

 private:
  std::string producer_;
  std::vector<eventlog::v1::Event> events_;
};

intake::v1::AppealRegistered Registered(const std::string& id, absl::Time received,
                                        Channel channel) {
  intake::v1::AppealRegistered r;
  r.set_appeal_id(id);
  *r.mutable_received_at() = ToTimestamp(received);
  r.set_kind(APPEAL_KIND_STATEMENT);
  r.set_form(APPEAL_FORM_ORAL);
  r.set_channel(channel);
  r.set_subject(APPEAL_SUBJECT_INDIVIDUAL);
  r.set_topic_code("109");
  r.set_territory_code("LG-SEV");
  r.set_attribute(APPEAL_ATTRIBUTE_PRIMARY);
  r.set_sex(intake::v1::SEX_MALE);
  return r;
}

routing::v1::AppealRouted Routed(const std::string& id, absl::Time received,
                                 const std::string& executor) {
  routing::v1::AppealRouted r;
  r.set_appeal_id(id);
  r.set_executor_id(executor);
  *r.mutable_received_at() = ToTimestamp(received);
  *r.mutable_decided_at() = ToTimestamp(received + absl::Minutes(1));
  r.set_topic_code("109");
  r.set_territory_code("LG-SEV");
  return r;
}

tracking::v1::CaseOpened Opened(const std::string& id, absl::Time received,
                                const std::string& executor, absl::CivilDay control) {
  tracking::v1::CaseOpened o;
  o.set_case_id(CaseOf(id));
  o.set_appeal_id(id);
  o.set_executor_id(executor);
  *o.mutable_received_at() = ToTimestamp(received);
  *o.mutable_control_date() = ToDate(control);
  o.set_topic_code("109");
  o.set_territory_code("LG-SEV");
  return o;
}

tracking::v1::CaseStatusChanged Changed(const std::string& id, const std::string& executor,
                                        tracking::v1::CaseStatus from,
                                        tracking::v1::CaseStatus to, absl::CivilDay control,
                                        absl::Time at, int reworks = 0) {
  tracking::v1::CaseStatusChanged c;
  c.set_case_id(CaseOf(id));
  c.set_appeal_id(id);
  c.set_executor_id(executor);
  c.set_from_status(from);
  c.set_to_status(to);
  *c.mutable_changed_at() = ToTimestamp(at);
  *c.mutable_control_date() = ToDate(control);
  c.set_rework_count(reworks);
  return c;
}

tracking::v1::CaseClosed Closed(const std::string& id, const std::string& executor,
                                tracking::v1::CaseResult result) {
  tracking::v1::CaseClosed c;
  c.set_case_id(CaseOf(id));
  c.set_appeal_id(id);
  c.set_executor_id(executor);
  c.set_result(result);
  return c;
}

struct Logs {
  Log intake{"intake"};
  Log routing{"routing"};
  Log tracking{"tracking"};
};

Logs TheAppeals() {
  using namespace tracking::v1;  // NOLINT: case statuses
  Logs l;
  const absl::Time t1 = Utc(2026, 3, 31, 21, 30), t2 = Utc(2026, 3, 31, 20, 30),
                   t3 = Utc(2025, 12, 31, 22, 30), t4 = Utc(2025, 12, 31, 21, 30),
                   t5 = Utc(2026, 2, 1, 8, 0), t6 = Utc(2026, 2, 2, 8, 0),
                   t7 = Utc(2026, 1, 12, 8, 0), t8 = Utc(2026, 2, 1, 8, 0);
  l.intake.Add(kA1, Registered(kA1, t1, CHANNEL_HOTLINE_PHONE));
  intake::v1::AppealRegistered a2 = Registered(kA2, t2, CHANNEL_GOVERNMENT_CONTACT_CENTER);
  a2.set_form(APPEAL_FORM_ELECTRONIC);
  a2.set_subject(APPEAL_SUBJECT_COLLECTIVE);
  a2.set_signatories(12);
  a2.set_sex(intake::v1::SEX_FEMALE);
  a2.set_social_status(SOCIAL_STATUS_PENSIONER);
  a2.add_author_categories(AUTHOR_CATEGORY_INTERNALLY_DISPLACED);
  a2.add_author_categories(AUTHOR_CATEGORY_CHILD_OF_WAR);
  a2.set_topic_code("106");
  a2.add_additional_topic_codes("110.003");
  l.intake.Add(kA2, a2);
  intake::v1::AppealNotConsidered a3;
  a3.set_appeal_id(kA3);
  *a3.mutable_received_at() = ToTimestamp(t3);
  a3.set_reason(intake::v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
  a3.set_kind(APPEAL_KIND_COMPLAINT);
  a3.set_form(APPEAL_FORM_WRITTEN);
  a3.set_channel(CHANNEL_POST);
  a3.set_subject(APPEAL_SUBJECT_INDIVIDUAL);
  a3.set_topic_code("109");
  a3.set_territory_code("LG-SEV");
  a3.set_attribute(APPEAL_ATTRIBUTE_PRIMARY);
  l.intake.Add(kA3, a3);
  l.intake.Add(kA4, Registered(kA4, t4, CHANNEL_HOTLINE_PHONE));
  intake::v1::AppealReturnedToApplicant a5;
  a5.set_appeal_id(kA5);
  *a5.mutable_received_at() = ToTimestamp(t5);
  a5.set_kind(APPEAL_KIND_STATEMENT);
  a5.set_form(APPEAL_FORM_ELECTRONIC);
  a5.set_channel(CHANNEL_WEB_FORM);
  a5.set_subject(APPEAL_SUBJECT_INDIVIDUAL);
  a5.set_topic_code("109");
  a5.set_territory_code("LG-SVA");
  a5.set_attribute(APPEAL_ATTRIBUTE_PRIMARY);
  l.intake.Add(kA5, a5);
  l.intake.Add(kA6, Registered(kA6, t6, CHANNEL_HOTLINE_PHONE));
  l.intake.Add(kA7, Registered(kA7, t7, CHANNEL_HOTLINE_PHONE));
  l.intake.Add(kA8, Registered(kA8, t8, CHANNEL_HOTLINE_PHONE));

  l.routing.Add(kA2, Routed(kA2, t2, "lg-oda-social"));
  l.routing.Add(kA6, Routed(kA6, t6, "lg-sev-rva"));
  l.routing.Add(kA7, Routed(kA7, t7, "lg-sev-rva"));
  l.routing.Add(kA8, Routed(kA8, t8, "lg-sev-rva"));
  routing::v1::AppealRerouted re;
  re.set_appeal_id(kA6);
  re.set_from_executor_id("lg-sev-rva");
  re.set_to_executor_id("lg-oda-social");
  *re.mutable_received_at() = ToTimestamp(t6);
  *re.mutable_decided_at() = ToTimestamp(t6 + absl::Hours(5));
  re.set_territory_code("LG-SEV");
  l.routing.Add(kA6, re);

  const std::string sev = "lg-sev-rva", social = "lg-oda-social";
  l.tracking.Add(kA2, Opened(kA2, t2, social, absl::CivilDay(2026, 4, 15)));
  // A6: declined, moved, answered in 3 days, closed.
  l.tracking.Add(kA6, Opened(kA6, t6, sev, absl::CivilDay(2026, 2, 17)));
  tracking::v1::CaseReturnedToRouting declined;
  declined.set_case_id(CaseOf(kA6));
  declined.set_appeal_id(kA6);
  declined.set_executor_id(sev);
  declined.set_reason("not ours");
  l.tracking.Add(kA6, declined);
  l.tracking.Add(kA6, Changed(kA6, sev, CASE_STATUS_FORWARDED, CASE_STATUS_RETURNED_TO_ROUTING,
                              absl::CivilDay(2026, 2, 17), t6 + absl::Hours(4)));
  l.tracking.Add(kA6, Changed(kA6, social, CASE_STATUS_RETURNED_TO_ROUTING,
                              CASE_STATUS_FORWARDED, absl::CivilDay(2026, 2, 17),
                              t6 + absl::Hours(5)));
  l.tracking.Add(kA6, Changed(kA6, social, CASE_STATUS_FORWARDED, CASE_STATUS_ACCEPTED,
                              absl::CivilDay(2026, 2, 17), t6 + absl::Hours(6)));
  l.tracking.Add(kA6, Changed(kA6, social, CASE_STATUS_ACCEPTED, CASE_STATUS_ANSWERED,
                              absl::CivilDay(2026, 2, 17), t6 + absl::Hours(72)));
  l.tracking.Add(kA6, Changed(kA6, social, CASE_STATUS_ANSWERED, CASE_STATUS_ON_CHECK,
                              absl::CivilDay(2026, 2, 17), t6 + absl::Hours(80)));
  l.tracking.Add(kA6, Closed(kA6, social, CASE_RESULT_DONE));
  l.tracking.Add(kA6, Changed(kA6, social, CASE_STATUS_ON_CHECK, CASE_STATUS_CLOSED,
                              absl::CivilDay(2026, 2, 17), t6 + absl::Hours(90)));
  // A7: extended, answered late, reworked, answered again, closed.
  l.tracking.Add(kA7, Opened(kA7, t7, sev, absl::CivilDay(2026, 2, 10)));
  l.tracking.Add(kA7, Changed(kA7, sev, CASE_STATUS_FORWARDED, CASE_STATUS_ACCEPTED,
                              absl::CivilDay(2026, 2, 10), t7 + absl::Hours(3)));
  l.tracking.Add(kA7, Changed(kA7, sev, CASE_STATUS_ACCEPTED, CASE_STATUS_ACCEPTED,
                              absl::CivilDay(2026, 2, 25), Utc(2026, 2, 5, 9, 0)));
  l.tracking.Add(kA7, Changed(kA7, sev, CASE_STATUS_ACCEPTED, CASE_STATUS_ANSWERED,
                              absl::CivilDay(2026, 2, 25), Utc(2026, 2, 27, 8, 0)));
  l.tracking.Add(kA7, Changed(kA7, sev, CASE_STATUS_ANSWERED, CASE_STATUS_ON_CHECK,
                              absl::CivilDay(2026, 2, 25), Utc(2026, 2, 28, 8, 0)));
  l.tracking.Add(kA7, Changed(kA7, sev, CASE_STATUS_ON_CHECK, CASE_STATUS_RETURNED_FOR_REWORK,
                              absl::CivilDay(2026, 3, 20), Utc(2026, 3, 1, 8, 0), 1));
  l.tracking.Add(kA7, Changed(kA7, sev, CASE_STATUS_RETURNED_FOR_REWORK,
                              CASE_STATUS_RETURNED_FOR_REWORK, absl::CivilDay(2026, 3, 25),
                              Utc(2026, 3, 2, 8, 0), 1));
  l.tracking.Add(kA7, Changed(kA7, sev, CASE_STATUS_RETURNED_FOR_REWORK, CASE_STATUS_ANSWERED,
                              absl::CivilDay(2026, 3, 25), Utc(2026, 3, 10, 8, 0), 1));
  l.tracking.Add(kA7, Changed(kA7, sev, CASE_STATUS_ANSWERED, CASE_STATUS_ON_CHECK,
                              absl::CivilDay(2026, 3, 25), Utc(2026, 3, 11, 8, 0), 1));
  l.tracking.Add(kA7, Closed(kA7, sev, CASE_RESULT_EXPLAINED));
  l.tracking.Add(kA7, Changed(kA7, sev, CASE_STATUS_ON_CHECK, CASE_STATUS_CLOSED,
                              absl::CivilDay(2026, 3, 25), Utc(2026, 3, 12, 8, 0), 1));
  // A8: extended, answered within the extension.
  l.tracking.Add(kA8, Opened(kA8, t8, sev, absl::CivilDay(2026, 3, 2)));
  l.tracking.Add(kA8, Changed(kA8, sev, CASE_STATUS_FORWARDED, CASE_STATUS_ACCEPTED,
                              absl::CivilDay(2026, 3, 2), t8 + absl::Hours(3)));
  l.tracking.Add(kA8, Changed(kA8, sev, CASE_STATUS_ACCEPTED, CASE_STATUS_ACCEPTED,
                              absl::CivilDay(2026, 3, 20), Utc(2026, 2, 25, 8, 0)));
  l.tracking.Add(kA8, Changed(kA8, sev, CASE_STATUS_ACCEPTED, CASE_STATUS_ANSWERED,
                              absl::CivilDay(2026, 3, 20), Utc(2026, 3, 15, 8, 0)));
  return l;
}

// The events issue 10 added, all in the 1st quarter of 2026, Sievierodonetsk
// raion unless said (appended to `l`, so one consumer applies both sets):
//   P1 by post, a woman: intake proposed not to consider it (a late
//      complaint); a supervisor confirmed: not considered (Д.3, Д.3.3).
//   P2 hotline: proposed (repeated, resolved), overruled: registered,
//      routed to lg-sev-rva (Д.1); never not considered.
//   P3 hotline: proposed (anonymous), still waiting on 1 May (Д.8).
//   R1..R4 web form, returned to the applicant (Д.2): R1's letter within
//      the 10 days (Д.2.1); R2's term ran out, then the letter went late
//      (Д.2.2); R3's term ran out, no letter (Д.2.3); R4's term still runs.
//   L1 hotline, at lg-sev-rva: the body left it without consideration
//      (Д.3, Д.3.5); neither open nor answered.
//   N1 hotline, at lg-oda-health: answered in 1 day 10 hours, closed as
//      "answered, not confirmed" (Д.9), explained (9.3).
//   N2 hotline, at lg-oda-health: answered in 2 days 14 hours; a
//      call-back sent it to rework (a control term of its own, 2026-03-20,
//      never taken), then the head extended the statutory term to
//      2026-03-12 (an event that carries the control term apart: taken
//      though after a rework); closed, done (9.1). Extended (Д.6).
//   N3 hotline, at lg-oda-health: answered in 10 days; closed, done.
//   lg-oda-health's days to answer 1.42, 2.58, 10: whole days 1, 3, 10,
//   the 90th percentile 3 + 0.8 * (10 - 3) = 8.6; the mean is exact, 14 / 3.
constexpr char kP1[] = "00000000-0000-4000-8000-000000000101";
constexpr char kP2[] = "00000000-0000-4000-8000-000000000102";
constexpr char kP3[] = "00000000-0000-4000-8000-000000000103";
constexpr char kR1[] = "00000000-0000-4000-8000-000000000201";
constexpr char kR2[] = "00000000-0000-4000-8000-000000000202";
constexpr char kR3[] = "00000000-0000-4000-8000-000000000203";
constexpr char kR4[] = "00000000-0000-4000-8000-000000000204";
constexpr char kL1[] = "00000000-0000-4000-8000-000000000301";
constexpr char kN1[] = "00000000-0000-4000-8000-000000000401";
constexpr char kN2[] = "00000000-0000-4000-8000-000000000402";
constexpr char kN3[] = "00000000-0000-4000-8000-000000000403";

void AddIssue10Appeals(Logs& l) {
  using namespace tracking::v1;  // NOLINT: case statuses
  const absl::Time t = Utc(2026, 2, 10, 8, 0);
  auto proposed = [&](const std::string& id, Channel channel,
                      intake::v1::NotConsideredReason reason) {
    intake::v1::AppealExclusionProposed p;
    p.set_appeal_id(id);
    *p.mutable_received_at() = ToTimestamp(t);
    p.set_reason(reason);
    p.set_kind(APPEAL_KIND_STATEMENT);
    p.set_form(APPEAL_FORM_ORAL);
    p.set_channel(channel);
    p.set_subject(APPEAL_SUBJECT_INDIVIDUAL);
    p.set_topic_code("109");
    p.set_territory_code("LG-SEV");
    p.set_attribute(APPEAL_ATTRIBUTE_PRIMARY);
    p.set_sex(intake::v1::SEX_MALE);
    return p;
  };
  intake::v1::AppealExclusionProposed p1 =
      proposed(kP1, CHANNEL_POST, intake::v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
  p1.set_kind(APPEAL_KIND_COMPLAINT);
  p1.set_form(APPEAL_FORM_WRITTEN);
  p1.set_sex(intake::v1::SEX_FEMALE);
  l.intake.Add(kP1, p1);
  l.intake.Add(kP2, proposed(kP2, CHANNEL_HOTLINE_PHONE,
                             intake::v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED));
  l.intake.Add(kP3, proposed(kP3, CHANNEL_HOTLINE_PHONE,
                             intake::v1::NOT_CONSIDERED_REASON_ANONYMOUS));
  intake::v1::AppealNotConsidered confirmed;
  confirmed.set_appeal_id(kP1);
  *confirmed.mutable_received_at() = ToTimestamp(t);
  confirmed.set_reason(intake::v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
  confirmed.set_kind(APPEAL_KIND_COMPLAINT);
  confirmed.set_form(APPEAL_FORM_WRITTEN);
  confirmed.set_channel(CHANNEL_POST);
  confirmed.set_subject(APPEAL_SUBJECT_INDIVIDUAL);
  confirmed.set_topic_code("109");
  confirmed.set_territory_code("LG-SEV");
  confirmed.set_attribute(APPEAL_ATTRIBUTE_PRIMARY);
  confirmed.set_sex(intake::v1::SEX_FEMALE);
  l.intake.Add(kP1, confirmed);
  l.intake.Add(kP2, Registered(kP2, t, CHANNEL_HOTLINE_PHONE));  // overruled
  for (const char* id : {kR1, kR2, kR3, kR4}) {
    intake::v1::AppealReturnedToApplicant r;
    r.set_appeal_id(id);
    *r.mutable_received_at() = ToTimestamp(t);
    r.set_kind(APPEAL_KIND_STATEMENT);
    r.set_form(APPEAL_FORM_ELECTRONIC);
    r.set_channel(CHANNEL_WEB_FORM);
    r.set_subject(APPEAL_SUBJECT_INDIVIDUAL);
    r.set_topic_code("109");
    r.set_territory_code("LG-SEV");
    r.set_attribute(APPEAL_ATTRIBUTE_PRIMARY);
    l.intake.Add(id, r);
  }
  auto letter = [&](const std::string& id, bool within) {
    intake::v1::AppealReturnLetterRecorded e;
    e.set_appeal_id(id);
    e.set_within_term(within);
    e.set_recorded_by("an-operator");
    return e;
  };
  auto overdue = [&](const std::string& id) {
    intake::v1::AppealReturnOverdue e;
    e.set_appeal_id(id);
    *e.mutable_received_at() = ToTimestamp(t);
    return e;
  };
  l.intake.Add(kR1, letter(kR1, true));
  l.intake.Add(kR2, overdue(kR2));
  l.intake.Add(kR2, letter(kR2, false));
  l.intake.Add(kR3, overdue(kR3));
  for (const char* id : {kL1, kN1, kN2, kN3}) {
    l.intake.Add(id, Registered(id, t, CHANNEL_HOTLINE_PHONE));
  }

  const std::string sev = "lg-sev-rva", health = "lg-oda-health";
  l.routing.Add(kP2, Routed(kP2, t, sev));
  l.routing.Add(kL1, Routed(kL1, t, sev));
  for (const char* id : {kN1, kN2, kN3}) l.routing.Add(id, Routed(id, t, health));

  const absl::CivilDay term(2026, 2, 25);
  l.tracking.Add(kP2, Opened(kP2, t, sev, term));
  l.tracking.Add(kL1, Opened(kL1, t, sev, term));
  l.tracking.Add(kL1, Changed(kL1, sev, CASE_STATUS_FORWARDED, CASE_STATUS_NOT_CONSIDERED, term,
                              t + absl::Hours(30)));
  auto answered_and_closed = [&](const std::string& id, absl::Duration after,
                                 CaseResult result, bool not_confirmed) {
    l.tracking.Add(id, Opened(id, t, health, term));
    l.tracking.Add(id, Changed(id, health, CASE_STATUS_FORWARDED, CASE_STATUS_ANSWERED, term,
                               t + after));
    CaseClosed closed = Closed(id, health, result);
    closed.set_not_confirmed(not_confirmed);
    l.tracking.Add(id, closed);
    l.tracking.Add(id, Changed(id, health, CASE_STATUS_ANSWERED, CASE_STATUS_CLOSED, term,
                               t + after + absl::Hours(1)));
  };
  answered_and_closed(kN1, absl::Hours(34), CASE_RESULT_EXPLAINED, true);
  // N2: the answer, a rework with its own control term, then the head's
  // extension of the statutory term, each event with the control term apart.
  l.tracking.Add(kN2, Opened(kN2, t, health, term));
  CaseStatusChanged answer = Changed(kN2, health, CASE_STATUS_FORWARDED, CASE_STATUS_ANSWERED,
                                     term, t + absl::Hours(62));
  *answer.mutable_control_term_date() = ToDate(term);
  l.tracking.Add(kN2, answer);
  CaseStatusChanged rework = Changed(kN2, health, CASE_STATUS_ANSWERED,
                                     CASE_STATUS_RETURNED_FOR_REWORK, term,
                                     Utc(2026, 2, 20, 8, 0), 1);
  *rework.mutable_control_term_date() = ToDate(absl::CivilDay(2026, 3, 20));
  l.tracking.Add(kN2, rework);
  CaseStatusChanged extension = Changed(kN2, health, CASE_STATUS_RETURNED_FOR_REWORK,
                                        CASE_STATUS_RETURNED_FOR_REWORK,
                                        absl::CivilDay(2026, 3, 12), Utc(2026, 2, 21, 8, 0), 1);
  *extension.mutable_control_term_date() = ToDate(absl::CivilDay(2026, 3, 20));
  l.tracking.Add(kN2, extension);
  l.tracking.Add(kN2, Closed(kN2, health, CASE_RESULT_DONE));
  answered_and_closed(kN3, absl::Hours(240), CASE_RESULT_DONE, false);
}

// Duplicates (дублетне) that joined an earlier appeal's case (tracking's
// CaseAppealJoined, issue 10), all hotline, Sievierodonetsk raion:
//   D0 received 2026-02-10, at lg-sev-rva, term 2026-02-25, answered
//      2026-02-20 (on time), closed, done.
//   D1 received 2026-02-12, a duplicate of D0: joined its case.
//   E0 received 2026-02-10, at lg-oda-health, term 2026-02-25, never
//      answered: open, overdue on 1 May.
//   E1 received 2026-02-15, a duplicate of E0: joined its case.
//   F0 received 2025-12-20 (4th quarter), at lg-sev-rva, term 2026-01-05,
//      answered 2026-01-10 (late), closed, explained.
//   F1 received 2026-01-02 (1st quarter), a duplicate of F0: joined its
//      case.
constexpr char kD0[] = "00000000-0000-4000-8000-000000000501";
constexpr char kD1[] = "00000000-0000-4000-8000-000000000502";
constexpr char kE0[] = "00000000-0000-4000-8000-000000000503";
constexpr char kE1[] = "00000000-0000-4000-8000-000000000504";
constexpr char kF0[] = "00000000-0000-4000-8000-000000000505";
constexpr char kF1[] = "00000000-0000-4000-8000-000000000506";

Logs JoinedDuplicates() {
  using namespace tracking::v1;  // NOLINT: case statuses
  Logs l;
  const std::string sev = "lg-sev-rva", health = "lg-oda-health";
  struct First {
    const char* id;
    absl::Time received;
    std::string executor;
    absl::CivilDay term;
  };
  const First firsts[] = {
      {kD0, Utc(2026, 2, 10, 8, 0), sev, absl::CivilDay(2026, 2, 25)},
      {kE0, Utc(2026, 2, 10, 8, 0), health, absl::CivilDay(2026, 2, 25)},
      {kF0, Utc(2025, 12, 20, 8, 0), sev, absl::CivilDay(2026, 1, 5)},
  };
  const struct {
    const char* id;
    absl::Time received;
    const First& first;
  } duplicates[] = {{kD1, Utc(2026, 2, 12, 8, 0), firsts[0]},
                    {kE1, Utc(2026, 2, 15, 8, 0), firsts[1]},
                    {kF1, Utc(2026, 1, 2, 8, 0), firsts[2]}};
  for (const First& f : firsts) {
    l.intake.Add(f.id, Registered(f.id, f.received, CHANNEL_HOTLINE_PHONE));
    l.routing.Add(f.id, Routed(f.id, f.received, f.executor));
    l.tracking.Add(f.id, Opened(f.id, f.received, f.executor, f.term));
  }
  for (const auto& d : duplicates) {
    intake::v1::AppealRegistered r = Registered(d.id, d.received, CHANNEL_HOTLINE_PHONE);
    r.set_attribute(APPEAL_ATTRIBUTE_DUPLICATE);
    r.set_duplicate_of_appeal_id(d.first.id);
    l.intake.Add(d.id, r);
    routing::v1::AppealRouted routed = Routed(d.id, d.received, d.first.executor);
    routed.set_duplicate_of_appeal_id(d.first.id);
    l.routing.Add(d.id, routed);
    CaseAppealJoined joined;
    joined.set_case_id(CaseOf(d.first.id));
    joined.set_case_appeal_id(d.first.id);
    joined.set_appeal_id(d.id);
    joined.set_registration_number("ЛГ-1");
    joined.set_executor_id(d.first.executor);
    *joined.mutable_joined_at() = ToTimestamp(d.received + absl::Minutes(2));
    *joined.mutable_control_date() = ToDate(d.first.term);
    l.tracking.Add(CaseOf(d.first.id), joined);
  }
  l.tracking.Add(kD0, Changed(kD0, sev, CASE_STATUS_FORWARDED, CASE_STATUS_ANSWERED,
                              absl::CivilDay(2026, 2, 25), Utc(2026, 2, 20, 8, 0)));
  l.tracking.Add(kD0, Closed(kD0, sev, CASE_RESULT_DONE));
  l.tracking.Add(kD0, Changed(kD0, sev, CASE_STATUS_ANSWERED, CASE_STATUS_CLOSED,
                              absl::CivilDay(2026, 2, 25), Utc(2026, 2, 22, 8, 0)));
  l.tracking.Add(kF0, Changed(kF0, sev, CASE_STATUS_FORWARDED, CASE_STATUS_ANSWERED,
                              absl::CivilDay(2026, 1, 5), Utc(2026, 1, 10, 8, 0)));
  l.tracking.Add(kF0, Closed(kF0, sev, CASE_RESULT_EXPLAINED));
  l.tracking.Add(kF0, Changed(kF0, sev, CASE_STATUS_ANSWERED, CASE_STATUS_CLOSED,
                              absl::CivilDay(2026, 1, 5), Utc(2026, 1, 12, 8, 0)));
  return l;
}

v1::Period Quarter1() {
  v1::Period p;
  *p.mutable_from() = ToDate(absl::CivilDay(2026, 1, 1));
  *p.mutable_to() = ToDate(absl::CivilDay(2026, 4, 1));
  return p;
}

// routing's ExecutorDirectoryChanged for the reference directory
// (deploy/reference/executors.csv) as version `version`.
routing::v1::ExecutorDirectoryChanged ReferenceDirectory(int64_t version) {
  absl::StatusOr<refdata::CsvTable> t = refdata::CsvTable::ReadFile(
      std::string(CC_REFERENCE_DIR) + "/executors.csv", {"id", "name_uk", "parent_id"});
  EXPECT_TRUE(t.ok()) << t.status();
  routing::v1::ExecutorDirectoryChanged e;
  e.set_version(version);
  for (size_t i = 0; t.ok() && i < t->size(); ++i) {
    routing::v1::DirectoryBody* b = e.add_bodies();
    b->set_id(t->Get(i, "id"));
    b->set_parent_id(t->Get(i, "parent_id"));
    b->set_name_uk(t->Get(i, "name_uk"));
    b->set_kind(routing::v1::EXECUTOR_KIND_OTHER);
    b->set_active(true);
  }
  return e;
}

routing::v1::DirectoryBody* BodyOf(routing::v1::ExecutorDirectoryChanged& e, const std::string& id) {
  for (routing::v1::DirectoryBody& b : *e.mutable_bodies()) {
    if (b.id() == id) return &b;
  }
  return nullptr;
}

class AnalyticsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = TestDatabase::CreateOrDie("analytics",
                                    {&db::EventLogMigrations(), &db::AnalyticsMigrations()})
              .release();
  }
  static void TearDownTestSuite() { delete db_; }

  void SetUp() override {
    db_->Exec("TRUNCATE appeal_facts, appeal_day_counts, topic_day_counts, routing_facts, "
              "routing_day_counts, case_facts, case_day_counts, case_answer_days, case_declines, "
              "case_joined_appeals, executors, "
              "event_cursors");
    pool_ = db_->MakePool();
    absl::StatusOr<refdata::Classifier> c = refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    ASSERT_TRUE(c.ok()) << c.status();
    classifier_ = *std::move(c);
    projector_ = std::make_unique<Projector>(&projection_store_, &clock_);
    // The bodies' names and parents as routing announces its first version
    // (outside the test logs, which start at position 1).
    eventlog::v1::Event directory;
    directory.set_producer("routing");
    directory.mutable_payload()->PackFrom(ReferenceDirectory(1));
    eventlog::Dispatcher from_routing;
    projector_->FollowRouting(from_routing);
    absl::Status applied =
        pool_->Write([&](db::Tx& tx) { return from_routing.Dispatch(tx, directory); });
    ASSERT_TRUE(applied.ok()) << applied;
    reports_ = std::make_unique<Reports>(pool_.get(), &report_store_, &classifier_, &clock_,
                                         &registry_);
  }

  std::unique_ptr<eventlog::Consumer> ConsumerOf(const std::string& producer) {
    eventlog::ConsumerOptions o;
    o.consumer = "analytics";
    o.producer = producer;
    o.target = "127.0.0.1:1";
    eventlog::Dispatcher d;
    if (producer == "intake") projector_->FollowIntake(d);
    if (producer == "routing") projector_->FollowRouting(d);
    if (producer == "tracking") projector_->FollowTracking(d);
    return std::make_unique<eventlog::Consumer>(o, pool_.get(), std::move(d), nullptr);
  }

  void ApplyAll(const Logs& logs) {
    ASSERT_TRUE(ConsumerOf("intake")->ApplyBatch(logs.intake.events()).ok());
    ASSERT_TRUE(ConsumerOf("routing")->ApplyBatch(logs.routing.events()).ok());
    ASSERT_TRUE(ConsumerOf("tracking")->ApplyBatch(logs.tracking.events()).ok());
  }

  std::map<std::string, int64_t> ClassifierCounts(const std::string& territory = "LG") {
    absl::StatusOr<ReportQuery> q = ParseReportRequest(Quarter1(), territory, classifier_);
    EXPECT_TRUE(q.ok()) << q.status();
    absl::StatusOr<v1::GetClassifierReportResponse> r = reports_->Classifier(*q);
    EXPECT_TRUE(r.ok()) << r.status();
    std::map<std::string, int64_t> out;
    for (const v1::ClassifierRow& row : r->rows()) out[row.code()] = row.count();
    return out;
  }

  static TestDatabase* db_;
  std::unique_ptr<db::Pool> pool_;
  FakeClock clock_{Utc(2026, 4, 30, 22, 0)};  // 1 May 2026, Kyiv
  prometheus::Registry registry_;
  refdata::Classifier classifier_;
  ProjectionStore projection_store_;
  ReportStore report_store_;
  std::unique_ptr<Projector> projector_;
  std::unique_ptr<Reports> reports_;
};

TestDatabase* AnalyticsTest::db_ = nullptr;

TEST_F(AnalyticsTest, ClassifierReportCountsEveryRowOfTheQuarter) {
  ApplyAll(TheAppeals());
  std::map<std::string, int64_t> c = ClassifierCounts();
  // A2, A3, A5, A6, A7, A8: A1 is in April by Kyiv time, A4 in December.
  EXPECT_EQ(c[""], 6);
  EXPECT_EQ(c["1.1"], 1);    // A3 by post
  EXPECT_EQ(c["1.4"], 1);    // A2 through a body of power...
  EXPECT_EQ(c["1.4.1"], 1);  // ...the Government Contact Center
  EXPECT_EQ(c["1.7"], 3);    // A6, A7, A8 on the hotline
  EXPECT_EQ(c["1.9"], 1);    // A5 web form
  EXPECT_EQ(c["1.2"], 0);
  EXPECT_EQ(c["2.1"], 6);
  EXPECT_EQ(c["3.2"], 5);
  EXPECT_EQ(c["3.3"], 1);  // A3
  EXPECT_EQ(c["4.1"], 3);  // A6, A7, A8 (A3 and A5 do not say)
  EXPECT_EQ(c["4.2"], 1);  // A2
  EXPECT_EQ(c["5.1"], 5);
  EXPECT_EQ(c["5.2"], 1);
  EXPECT_EQ(c["5.2.1"], 12);
  EXPECT_EQ(c["6.2"], 3);    // A2, A5 electronic; A3 written
  EXPECT_EQ(c["6.2.1"], 2);  // A2, A5
  EXPECT_EQ(c["6.3"], 3);
  EXPECT_EQ(c["7.2"], 1);
  EXPECT_EQ(c["7.19"], 1);
  EXPECT_EQ(c["7.1"], 0);
  EXPECT_EQ(c["8.1"], 1);
  EXPECT_EQ(c["9.1"], 1);  // A6 done
  EXPECT_EQ(c["9.3"], 1);  // A7 explained
  EXPECT_EQ(c["9.2"], 0);
  EXPECT_EQ(c["106"], 1);
  EXPECT_EQ(c["109"], 5);
  EXPECT_EQ(c["110"], 1);
  EXPECT_EQ(c["110.003"], 1);
  EXPECT_EQ(c["Д.1"], 4);    // A2, A6 (once, though re-routed), A7, A8
  EXPECT_EQ(c["Д.1.1"], 1);  // A6
  EXPECT_EQ(c["Д.2"], 1);    // A5
  EXPECT_EQ(c["Д.3"], 1);    // A3
  EXPECT_EQ(c["Д.3.3"], 1);
  EXPECT_EQ(c["Д.4"], 2);    // A6, A8 (within its extension)
  EXPECT_EQ(c["Д.5"], 1);    // A7 (after its extension)
  EXPECT_EQ(c["Д.6"], 2);    // A7, A8
  EXPECT_EQ(c["Д.7"], 1);    // A2
  EXPECT_EQ(c["Д.7.1"], 1);  // A2: past 15 April on 1 May
}

TEST_F(AnalyticsTest, ClassifierReportOfOneRaion) {
  ApplyAll(TheAppeals());
  std::map<std::string, int64_t> svatove = ClassifierCounts("LG-SVA");
  EXPECT_EQ(svatove[""], 1);  // A5
  EXPECT_EQ(svatove["Д.2"], 1);
  EXPECT_EQ(svatove["Д.1"], 0);
  EXPECT_EQ(ClassifierCounts("LG-SEV")[""], 5);
}

TEST_F(AnalyticsTest, TheQuarterEndsAtKyivMidnight) {
  ApplyAll(TheAppeals());
  v1::Period q2;
  *q2.mutable_from() = ToDate(absl::CivilDay(2026, 4, 1));
  *q2.mutable_to() = ToDate(absl::CivilDay(2026, 7, 1));
  absl::StatusOr<ReportQuery> q = ParseReportRequest(q2, "", classifier_);
  ASSERT_TRUE(q.ok());
  absl::StatusOr<v1::GetClassifierReportResponse> r = reports_->Classifier(*q);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rows(0).count(), 1);  // A1 alone
}

TEST_F(AnalyticsTest, TimelinessByBodyAndParentAgainstTheStatutoryTerm) {
  ApplyAll(TheAppeals());
  absl::StatusOr<ReportQuery> q = ParseReportRequest(Quarter1(), "", classifier_);
  ASSERT_TRUE(q.ok());
  absl::StatusOr<v1::GetTimelinessReportResponse> r = reports_->Timeliness(*q);
  ASSERT_TRUE(r.ok()) << r.status();
  std::map<std::string, v1::TimelinessRow> rows;
  for (const v1::TimelinessRow& row : r->rows()) rows[row.level() + ":" + row.executor_id()] = row;
  EXPECT_THAT(r->rows(), ::testing::SizeIs(3));
  // lg-oda-social: A2 (open, overdue), A6 (on time, 3 days).
  const v1::TimelinessRow& social = rows["body:lg-oda-social"];
  EXPECT_EQ(social.received(), 2);
  EXPECT_EQ(social.answered_on_time(), 1);
  EXPECT_EQ(social.answered_late(), 0);
  EXPECT_EQ(social.open(), 1);
  EXPECT_EQ(social.overdue_now(), 1);
  EXPECT_THAT(social.mean_days_to_answer(), DoubleNear(3.0, 1e-9));
  EXPECT_EQ(social.declined_not_competent(), 0);
  EXPECT_EQ(social.executor_name(), "Департамент соціального захисту населення Луганської ОВА");
  // lg-sev-rva: A7 (late after an extension, 46 days, one rework), A8 (on
  // time within its extension, 42 days); it declined A6, now counted at
  // lg-oda-social only.
  const v1::TimelinessRow& sev = rows["body:lg-sev-rva"];
  EXPECT_EQ(sev.received(), 2);
  EXPECT_EQ(sev.answered_on_time(), 1);
  EXPECT_EQ(sev.answered_late(), 1);
  EXPECT_EQ(sev.open(), 0);
  EXPECT_EQ(sev.extended(), 2);
  EXPECT_EQ(sev.reworks(), 1);
  EXPECT_EQ(sev.declined_not_competent(), 1);
  EXPECT_THAT(sev.mean_days_to_answer(), DoubleNear(44.0, 1e-9));
  EXPECT_THAT(sev.p90_days_to_answer(), DoubleNear(45.6, 1e-9));
  // Their parent, the oblast administration.
  const v1::TimelinessRow& oda = rows["parent:lg-oda"];
  EXPECT_EQ(oda.received(), 4);
  EXPECT_EQ(oda.answered_on_time(), 2);
  EXPECT_EQ(oda.answered_late(), 1);
  EXPECT_EQ(oda.open(), 1);
  EXPECT_EQ(oda.overdue_now(), 1);
  EXPECT_EQ(oda.extended(), 2);
  EXPECT_EQ(oda.reworks(), 1);
  EXPECT_EQ(oda.declined_not_competent(), 1);
  EXPECT_THAT(oda.mean_days_to_answer(), DoubleNear((3.0 + 42 + 46) / 3, 1e-9));
  EXPECT_THAT(oda.p90_days_to_answer(), DoubleNear(45.2, 1e-9));
}

// Issue 11: the bodies' parents follow routing's directory. lg-sev-rva
// re-parented from the oblast administration to its housing department
// (routing's ExecutorDirectoryChanged) moves its cases' parent rows when the
// event is applied; a body a later version drops keeps its name and parent.
TEST_F(AnalyticsTest, AReparentedBodyMovesTheTimelinessParentRowsAfterTheEvent) {
  Logs logs = TheAppeals();
  ApplyAll(logs);
  auto timeliness = [&] {
    absl::StatusOr<ReportQuery> q = ParseReportRequest(Quarter1(), "", classifier_);
    EXPECT_TRUE(q.ok());
    absl::StatusOr<v1::GetTimelinessReportResponse> r = reports_->Timeliness(*q);
    EXPECT_TRUE(r.ok()) << r.status();
    std::map<std::string, v1::TimelinessRow> rows;
    for (const v1::TimelinessRow& row : r->rows()) rows[row.level() + ":" + row.executor_id()] = row;
    return rows;
  };
  std::map<std::string, v1::TimelinessRow> rows = timeliness();
  EXPECT_EQ(rows["parent:lg-oda"].received(), 4);  // lg-oda-social's 2 and lg-sev-rva's 2
  EXPECT_EQ(rows.count("parent:lg-oda-housing"), 0u);

  routing::v1::ExecutorDirectoryChanged v2 = ReferenceDirectory(2);
  BodyOf(v2, "lg-sev-rva")->set_parent_id("lg-oda-housing");
  logs.routing.Add("executor-directory", v2);
  std::vector<eventlog::v1::Event> next{logs.routing.events().back()};
  ASSERT_TRUE(ConsumerOf("routing")->ApplyBatch(next).ok());
  rows = timeliness();
  EXPECT_EQ(rows["parent:lg-oda"].received(), 2);  // lg-oda-social's
  EXPECT_EQ(rows["parent:lg-oda"].answered_late(), 0);
  const v1::TimelinessRow& housing = rows["parent:lg-oda-housing"];
  EXPECT_EQ(housing.received(), 2);  // lg-sev-rva's: A7 late, A8 on time
  EXPECT_EQ(housing.answered_on_time(), 1);
  EXPECT_EQ(housing.answered_late(), 1);
  EXPECT_EQ(housing.declined_not_competent(), 1);
  EXPECT_THAT(housing.p90_days_to_answer(), DoubleNear(45.6, 1e-9));
  EXPECT_FALSE(housing.executor_name().empty());
  EXPECT_EQ(rows["body:lg-sev-rva"].received(), 2);

  // Version 3 no longer lists lg-sev-rva: its rows keep its name and the
  // parent it last had.
  routing::v1::ExecutorDirectoryChanged v3 = ReferenceDirectory(3);
  for (int i = 0; i < v3.bodies_size(); ++i) {
    if (v3.bodies(i).id() == "lg-sev-rva") v3.mutable_bodies()->DeleteSubrange(i, 1);
  }
  logs.routing.Add("executor-directory", v3);
  next = {logs.routing.events().back()};
  ASSERT_TRUE(ConsumerOf("routing")->ApplyBatch(next).ok());
  rows = timeliness();
  EXPECT_EQ(rows["parent:lg-oda-housing"].received(), 2);
  EXPECT_EQ(rows["body:lg-sev-rva"].executor_name(), "Сєвєродонецька районна військова адміністрація");

  // --rebuild of routing's projection empties the bodies with it and the
  // replay brings them back, the newest version last.
  ASSERT_TRUE(pool_->Write([&](db::Tx& tx) { return projector_->BeforeReplay(tx, "routing"); }).ok());
  EXPECT_EQ(*pool_->Read([](db::Tx& tx) -> absl::StatusOr<int64_t> {
    return tx.ExecRaw("SELECT count(*) FROM executors")[0][0].as<int64_t>();
  }), 0);
  db_->Exec("UPDATE event_cursors SET position = 0 WHERE producer = 'routing'");
  ASSERT_TRUE(ConsumerOf("routing")->ApplyBatch(logs.routing.events()).ok());
  rows = timeliness();
  EXPECT_EQ(rows["parent:lg-oda-housing"].received(), 2);
  EXPECT_EQ(rows["parent:lg-oda"].received(), 2);
}

TEST_F(AnalyticsTest, CountsByTwoDimensionsWithFilters) {
  ApplyAll(TheAppeals());
  v1::CountAppealsRequest req;
  *req.mutable_period() = Quarter1();
  req.set_first_dimension("channel");
  req.set_second_dimension("timeliness");
  absl::StatusOr<CountQuery> q = ParseCountRequest(req);
  ASSERT_TRUE(q.ok()) << q.status();
  absl::StatusOr<v1::CountAppealsResponse> r = reports_->Count(*q);
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> cells;
  for (const v1::CountRow& row : r->rows()) {
    cells.push_back(absl::StrCat(row.first_value(), "/", row.second_value(), "=", row.count()));
  }
  EXPECT_THAT(cells, ElementsAre("CHANNEL_HOTLINE_PHONE/late=1",
                                 "CHANNEL_HOTLINE_PHONE/on_time=2",
                                 "CHANNEL_WEB_FORM/none=1",
                                 "CHANNEL_GOVERNMENT_CONTACT_CENTER/overdue=1",
                                 "CHANNEL_POST/none=1"));
  EXPECT_EQ(r->rows(0).first_label(), "За допомогою засобів телефонного зв'язку");

  v1::CountAppealsRequest by_body;
  *by_body.mutable_period() = Quarter1();
  by_body.set_first_dimension("executor");
  v1::Filter* f = by_body.add_filters();
  f->set_dimension("timeliness");
  f->add_values("on_time");
  absl::StatusOr<v1::CountAppealsResponse> bodies = reports_->Count(*ParseCountRequest(by_body));
  ASSERT_TRUE(bodies.ok()) << bodies.status();
  ASSERT_EQ(bodies->rows_size(), 2);
  EXPECT_EQ(bodies->rows(0).first_value(), "lg-oda-social");
  EXPECT_EQ(bodies->rows(0).count(), 1);
  EXPECT_EQ(bodies->rows(1).first_value(), "lg-sev-rva");
  EXPECT_EQ(bodies->rows(1).count(), 1);

  v1::CountAppealsRequest by_topic;
  *by_topic.mutable_period() = Quarter1();
  by_topic.set_first_dimension("topic");
  by_topic.set_second_dimension("author_category");
  absl::StatusOr<v1::CountAppealsResponse> topics = reports_->Count(*ParseCountRequest(by_topic));
  ASSERT_TRUE(topics.ok()) << topics.status();
  cells.clear();
  for (const v1::CountRow& row : topics->rows()) {
    cells.push_back(absl::StrCat(row.first_value(), "/", row.second_value(), "=", row.count()));
  }
  EXPECT_THAT(cells, ElementsAre("106/AUTHOR_CATEGORY_INTERNALLY_DISPLACED=1",
                                 "106/AUTHOR_CATEGORY_CHILD_OF_WAR=1",
                                 "110.003/AUTHOR_CATEGORY_INTERNALLY_DISPLACED=1",
                                 "110.003/AUTHOR_CATEGORY_CHILD_OF_WAR=1"));
}

TEST_F(AnalyticsTest, EventsAreAppliedOnceAcrossBatchesAndRestarts) {
  Logs logs = TheAppeals();
  ApplyAll(logs);
  // The same logs again (a consumer restarted with the old stream): the
  // cursor skips them.
  ApplyAll(logs);
  EXPECT_EQ(ClassifierCounts()["Д.1.1"], 1);
  EXPECT_EQ(ClassifierCounts()[""], 6);
}

TEST_F(AnalyticsTest, RebuildEmptiesOneProducersTablesAndReplaysIt) {
  Logs logs = TheAppeals();
  ApplyAll(logs);
  std::unique_ptr<eventlog::Consumer> intake = ConsumerOf("intake");
  // What --rebuild does on start: before_replay in the cursor's transaction.
  ASSERT_TRUE(pool_->Write([&](db::Tx& tx) { return projector_->BeforeReplay(tx, "intake"); }).ok());
  EXPECT_EQ(ClassifierCounts()[""], 0);
  EXPECT_EQ(ClassifierCounts()["Д.1"], 4);  // routing's table kept
  db_->Exec("UPDATE event_cursors SET position = 0 WHERE producer = 'intake'");
  ASSERT_TRUE(intake->ApplyBatch(logs.intake.events()).ok());
  EXPECT_EQ(ClassifierCounts()[""], 6);
}

TEST_F(AnalyticsTest, RecountingTheDayCountsFromTheFactsGivesWhatTheTriggersKept) {
  Logs logs = TheAppeals();
  AddIssue10Appeals(logs);
  ApplyAll(logs);
  const std::string snapshot =
      "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
      "SELECT 'c' || row(t.*)::text AS x FROM case_day_counts t WHERE n <> 0 UNION ALL "
      "SELECT 'r' || row(t.*)::text FROM routing_day_counts t WHERE n <> 0 UNION ALL "
      "SELECT 'a' || row(t.*)::text FROM appeal_day_counts t WHERE n <> 0 UNION ALL "
      "SELECT 't' || row(t.*)::text FROM topic_day_counts t WHERE n <> 0 UNION ALL "
      // The histograms: a trigger leaves NULLs where an array grew and
      // zeros where a case moved out, the recount neither.
      "SELECT 'h' || row(t.received_day, t.territory_code, t.executor_id, d.k, d.n)::text "
      "FROM case_answer_days t, unnest(t.days) WITH ORDINALITY AS d(n, k) WHERE d.n <> 0) y";
  std::string kept, recounted;
  absl::Status s = pool_->Write([&](db::Tx& tx) -> absl::Status {
    kept = tx.ExecRaw(snapshot)[0][0].as<std::string>();
    tx.ExecRaw("SELECT recount_day_counts()");
    recounted = tx.ExecRaw(snapshot)[0][0].as<std::string>();
    return absl::OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(recounted, kept);
}

TEST_F(AnalyticsTest, TheEventsOfIssue10CountWhereTheLawPutsThem) {
  Logs l;
  AddIssue10Appeals(l);
  ApplyAll(l);
  std::map<std::string, int64_t> c = ClassifierCounts();
  // P1, P2, P3, R1..R4, L1, N1..N3.
  EXPECT_EQ(c[""], 11);
  EXPECT_EQ(c["1.1"], 1);  // P1 by post
  EXPECT_EQ(c["1.7"], 6);  // P2, P3, L1, N1, N2, N3
  EXPECT_EQ(c["1.9"], 4);  // R1..R4
  EXPECT_EQ(c["3.3"], 1);  // P1's complaint, from its proposal and its decision alike
  EXPECT_EQ(c["4.2"], 1);  // P1
  // A proposal is not a decision: P3 waits, only P1's was confirmed.
  EXPECT_EQ(c["Д.8"], 1);    // P3
  EXPECT_EQ(c["Д.3"], 2);    // P1 (intake), L1 (the body)
  EXPECT_EQ(c["Д.3.1"], 0);  // P3 is only proposed as anonymous
  EXPECT_EQ(c["Д.3.2"], 0);  // P2 was overruled
  EXPECT_EQ(c["Д.3.3"], 1);  // P1
  EXPECT_EQ(c["Д.3.5"], 1);  // L1
  EXPECT_EQ(c["Д.1"], 5);    // P2, L1, N1, N2, N3
  EXPECT_EQ(c["Д.2"], 4);
  EXPECT_EQ(c["Д.2.1"], 1);  // R1
  EXPECT_EQ(c["Д.2.2"], 1);  // R2
  EXPECT_EQ(c["Д.2.3"], 1);  // R3
  // Results: the cases closed, whatever the call-back.
  EXPECT_EQ(c["9.1"], 2);  // N2, N3
  EXPECT_EQ(c["9.3"], 1);  // N1
  EXPECT_EQ(c["Д.9"], 1);  // N1, not confirmed
  EXPECT_EQ(c["Д.4"], 3);  // N1, N2, N3 by 25 February
  EXPECT_EQ(c["Д.5"], 0);
  EXPECT_EQ(c["Д.6"], 1);  // N2, extended after its rework
  EXPECT_EQ(c["Д.7"], 1);  // P2's case; L1 is not open
  EXPECT_EQ(c["Д.7.1"], 1);  // P2: past 25 February on 1 May

  // The same counts from the facts alone (migration 0004's recount).
  ASSERT_TRUE(pool_->Write([](db::Tx& tx) -> absl::Status {
                 tx.ExecRaw("SELECT recount_day_counts()");
                 return absl::OkStatus();
               }).ok());
  std::map<std::string, int64_t> recounted = ClassifierCounts();
  EXPECT_EQ(recounted["Д.2.1"], 1);
  EXPECT_EQ(recounted["Д.2.2"], 1);
  EXPECT_EQ(recounted["Д.2.3"], 1);
  EXPECT_EQ(recounted["Д.8"], 1);
  EXPECT_EQ(recounted, c);

  // The statutory term N2 was extended to: taken though after a rework; its
  // rework's control term never.
  pqxx::result r;
  ASSERT_TRUE(pool_->Read([&](db::Tx& tx) -> absl::Status {
                 r = tx.ExecRaw(absl::StrCat(
                     "SELECT statutory_control_date::text, extended FROM case_facts "
                     "WHERE appeal_id = '", kN2, "'"));
                 return absl::OkStatus();
               }).ok());
  EXPECT_EQ(r[0][0].as<std::string>(), "2026-03-12");
  EXPECT_TRUE(r[0][1].as<bool>());
}

TEST_F(AnalyticsTest, JoinedDuplicatesCountWithTheCaseTheyJoined) {
  const Logs logs = JoinedDuplicates();
  ApplyAll(logs);
  // The classifier report counts appeals: a joined duplicate is one (item
  // 2.3), considered with its case, whose result and timeliness it takes.
  auto check_classifier = [&](const std::string& when) {
    SCOPED_TRACE(when);
    std::map<std::string, int64_t> c = ClassifierCounts();
    EXPECT_EQ(c[""], 5);      // D0, D1, E0, E1, F1 (F0 is in December)
    EXPECT_EQ(c["2.1"], 2);   // D0, E0
    EXPECT_EQ(c["2.3"], 3);   // D1, E1, F1
    EXPECT_EQ(c["Д.1"], 5);   // each forwarded to its body
    EXPECT_EQ(c["9.1"], 2);   // D0, and D1 with it
    EXPECT_EQ(c["9.3"], 1);   // F1, with F0's case
    EXPECT_EQ(c["Д.4"], 2);   // D0, D1 by 25 February
    EXPECT_EQ(c["Д.5"], 1);   // F1: F0's case answered after 5 January
    EXPECT_EQ(c["Д.7"], 2);   // E0, and E1 with it: nobody else is open
    EXPECT_EQ(c["Д.7.1"], 2);  // E0, E1: past 25 February on 1 May
    EXPECT_EQ(c["Д.3"], 0);   // a joined duplicate is considered (not Art. 8)
  };
  check_classifier("applied");

  // Timeliness by body counts considerations: the duplicates add no case,
  // answered or unanswered, to their bodies.
  auto check_timeliness = [&](const std::string& when) {
    SCOPED_TRACE(when);
    absl::StatusOr<ReportQuery> q = ParseReportRequest(Quarter1(), "", classifier_);
    ASSERT_TRUE(q.ok());
    absl::StatusOr<v1::GetTimelinessReportResponse> r = reports_->Timeliness(*q);
    ASSERT_TRUE(r.ok()) << r.status();
    std::map<std::string, v1::TimelinessRow> rows;
    for (const v1::TimelinessRow& row : r->rows()) {
      rows[row.level() + ":" + row.executor_id()] = row;
    }
    const v1::TimelinessRow& sev = rows["body:lg-sev-rva"];  // D0's case (F0's is December's)
    EXPECT_EQ(sev.received(), 1);
    EXPECT_EQ(sev.answered_on_time(), 1);
    EXPECT_EQ(sev.answered_late(), 0);
    EXPECT_EQ(sev.open(), 0);
    EXPECT_EQ(sev.overdue_now(), 0);
    const v1::TimelinessRow& health = rows["body:lg-oda-health"];  // E0's case
    EXPECT_EQ(health.received(), 1);
    EXPECT_EQ(health.open(), 1);
    EXPECT_EQ(health.overdue_now(), 1);
    EXPECT_EQ(rows["parent:lg-oda"].received(), 2);
  };
  check_timeliness("applied");

  // On request, a duplicate's body, result and timeliness are its case's.
  auto cells = [&](const std::string& first, const std::string& second) {
    v1::CountAppealsRequest req;
    *req.mutable_period() = Quarter1();
    req.set_first_dimension(first);
    req.set_second_dimension(second);
    absl::StatusOr<v1::CountAppealsResponse> r = reports_->Count(*ParseCountRequest(req));
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<std::string> out;
    for (const v1::CountRow& row : r->rows()) {
      out.push_back(absl::StrCat(row.first_value(), "/", row.second_value(), "=", row.count()));
    }
    return out;
  };
  auto check_counts = [&](const std::string& when) {
    SCOPED_TRACE(when);
    EXPECT_THAT(cells("attribute", "timeliness"),
                UnorderedElementsAre("APPEAL_ATTRIBUTE_PRIMARY/on_time=1",
                                     "APPEAL_ATTRIBUTE_PRIMARY/overdue=1",
                                     "APPEAL_ATTRIBUTE_DUPLICATE/on_time=1",
                                     "APPEAL_ATTRIBUTE_DUPLICATE/late=1",
                                     "APPEAL_ATTRIBUTE_DUPLICATE/overdue=1"));
    EXPECT_THAT(cells("executor", "result"),
                UnorderedElementsAre("lg-sev-rva/CASE_RESULT_DONE=2",
                                     "lg-sev-rva/CASE_RESULT_EXPLAINED=1",
                                     "lg-oda-health/CASE_RESULT_UNSPECIFIED=2"));
  };
  check_counts("applied");

  // A rebuild of tracking's projection (and of intake's) gives the same.
  for (const std::string producer : {"tracking", "intake"}) {
    ASSERT_TRUE(
        pool_->Write([&](db::Tx& tx) { return projector_->BeforeReplay(tx, producer); }).ok());
    db_->Exec(absl::StrCat("UPDATE event_cursors SET position = 0 WHERE producer = '", producer,
                           "'"));
    const Log& log = producer == "tracking" ? logs.tracking : logs.intake;
    ASSERT_TRUE(ConsumerOf(producer)->ApplyBatch(log.events()).ok());
  }
  check_classifier("rebuilt");
  check_timeliness("rebuilt");
  check_counts("rebuilt");
}

TEST_F(AnalyticsTest, TimelinessPercentileFromTheHistogramOfWholeDays) {
  Logs l;
  AddIssue10Appeals(l);
  ApplyAll(l);
  absl::StatusOr<ReportQuery> q = ParseReportRequest(Quarter1(), "", classifier_);
  ASSERT_TRUE(q.ok());
  absl::StatusOr<v1::GetTimelinessReportResponse> r = reports_->Timeliness(*q);
  ASSERT_TRUE(r.ok()) << r.status();
  std::map<std::string, v1::TimelinessRow> rows;
  for (const v1::TimelinessRow& row : r->rows()) rows[row.level() + ":" + row.executor_id()] = row;
  // lg-oda-health: N1 (1.42 days), N2 (2.58), N3 (10).
  const v1::TimelinessRow& health = rows["body:lg-oda-health"];
  EXPECT_EQ(health.received(), 3);
  EXPECT_EQ(health.answered_on_time(), 3);
  EXPECT_EQ(health.extended(), 1);
  EXPECT_THAT(health.mean_days_to_answer(), DoubleNear(14.0 / 3, 1e-9));
  EXPECT_THAT(health.p90_days_to_answer(), DoubleNear(8.6, 1e-9));
  // lg-sev-rva: P2 open, L1 left without consideration; nothing answered.
  const v1::TimelinessRow& sev = rows["body:lg-sev-rva"];
  EXPECT_EQ(sev.received(), 2);
  EXPECT_EQ(sev.open(), 1);
  EXPECT_EQ(sev.p90_days_to_answer(), 0);
  // Their parent, the oblast administration: the same three answers.
  EXPECT_THAT(rows["parent:lg-oda"].p90_days_to_answer(), DoubleNear(8.6, 1e-9));
  EXPECT_EQ(rows["parent:lg-oda"].received(), 5);

  // A re-projected case moves its answer between histograms: N3 re-opened
  // at another body (as a rebuild would) leaves lg-oda-health with 1, 3.
  ASSERT_TRUE(pool_->Write([](db::Tx& tx) -> absl::Status {
                 tx.ExecRaw(absl::StrCat("UPDATE case_facts SET executor_id = 'lg-sev-rva' "
                                         "WHERE appeal_id = '", kN3, "'"));
                 return absl::OkStatus();
               }).ok());
  r = reports_->Timeliness(*q);
  ASSERT_TRUE(r.ok()) << r.status();
  rows.clear();
  for (const v1::TimelinessRow& row : r->rows()) rows[row.level() + ":" + row.executor_id()] = row;
  EXPECT_THAT(rows["body:lg-oda-health"].p90_days_to_answer(), DoubleNear(1 + 0.9 * 2, 1e-9));
  EXPECT_THAT(rows["body:lg-sev-rva"].p90_days_to_answer(), DoubleNear(10, 1e-9));
  EXPECT_THAT(rows["parent:lg-oda"].p90_days_to_answer(), DoubleNear(8.6, 1e-9));
}

TEST_F(AnalyticsTest, TheProjectionKeepsNoFreeText) {
  ApplyAll(TheAppeals());
  // The tracking events carried a note and a reason: no table holds them.
  pqxx::result r;
  absl::Status s = pool_->Read([&](db::Tx& tx) -> absl::Status {
    r = tx.ExecRaw(
        "SELECT count(*) FROM (SELECT row_to_json(t)::text AS j FROM appeal_facts t UNION ALL "
        "SELECT row_to_json(t)::text FROM routing_facts t UNION ALL "
        "SELECT row_to_json(t)::text FROM case_facts t UNION ALL "
        "SELECT row_to_json(t)::text FROM case_declines t) x "
        "WHERE j LIKE '%never kept%' OR j LIKE '%not ours%'");
    return absl::OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(r[0][0].as<int>(), 0);
}

TEST_F(AnalyticsTest, ServiceRefusesOtherRolesAndBadRequestsAndStreamsCsv) {
  auth::TokenStore tokens =
      *auth::TokenStore::Parse(absl::StrCat(auth::TokenHash("analyst-token-00000001"),
                                            " analyst a-1\n", auth::TokenHash("operator-token-0001"),
                                            " operator o-1\n", auth::TokenHash("system-token-00001"),
                                            " system s-1\n"));
  auth::Authenticator auth(std::move(tokens));
  AnalyticsServiceImpl service(reports_.get(), &auth);
  contactcenter::testing::InProcessServer server(&service, v1::AnalyticsService::service_full_name());
  auto stub = v1::AnalyticsService::NewStub(server.channel());
  ApplyAll(TheAppeals());

  v1::GetClassifierReportRequest req;
  *req.mutable_period() = Quarter1();
  req.set_territory_code("LG");
  {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, "operator-token-0001");
    v1::GetClassifierReportResponse resp;
    EXPECT_EQ(stub->GetClassifierReport(&ctx, req, &resp).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  for (const char* token : {"analyst-token-00000001", "system-token-00001"}) {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, token);
    v1::GetClassifierReportResponse resp;
    ASSERT_TRUE(stub->GetClassifierReport(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.rows(0).count(), 6);
  }
  {
    v1::CountAppealsRequest bad;
    *bad.mutable_period()->mutable_from() = ToDate(absl::CivilDay(2026, 4, 1));
    *bad.mutable_period()->mutable_to() = ToDate(absl::CivilDay(2026, 1, 1));
    bad.set_first_dimension("weather");
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, "analyst-token-00000001");
    v1::CountAppealsResponse resp;
    grpc::Status s = stub->CountAppeals(&ctx, bad, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(FieldsOf(s), UnorderedElementsAre("period.to", "first_dimension"));
  }
  {
    grpc::ClientContext ctx;
    auth::AttachToken(ctx, "analyst-token-00000001");
    std::unique_ptr<grpc::ClientReader<v1::CsvChunk>> reader =
        stub->ExportClassifierReport(&ctx, req);
    std::string csv;
    v1::CsvChunk chunk;
    while (reader->Read(&chunk)) csv += chunk.data();
    ASSERT_TRUE(reader->Finish().ok());
    EXPECT_TRUE(absl::StartsWith(csv, "\xEF\xBB\xBF" "Розділ,Назва розділу,Код,Показник,Кількість\r\n"));
    EXPECT_TRUE(absl::StrContains(csv, ",,,Усього надійшло звернень,6\r\n"));
    EXPECT_TRUE(absl::StrContains(csv, "I.1,За формою надходження,1.4.1,у тому числі від Урядового контактного центру,1\r\n"));
    EXPECT_TRUE(absl::StrContains(
        csv, "Д,Додатково,Д.2,\"Повернуто заявникам (статті 5, 7 Закону України «Про звернення громадян»)\",1\r\n"));
  }
}

}  // namespace
}  // namespace contactcenter::analytics
