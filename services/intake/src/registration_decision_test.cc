// What registration decides from the facts it read (Art. 8 repeat,
// attribute, linked appeals) and the appeal as stored, pure logic.
#include "registration_decision.h"

#include "absl/strings/str_cat.h"
#include "appeal_card.h"
#include "contactcenter/clock/clock.h"
#include "contactcenter/clock/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sample_appeal.h"

namespace contactcenter::intake {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const MassRule kRule{5};

v1::AppealCard Card() { return SampleAppeal().card(); }

Screening Registered() { return Screening{}; }

EarlierAppeal Open(const std::string& id) {
  return EarlierAppeal{id, v1::APPEAL_STATUS_REGISTERED, false};
}
EarlierAppeal Closed(const std::string& id) {
  return EarlierAppeal{id, v1::APPEAL_STATUS_REGISTERED, true};
}
EarlierAppeal Overdue(const std::string& id) {
  return EarlierAppeal{id, v1::APPEAL_STATUS_REGISTERED, false, true};
}

TEST(RegistrationDecisionTest, ANewApplicantWithNothingEarlierIsRegisteredAsPrimary) {
  RegistrationDecision d = DecideRegistration(Card(), Registered(), {}, kRule);
  EXPECT_EQ(d.status, v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(d.reason, v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_PRIMARY);
  EXPECT_THAT(d.linked_appeal_ids, IsEmpty());
}

// Art. 8: excluding a repeat is the body head's decision; intake proposes it
// (this test expected NOT_CONSIDERED at once before issue 10).
TEST(RegistrationDecisionTest, ARepeatOnAnIssueResolvedOnItsMeritsIsProposedForExclusion) {
  RegistrationFacts facts;
  facts.resolved_earlier = "resolved";
  facts.resolved_earlier_executor = "lg-sev-rva";
  facts.applicant_earlier = {Closed("newer"), Closed("resolved")};
  RegistrationDecision d = DecideRegistration(Card(), Registered(), facts, kRule);
  EXPECT_EQ(d.status, v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(d.reason, v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED);
  EXPECT_EQ(d.earlier_executor_id, "lg-sev-rva");
  // The resolved one first, then the others, newest first, none twice.
  EXPECT_THAT(d.linked_appeal_ids, ElementsAre("resolved", "newer"));
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_MULTIPLE);
}

TEST(RegistrationDecisionTest, AComplaintIsNeverARepeat) {
  v1::AppealCard card = Card();
  card.set_kind(common::v1::APPEAL_KIND_COMPLAINT);
  RegistrationFacts facts;
  facts.resolved_earlier = "resolved";
  facts.applicant_earlier = {Closed("resolved")};
  RegistrationDecision d = DecideRegistration(card, Registered(), facts, kRule);
  EXPECT_EQ(d.status, v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(d.reason, v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_REPEATED);
  EXPECT_THAT(d.linked_appeal_ids, ElementsAre("resolved"));
}

TEST(RegistrationDecisionTest, OnlyWhatScreeningLetThroughCanBeARepeat) {
  Screening returned;
  returned.status = v1::APPEAL_STATUS_RETURNED_TO_APPLICANT;
  returned.explanation = {"no surname"};
  RegistrationFacts facts;
  facts.resolved_earlier = "resolved";
  RegistrationDecision d = DecideRegistration(Card(), returned, facts, kRule);
  EXPECT_EQ(d.status, v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  EXPECT_EQ(d.reason, v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  EXPECT_THAT(d.linked_appeal_ids, IsEmpty());

  Screening late;
  late.status = v1::APPEAL_STATUS_AWAITING_DECISION;
  late.reason = v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT;
  d = DecideRegistration(Card(), late, facts, kRule);
  EXPECT_EQ(d.status, v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(d.reason, v1::NOT_CONSIDERED_REASON_LATE_COMPLAINT);
  EXPECT_THAT(d.linked_appeal_ids, IsEmpty());
}

TEST(RegistrationDecisionTest, AnUnknownApplicantHasNoEarlierAppealsButCanBeMass) {
  v1::AppealCard card = Card();
  card.set_subject(common::v1::APPEAL_SUBJECT_ANONYMOUS);
  card.clear_applicant();
  Screening anonymous;
  anonymous.status = v1::APPEAL_STATUS_NOT_CONSIDERED;
  anonymous.reason = v1::NOT_CONSIDERED_REASON_ANONYMOUS;
  // Facts about "the applicant" cannot apply to nobody.
  RegistrationFacts facts;
  facts.resolved_earlier = "resolved";
  facts.applicant_earlier = {Open("open")};
  facts.other_applicants = 4;
  facts.other_applicants_appeals = {"o1", "o2"};
  RegistrationDecision d = DecideRegistration(card, anonymous, facts, kRule);
  EXPECT_EQ(d.status, v1::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(d.reason, v1::NOT_CONSIDERED_REASON_ANONYMOUS);
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_MASS);
  EXPECT_THAT(d.linked_appeal_ids, ElementsAre("o1", "o2"));

  // Registered for consideration (say, screening had let it through): still
  // no repeat without an applicant.
  d = DecideRegistration(card, Registered(), facts, kRule);
  EXPECT_EQ(d.status, v1::APPEAL_STATUS_REGISTERED);
}

TEST(RegistrationDecisionTest, AttributesFollowTheApplicantsEarlierAppealsInOrder) {
  RegistrationFacts facts;
  // Open while another is open: duplicate, whatever else there is.
  facts.applicant_earlier = {Closed("c1"), Open("o1"), Closed("c2")};
  facts.other_applicants = 10;
  EXPECT_EQ(DecideRegistration(Card(), Registered(), facts, kRule).attribute,
            common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
  facts.applicant_earlier = {Closed("c1"), Closed("c2")};
  EXPECT_EQ(DecideRegistration(Card(), Registered(), facts, kRule).attribute,
            common::v1::APPEAL_ATTRIBUTE_MULTIPLE);
  facts.applicant_earlier = {Closed("c1")};
  EXPECT_EQ(DecideRegistration(Card(), Registered(), facts, kRule).attribute,
            common::v1::APPEAL_ATTRIBUTE_REPEATED);
  facts.applicant_earlier.clear();
  EXPECT_EQ(DecideRegistration(Card(), Registered(), facts, kRule).attribute,
            common::v1::APPEAL_ATTRIBUTE_MASS);
  facts.other_applicants = 3;
  EXPECT_EQ(DecideRegistration(Card(), Registered(), facts, kRule).attribute,
            common::v1::APPEAL_ATTRIBUTE_PRIMARY);
}

TEST(RegistrationDecisionTest, ADuplicateJoinsTheNewestAppealStillConsideredInItsTerm) {
  RegistrationFacts facts;
  facts.applicant_earlier = {Overdue("late"), Open("newer"), Open("older"), Closed("c1")};
  RegistrationDecision d = DecideRegistration(Card(), Registered(), facts, kRule);
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
  EXPECT_EQ(d.duplicate_of, "newer");
  v1::Appeal a = NewAppeal(Card(), Registered(), d, "n", absl::CivilDay(2026, 11, 30), "op-1",
                           absl::FromUnixSeconds(1795000000));
  EXPECT_EQ(a.duplicate_of_appeal_id(), "newer");
  // A duplicate that is not registered for consideration joins nothing.
  Screening awaiting;
  awaiting.status = v1::APPEAL_STATUS_AWAITING_DECISION;
  awaiting.reason = v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE;
  EXPECT_EQ(DecideRegistration(Card(), awaiting, facts, kRule).duplicate_of, "");
}

TEST(RegistrationDecisionTest, AnAppealAfterTheFirstWentUnansweredPastItsTermIsRepeated) {
  RegistrationFacts facts;
  facts.applicant_earlier = {Overdue("late")};
  RegistrationDecision d = DecideRegistration(Card(), Registered(), facts, kRule);
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_REPEATED);
  EXPECT_EQ(d.duplicate_of, "");
  EXPECT_THAT(d.linked_appeal_ids, ElementsAre("late"));
}

TEST(RegistrationDecisionTest, AnEarlierAppealNotConsideredOrReturnedIsNeitherOpenNorClosed) {
  RegistrationFacts facts;
  facts.applicant_earlier = {EarlierAppeal{"nc", v1::APPEAL_STATUS_NOT_CONSIDERED, false},
                             EarlierAppeal{"rt", v1::APPEAL_STATUS_RETURNED_TO_APPLICANT, false}};
  RegistrationDecision d = DecideRegistration(Card(), Registered(), facts, kRule);
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_PRIMARY);
  // Still linked: they are the applicant's appeals on the topic.
  EXPECT_THAT(d.linked_appeal_ids, ElementsAre("nc", "rt"));
}

TEST(RegistrationDecisionTest, AMassAppealLinksTheOtherApplicantsAppealsAfterItsOwn) {
  RegistrationFacts facts;
  facts.applicant_earlier = {EarlierAppeal{"mine", v1::APPEAL_STATUS_NOT_CONSIDERED, false}};
  facts.other_applicants = 4;
  facts.other_applicants_appeals = {"o1", "mine", "o2"};
  RegistrationDecision d = DecideRegistration(Card(), Registered(), facts, kRule);
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_MASS);
  EXPECT_THAT(d.linked_appeal_ids, ElementsAre("mine", "o1", "o2"));
  // Not mass: the other applicants' appeals are not linked.
  facts.other_applicants = 3;
  d = DecideRegistration(Card(), Registered(), facts, kRule);
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_PRIMARY);
  EXPECT_THAT(d.linked_appeal_ids, ElementsAre("mine"));
}

TEST(RegistrationDecisionTest, AtMostTwentyAppealsAreLinked) {
  RegistrationFacts facts;
  facts.resolved_earlier = "resolved";
  for (int i = 0; i < 30; ++i) facts.applicant_earlier.push_back(Closed(absl::StrCat("a", i)));
  RegistrationDecision d = DecideRegistration(Card(), Registered(), facts, kRule);
  ASSERT_THAT(d.linked_appeal_ids, SizeIs(kMaxLinkedAppeals));
  EXPECT_EQ(d.linked_appeal_ids.front(), "resolved");
  EXPECT_EQ(d.linked_appeal_ids.back(), "a18");
  // The count still sees every earlier appeal.
  EXPECT_EQ(d.attribute, common::v1::APPEAL_ATTRIBUTE_MULTIPLE);

  // Mass links fill only what is left.
  RegistrationFacts mass;
  for (int i = 0; i < 15; ++i) {
    mass.applicant_earlier.push_back(
        EarlierAppeal{absl::StrCat("m", i), v1::APPEAL_STATUS_NOT_CONSIDERED, false});
  }
  mass.other_applicants = 20;
  for (int i = 0; i < 20; ++i) mass.other_applicants_appeals.push_back(absl::StrCat("o", i));
  d = DecideRegistration(Card(), Registered(), mass, kRule);
  ASSERT_THAT(d.linked_appeal_ids, SizeIs(kMaxLinkedAppeals));
  EXPECT_EQ(d.linked_appeal_ids[14], "m14");
  EXPECT_EQ(d.linked_appeal_ids[15], "o0");
  EXPECT_EQ(d.linked_appeal_ids.back(), "o4");
}

TEST(RegistrationDecisionTest, OnlyDoneExplainedAndRefusedResolveOnTheMerits) {
  EXPECT_THAT(ResultsOnTheMerits(),
              ElementsAre(tracking::v1::CASE_RESULT_DONE, tracking::v1::CASE_RESULT_EXPLAINED,
                          tracking::v1::CASE_RESULT_REFUSED));
  EXPECT_FALSE(ResolvedOnTheMerits(tracking::v1::CASE_RESULT_NOT_WITHIN_COMPETENCE));
  EXPECT_FALSE(ResolvedOnTheMerits(tracking::v1::CASE_RESULT_NOT_POSSIBLE_NOW));
  EXPECT_FALSE(ResolvedOnTheMerits(tracking::v1::CASE_RESULT_UNSPECIFIED));
}

TEST(RegistrationDecisionTest, ApplicantKeysRecogniseAPersonAnOrganisationOrNobody) {
  v1::AppealCard card = Card();
  card.mutable_applicant()->mutable_person()->set_phone("+380501234567");
  ApplicantKeys k = ApplicantKeysOf(card);
  EXPECT_TRUE(k.known);
  EXPECT_EQ(k.phone, "+380501234567");
  EXPECT_EQ(k.name_key, PersonNameKey(card.applicant().person()));
  EXPECT_EQ(k.address_key, AddressKey(card.applicant().person().residence_address()));
  EXPECT_EQ(k.edrpou, "");

  v1::Organisation* o = card.mutable_applicant()->mutable_organisation();
  o->set_name("ТОВ «Тепло»");
  o->set_edrpou("12345678");
  o->set_email("info@teplo.ua");
  k = ApplicantKeysOf(card);
  EXPECT_TRUE(k.known);
  EXPECT_EQ(k.edrpou, "12345678");
  EXPECT_EQ(k.email, "info@teplo.ua");
  EXPECT_EQ(k.name_key, "");

  card.clear_applicant();
  EXPECT_FALSE(ApplicantKeysOf(card).known);
}

TEST(RegistrationDecisionTest, TheNewAppealIsWhatTheDatabaseWillHold) {
  v1::AppealCard card = Card();
  const absl::Time received = absl::FromUnixNanos(1795000000123456789);
  *card.mutable_received_at() = ToTimestamp(received);
  v1::Person* person = card.mutable_applicant()->mutable_person();
  person->GetReflection()->MutableUnknownFields(person)->AddVarint(99, 1);
  Screening returned;
  returned.status = v1::APPEAL_STATUS_RETURNED_TO_APPLICANT;
  returned.explanation = {"a", "b"};
  RegistrationDecision d;
  d.status = returned.status;
  d.attribute = common::v1::APPEAL_ATTRIBUTE_DUPLICATE;
  d.linked_appeal_ids = {"x"};
  v1::Appeal a = NewAppeal(card, returned, d, "ЛОКЦ-2026-000007", absl::CivilDay(2026, 11, 30),
                           "op-1", received + absl::Nanoseconds(999));
  EXPECT_EQ(a.id(), "");
  EXPECT_EQ(a.registration_number(), "ЛОКЦ-2026-000007");
  EXPECT_EQ(a.status(), v1::APPEAL_STATUS_RETURNED_TO_APPLICANT);
  EXPECT_EQ(a.registered_by(), "op-1");
  EXPECT_EQ(a.screened_by(), "op-1");
  EXPECT_THAT(a.return_explanation(), ElementsAre("a", "b"));
  EXPECT_THAT(a.linked_appeal_ids(), ElementsAre("x"));
  EXPECT_EQ(a.attribute(), common::v1::APPEAL_ATTRIBUTE_DUPLICATE);
  EXPECT_EQ(FromDate(a.registration_date()), absl::CivilDay(2026, 11, 30));
  // Microseconds, as PostgreSQL keeps them.
  EXPECT_EQ(FromTimestamp(a.card().received_at()), absl::FromUnixMicros(1795000000123456));
  EXPECT_EQ(FromTimestamp(a.registered_at()), absl::FromUnixMicros(1795000000123457));
  const v1::Person& stored = a.card().applicant().person();
  EXPECT_EQ(stored.GetReflection()->GetUnknownFields(stored).field_count(), 0);
  EXPECT_EQ(a.card().essence(), card.essence());

  // Registered for consideration: nobody screened it out.
  d.status = v1::APPEAL_STATUS_REGISTERED;
  EXPECT_EQ(NewAppeal(card, Registered(), d, "n", absl::CivilDay(2026, 11, 30), "op-1", received)
                .screened_by(),
            "");
  // A returned appeal carries the last day for its letter.
  returned.return_due = absl::CivilDay(2026, 12, 8);
  d.status = v1::APPEAL_STATUS_RETURNED_TO_APPLICANT;
  EXPECT_EQ(FromDate(NewAppeal(card, returned, d, "n", absl::CivilDay(2026, 11, 30), "op-1",
                               received)
                         .return_due_date()),
            absl::CivilDay(2026, 12, 8));
  d.status = v1::APPEAL_STATUS_REGISTERED;
  // An anonymous card has no applicant at all, not an empty one.
  card.mutable_applicant()->clear_who();
  EXPECT_FALSE(NewAppeal(card, Registered(), d, "n", absl::CivilDay(2026, 11, 30), "op-1", received)
                   .card()
                   .has_applicant());
}

TEST(RegistrationDecisionTest, AProposedExclusionNamesWhoProposedItAndWaits) {
  RegistrationDecision d;
  d.status = v1::APPEAL_STATUS_AWAITING_DECISION;
  d.reason = v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED;
  d.earlier_executor_id = "lg-sev-rva";
  d.linked_appeal_ids = {"resolved"};
  const absl::Time now = absl::FromUnixMicros(1795000000123456);
  v1::Appeal a = NewAppeal(Card(), Registered(), d, "n", absl::CivilDay(2026, 11, 30), "op-1", now);
  EXPECT_EQ(a.status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  // Nobody has decided yet: no reason, nobody screened it out.
  EXPECT_EQ(a.not_considered_reason(), v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  EXPECT_EQ(a.screened_by(), "");
  const v1::ExclusionProposal& p = a.exclusion_proposal();
  EXPECT_EQ(p.reason(), v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED);
  EXPECT_EQ(p.earlier_executor_id(), "lg-sev-rva");
  EXPECT_EQ(p.proposed_by(), "op-1");
  EXPECT_EQ(FromTimestamp(p.proposed_at()), now);
  EXPECT_EQ(p.decision(), v1::EXCLUSION_DECISION_PENDING);
}

v1::Appeal Pending() {
  RegistrationDecision d;
  d.status = v1::APPEAL_STATUS_AWAITING_DECISION;
  d.reason = v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE;
  return NewAppeal(Card(), Registered(), d, "ЛОКЦ-2026-000001", absl::CivilDay(2026, 11, 30),
                   "op-1", absl::FromUnixSeconds(1795000000));
}

TEST(RegistrationDecisionTest, AConfirmedProposalIsNotConsideredWithTheSupervisorWhoDecided) {
  const absl::Time now = absl::FromUnixSeconds(1795000600);
  absl::StatusOr<v1::Appeal> a =
      ApplyExclusionDecision(Pending(), v1::EXCLUSION_DECISION_CONFIRMED, "sup-1", "", now);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->status(), v1::APPEAL_STATUS_NOT_CONSIDERED);
  EXPECT_EQ(a->not_considered_reason(), v1::NOT_CONSIDERED_REASON_APPLICANT_INCAPABLE);
  EXPECT_EQ(a->screened_by(), "sup-1");
  EXPECT_EQ(a->exclusion_proposal().decision(), v1::EXCLUSION_DECISION_CONFIRMED);
  EXPECT_EQ(a->exclusion_proposal().decided_by(), "sup-1");
  EXPECT_EQ(FromTimestamp(a->exclusion_proposal().decided_at()), now);
  EXPECT_EQ(a->exclusion_proposal().proposed_by(), "op-1");
}

TEST(RegistrationDecisionTest, AnOverruledProposalIsRegisteredForConsideration) {
  absl::StatusOr<v1::Appeal> a = ApplyExclusionDecision(
      Pending(), v1::EXCLUSION_DECISION_OVERRULED, "sup-1", "the court's decision was annulled",
      absl::FromUnixSeconds(1795000600));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->status(), v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(a->not_considered_reason(), v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  EXPECT_EQ(a->screened_by(), "");
  EXPECT_EQ(a->exclusion_proposal().decision(), v1::EXCLUSION_DECISION_OVERRULED);
  EXPECT_EQ(a->exclusion_proposal().comment(), "the court's decision was annulled");
  // Decided once: a second decision finds nothing pending.
  EXPECT_EQ(ApplyExclusionDecision(*a, v1::EXCLUSION_DECISION_CONFIRMED, "sup-2", "",
                                   absl::FromUnixSeconds(1795000700))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

// A repeat proposed on an issue lg-sev-rva resolved.
v1::Appeal PendingRepeat() {
  RegistrationDecision d;
  d.status = v1::APPEAL_STATUS_AWAITING_DECISION;
  d.reason = v1::NOT_CONSIDERED_REASON_REPEATED_RESOLVED;
  d.earlier_executor_id = "lg-sev-rva";
  return NewAppeal(Card(), Registered(), d, "ЛОКЦ-2026-000002", absl::CivilDay(2026, 11, 30),
                   "op-1", absl::FromUnixSeconds(1795000000));
}

// Art. 8: "Не розглядаються повторні звернення одним і тим же органом":
// the same body keeps the proposal for the supervisor.
TEST(RegistrationDecisionTest, ARepeatToTheBodyThatResolvedTheFirstStaysProposed) {
  std::optional<v1::Appeal> a =
      ApplyProposalBody(PendingRepeat(), "lg-sev-rva", absl::FromUnixSeconds(1795000600));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->status(), v1::APPEAL_STATUS_AWAITING_DECISION);
  EXPECT_EQ(a->exclusion_proposal().decision(), v1::EXCLUSION_DECISION_PENDING);
  EXPECT_EQ(a->exclusion_proposal().body_executor_id(), "lg-sev-rva");
  // Told again: nothing changes.
  EXPECT_FALSE(ApplyProposalBody(*a, "lg-sev-rva", absl::FromUnixSeconds(1795000700)));
}

// ... and another body is not "the same body": the appeal is considered.
TEST(RegistrationDecisionTest, ARepeatToAnotherBodyIsWithdrawnAndRegistered) {
  const absl::Time at = absl::FromUnixSeconds(1795000600);
  std::optional<v1::Appeal> a = ApplyProposalBody(PendingRepeat(), "lg-oda-housing", at);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->status(), v1::APPEAL_STATUS_REGISTERED);
  EXPECT_EQ(a->not_considered_reason(), v1::NOT_CONSIDERED_REASON_UNSPECIFIED);
  const v1::ExclusionProposal& p = a->exclusion_proposal();
  EXPECT_EQ(p.decision(), v1::EXCLUSION_DECISION_WITHDRAWN);
  EXPECT_EQ(p.decided_by(), "routing");
  EXPECT_EQ(FromTimestamp(p.decided_at()), at);
  EXPECT_EQ(p.body_executor_id(), "lg-oda-housing");
  EXPECT_EQ(p.comment(),
            "Art. 8 excludes a repeat to the same body only: lg-sev-rva resolved the earlier "
            "appeal, lg-oda-housing considers this one");
  // Decided: a supervisor finds nothing pending, nor does routing again.
  EXPECT_EQ(ApplyExclusionDecision(*a, v1::EXCLUSION_DECISION_CONFIRMED, "sup-1", "", at)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(ApplyProposalBody(*a, "lg-sev-rva", at));
}

TEST(RegistrationDecisionTest, NoBodyOrAnotherGroundLeavesTheProposalToTheSupervisor) {
  const absl::Time at = absl::FromUnixSeconds(1795000600);
  // The rules choose no body: the supervisor decides as before.
  EXPECT_FALSE(ApplyProposalBody(PendingRepeat(), "", at));
  // Incapacity is no matter of bodies.
  EXPECT_FALSE(ApplyProposalBody(Pending(), "lg-oda-housing", at));
}

TEST(RegistrationDecisionTest, HeatingAndBrokenLiftAreNotTheSameIssue) {
  v1::AppealCard heating = Card();
  heating.set_topic_code("109");
  heating.add_additional_topic_codes("109.001");
  v1::AppealCard lift = Card();
  lift.set_topic_code("109");
  lift.add_additional_topic_codes("109.002");
  EXPECT_EQ(FinestTopic(heating), "109.001");
  EXPECT_EQ(FinestTopic(lift), "109.002");
  EXPECT_NE(FinestTopic(heating), FinestTopic(lift));
  // The deepest one under the main topic; another heading's sub-topic does
  // not make the issue finer.
  v1::AppealCard card = Card();
  card.set_topic_code("109");
  card.add_additional_topic_codes("110.003");
  card.add_additional_topic_codes("109.001");
  card.add_additional_topic_codes("109.001.002");
  EXPECT_EQ(FinestTopic(card), "109.001.002");
  card.clear_additional_topic_codes();
  card.add_additional_topic_codes("110.003");
  EXPECT_EQ(FinestTopic(card), "109");
}

}  // namespace
}  // namespace contactcenter::intake
