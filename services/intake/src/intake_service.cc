#include "intake_service.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "appeal_card.h"
#include "contactcenter/clock/clock.h"
#include "knowledge.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/status/grpc_status.h"
#include "contactcenter/status/macros.h"
#include "contactcenter/status/page_token.h"
#include "contactcenter/status/validation.h"

namespace contactcenter::intake {
namespace {

using auth::Role;

constexpr size_t kMaxRegistrationNumberChars = 64;
// ReadEssencesForAnalysis: a batch, and the audit's reason.
constexpr int kMaxEssencesPerRead = 100;
constexpr size_t kMaxPurposeChars = 200;
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;

constexpr int kDefaultHits = 10;
constexpr int kMaxHits = 50;

// Enough for a live call; the operator narrows the key for more.
constexpr int kMaxHistory = 50;

constexpr size_t kMaxCommentChars = 2000;
constexpr size_t kMaxLetterNumberChars = 64;

absl::Status NoNotices() {
  return absl::FailedPreconditionError("notices are not configured on this server");
}

}  // namespace

grpc::Status IntakeServiceImpl::RegisterAppeal(grpc::ServerContext* ctx,
                                               const v1::RegisterAppealRequest* req,
                                               v1::RegisterAppealResponse* resp) {
  // Role service for the exchange alone: it registers the Government
  // Contact Center's cards with its own service token and certificate.
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor, Role::kSystem,
                                                Role::kService}));
  RETURN_IF_ERROR_GRPC(auth::OnlyServices(who, {"exchange"}));
  const absl::Time now = clock_->Now();
  RETURN_IF_ERROR_GRPC(ValidateRegisterRequest(*req, *classifier_, now).ToStatus("invalid appeal"));
  ASSIGN_OR_RETURN_GRPC(AppealRegistry::Registered registered,
                        appeals_->Register(*req, who, now));
  *resp->mutable_appeal() = std::move(registered.appeal);
  resp->set_replayed(registered.replayed);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::GetAppeal(grpc::ServerContext* ctx,
                                          const v1::GetAppealRequest* req,
                                          v1::GetAppealResponse* resp) {
  // An executor reads only what its body holds or held (AppealRegistry::Read).
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor, Role::kSystem,
                                                Role::kExecutor}));
  FieldViolations v;
  absl::StatusOr<v1::GetAppealResponse> appeal;
  switch (req->key_case()) {
    case v1::GetAppealRequest::kAppealId:
      CheckUuid(v, "appeal_id", req->appeal_id());
      RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
      appeal = appeals_->Read(req->appeal_id(), false, who, clock_->Now());
      break;
    case v1::GetAppealRequest::kRegistrationNumber:
      CheckText(v, "registration_number", req->registration_number(), kMaxRegistrationNumberChars);
      RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
      appeal = appeals_->Read(req->registration_number(), true, who, clock_->Now());
      break;
    case v1::GetAppealRequest::KEY_NOT_SET:
      v.Add("appeal_id", "give appeal_id or registration_number");
      return ToGrpcStatus(v.ToStatus("invalid request"));
  }
  if (!appeal.ok()) return ToGrpcStatus(appeal.status());
  *resp = *std::move(appeal);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::FindApplicantHistory(grpc::ServerContext* ctx,
                                                     const v1::FindApplicantHistoryRequest* req,
                                                     v1::FindApplicantHistoryResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  (void)who;
  FieldViolations v;
  ApplicantSearchKey key;
  switch (req->key_case()) {
    case v1::FindApplicantHistoryRequest::kPhone: {
      absl::StatusOr<std::string> phone = NormalizePhone(req->phone());
      if (!phone.ok()) {
        v.Add("phone", std::string(phone.status().message()));
      } else {
        key.phone = *phone;
      }
      break;
    }
    case v1::FindApplicantHistoryRequest::kEmail: {
      absl::StatusOr<std::string> email = NormalizeEmail(req->email());
      CheckChars(v, "email", req->email());
      if (!v.empty()) break;
      if (!email.ok()) {
        v.Add("email", std::string(email.status().message()));
      } else {
        key.email = *email;
      }
      break;
    }
    case v1::FindApplicantHistoryRequest::kName: {
      const v1::ApplicantName& n = req->name();
      CheckText(v, "name.surname", n.surname(), kMaxNameChars);
      CheckText(v, "name.name", n.name(), kMaxNameChars);
      if (!n.patronymic().empty()) CheckMaxChars(v, "name.patronymic", n.patronymic(), kMaxNameChars);
      if (!n.residence_address().empty()) {
        CheckMaxChars(v, "name.residence_address", n.residence_address(), kMaxAddressChars);
      }
      v1::Person p;
      p.set_surname(n.surname());
      p.set_name(n.name());
      p.set_patronymic(n.patronymic());
      key.name_key = PersonNameKey(p);
      key.address_key = AddressKey(n.residence_address());
      break;
    }
    case v1::FindApplicantHistoryRequest::KEY_NOT_SET:
      v.Add("phone", "give phone, email or name");
      break;
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::AppealSummary> found,
                        appeals_->FindApplicantHistory(key, kMaxHistory));
  for (v1::AppealSummary& a : found) *resp->add_appeals() = std::move(a);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::ListAppeals(grpc::ServerContext* ctx,
                                            const v1::ListAppealsRequest* req,
                                            v1::ListAppealsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  (void)who;
  FieldViolations v;
  AppealFilter f;
  if (req->has_received_from()) {
    f.received_from = CheckTimestamp(v, "received_from", req->received_from());
  }
  if (req->has_received_to()) f.received_to = CheckTimestamp(v, "received_to", req->received_to());
  if (f.received_from && f.received_to && *f.received_to <= *f.received_from) {
    v.Add("received_to", "must be after received_from");
  }
  CheckEnum(v, "status", req->status(), v1::AppealStatus_IsValid, false);
  CheckEnum(v, "channel", req->channel(), common::v1::Channel_IsValid, false);
  if (!req->topic_code().empty() && classifier_->FindTopic(req->topic_code()) == nullptr) {
    v.Add("topic_code", absl::StrCat("unknown topic ", Quoted(req->topic_code())));
  }
  if (!req->territory_code().empty() &&
      classifier_->FindTerritory(req->territory_code()) == nullptr) {
    v.Add("territory_code",
          absl::StrCat("unknown territory ", Quoted(req->territory_code())));
  }
  if (!req->registration_number().empty()) {
    CheckMaxChars(v, "registration_number", req->registration_number(),
                  kMaxRegistrationNumberChars);
  }
  const int page_size = CheckPageSize(v, req->page_size(), kDefaultPageSize, kMaxPageSize);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  f.status = req->status();
  f.channel = req->channel();
  f.topic_code = req->topic_code();
  f.territory_code = req->territory_code();
  f.registration_number = req->registration_number();

  // A token is good only for the filters it was made with.
  const std::string fingerprint = absl::StrCat(
      "appeals|", f.received_from ? absl::ToUnixMicros(*f.received_from) : -1, "|",
      f.received_to ? absl::ToUnixMicros(*f.received_to) : -1, "|", f.status, "|", f.channel, "|",
      f.topic_code, "|", f.territory_code, "|", f.registration_number);
  ASSIGN_OR_RETURN_GRPC(std::optional<KeysetPosition> after,
                        DecodeKeysetToken(req->page_token(), fingerprint));
  ASSIGN_OR_RETURN_GRPC(AppealPage page, appeals_->List(f, after, page_size));
  for (v1::AppealSummary& a : page.items) *resp->add_appeals() = std::move(a);
  resp->set_next_page_token(EncodeKeysetToken(page.next, fingerprint));
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::CreateArticle(grpc::ServerContext* ctx,
                                              const v1::CreateArticleRequest* req,
                                              v1::CreateArticleResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  FieldViolations v;
  ValidateArticle(v, "article", req->article(), *classifier_, false);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid article"));
  ASSIGN_OR_RETURN_GRPC(v1::Article article,
                        knowledge_->CreateArticle(req->article(), who.id, clock_->Now()));
  *resp->mutable_article() = std::move(article);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::UpdateArticle(grpc::ServerContext* ctx,
                                              const v1::UpdateArticleRequest* req,
                                              v1::UpdateArticleResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  FieldViolations v;
  ValidateArticle(v, "article", req->article(), *classifier_, true);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid article"));
  ASSIGN_OR_RETURN_GRPC(v1::Article article,
                        knowledge_->UpdateArticle(req->article(), who.id, clock_->Now()));
  *resp->mutable_article() = std::move(article);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::SearchArticles(grpc::ServerContext* ctx,
                                               const v1::SearchArticlesRequest* req,
                                               v1::SearchArticlesResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  (void)who;
  FieldViolations v;
  CheckText(v, "query", req->query(), kMaxQueryChars);
  const std::string tsquery = PrefixTsQuery(req->query());
  if (v.empty() && tsquery.empty()) v.Add("query", "has no words to search for");
  if (!req->topic_code().empty() && classifier_->FindTopic(req->topic_code()) == nullptr) {
    v.Add("topic_code", absl::StrCat("unknown topic ", Quoted(req->topic_code())));
  }
  absl::CivilDay day = absl::ToCivilDay(clock_->Now(), KyivTimeZone());
  if (req->has_valid_on()) {
    if (std::optional<absl::CivilDay> on = CheckDate(v, "valid_on", req->valid_on())) day = *on;
  }
  const int limit = CheckPageSize(v, req->page_size(), kDefaultHits, kMaxHits);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid search"));
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::ArticleHit> hits,
                        knowledge_->SearchArticles(tsquery, req->topic_code(), day, limit));
  for (v1::ArticleHit& h : hits) *resp->add_hits() = std::move(h);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::RecordConsultation(grpc::ServerContext* ctx,
                                                   const v1::RecordConsultationRequest* req,
                                                   v1::RecordConsultationResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  FieldViolations v;
  ValidateConsultation(v, "consultation", req->consultation(), *classifier_);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid consultation"));
  ASSIGN_OR_RETURN_GRPC(v1::Consultation c, knowledge_->RecordConsultation(
                                                req->consultation(), who.id, clock_->Now()));
  *resp->mutable_consultation() = std::move(c);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::CountConsultations(grpc::ServerContext* ctx,
                                                   const v1::CountConsultationsRequest* req,
                                                   v1::CountConsultationsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  (void)who;
  FieldViolations v;
  std::optional<absl::Time> from, to;
  if (req->has_from()) {
    from = CheckTimestamp(v, "from", req->from());
  } else {
    v.Add("from", "required");
  }
  if (req->has_to()) {
    to = CheckTimestamp(v, "to", req->to());
  } else {
    v.Add("to", "required");
  }
  if (from && to && *to <= *from) v.Add("to", "must be after from");
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid period"));
  ASSIGN_OR_RETURN_GRPC(*resp, knowledge_->CountConsultations(*from, *to));
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::ListExclusionProposals(
    grpc::ServerContext* ctx, const v1::ListExclusionProposalsRequest* req,
    v1::ListExclusionProposalsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  (void)who;
  FieldViolations v;
  const int limit = CheckPageSize(v, req->page_size(), kDefaultPageSize, kMaxPageSize);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::ExclusionProposalSummary> found,
                        appeals_->ListExclusionProposals(limit));
  for (v1::ExclusionProposalSummary& p : found) *resp->add_proposals() = std::move(p);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::DecideExclusion(grpc::ServerContext* ctx,
                                                const v1::DecideExclusionRequest* req,
                                                v1::DecideExclusionResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kSupervisor}));
  FieldViolations v;
  CheckUuid(v, "appeal_id", req->appeal_id());
  if (req->decision() != v1::EXCLUSION_DECISION_CONFIRMED &&
      req->decision() != v1::EXCLUSION_DECISION_OVERRULED) {
    v.Add("decision", "give EXCLUSION_DECISION_CONFIRMED or EXCLUSION_DECISION_OVERRULED");
  }
  // Considering an appeal intake proposed to exclude needs a reason on file.
  if (req->decision() == v1::EXCLUSION_DECISION_OVERRULED) {
    CheckText(v, "comment", req->comment(), kMaxCommentChars, Text::kFree);
  } else {
    CheckMaxChars(v, "comment", req->comment(), kMaxCommentChars, Text::kFree);
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid decision"));
  ASSIGN_OR_RETURN_GRPC(v1::Appeal appeal,
                        appeals_->DecideExclusion(req->appeal_id(), req->decision(),
                                                  req->comment(), who, clock_->Now()));
  *resp->mutable_appeal() = std::move(appeal);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::RecordReturnLetter(grpc::ServerContext* ctx,
                                                   const v1::RecordReturnLetterRequest* req,
                                                   v1::RecordReturnLetterResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  const absl::Time now = clock_->Now();
  FieldViolations v;
  CheckUuid(v, "appeal_id", req->appeal_id());
  if (std::optional<absl::CivilDay> d = CheckDate(v, "letter_date", req->letter_date())) {
    if (*d > absl::ToCivilDay(now, KyivTimeZone())) v.Add("letter_date", "is in the future");
  }
  CheckText(v, "letter_number", req->letter_number(), kMaxLetterNumberChars);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid return letter"));
  v1::ReturnLetter letter;
  *letter.mutable_letter_date() = req->letter_date();
  letter.set_letter_number(req->letter_number());
  ASSIGN_OR_RETURN_GRPC(v1::Appeal appeal,
                        appeals_->RecordReturnLetter(req->appeal_id(), letter, who, now));
  *resp->mutable_appeal() = std::move(appeal);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::ListOverdueReturns(grpc::ServerContext* ctx,
                                                   const v1::ListOverdueReturnsRequest* req,
                                                   v1::ListOverdueReturnsResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  (void)who;
  FieldViolations v;
  const int limit = CheckPageSize(v, req->page_size(), kDefaultPageSize, kMaxPageSize);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::OverdueReturn> found,
                        appeals_->ListOverdueReturns(clock_->Now(), limit));
  for (v1::OverdueReturn& r : found) *resp->add_returns() = std::move(r);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::ListFailedNotices(grpc::ServerContext* ctx,
                                                  const v1::ListFailedNoticesRequest* req,
                                                  v1::ListFailedNoticesResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kSupervisor, Role::kSystem}));
  (void)who;
  FieldViolations v;
  const int limit = CheckPageSize(v, req->page_size(), kDefaultPageSize, kMaxPageSize);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  if (notices_ == nullptr) return ToGrpcStatus(NoNotices());
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::Notice> found, notices_->ListFailed(limit));
  for (v1::Notice& n : found) *resp->add_notices() = std::move(n);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::ResendNotice(grpc::ServerContext* ctx,
                                             const v1::ResendNoticeRequest* req,
                                             v1::ResendNoticeResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kSupervisor, Role::kSystem}));
  (void)who;
  FieldViolations v;
  CheckUuid(v, "notice_id", req->notice_id());
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  if (notices_ == nullptr) return ToGrpcStatus(NoNotices());
  ASSIGN_OR_RETURN_GRPC(v1::Notice n, notices_->Resend(req->notice_id(), clock_->Now()));
  *resp->mutable_notice() = std::move(n);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::ListLetterBatch(grpc::ServerContext* ctx,
                                                const v1::ListLetterBatchRequest* req,
                                                v1::ListLetterBatchResponse* resp) {
  ASSIGN_OR_RETURN_GRPC(auth::Principal who,
                        auth_->Authorize(*ctx, {Role::kOperator, Role::kSupervisor}));
  (void)who;
  FieldViolations v;
  absl::CivilDay day = absl::ToCivilDay(clock_->Now(), KyivTimeZone());
  if (req->has_day()) {
    if (std::optional<absl::CivilDay> d = CheckDate(v, "day", req->day())) day = *d;
  }
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  if (notices_ == nullptr) return ToGrpcStatus(NoNotices());
  ASSIGN_OR_RETURN_GRPC(std::vector<v1::Letter> letters, notices_->LetterBatch(day));
  for (v1::Letter& l : letters) *resp->add_letters() = std::move(l);
  return grpc::Status::OK;
}

grpc::Status IntakeServiceImpl::ReadEssencesForAnalysis(
    grpc::ServerContext* ctx, const v1::ReadEssencesForAnalysisRequest* req,
    v1::ReadEssencesForAnalysisResponse* resp) {
  // Only analytics (its token and certificate): it reads essences to keep
  // their lemmas.
  ASSIGN_OR_RETURN_GRPC(auth::Principal who, auth_->Authorize(*ctx, {Role::kService}));
  RETURN_IF_ERROR_GRPC(auth::OnlyServices(who, {"analytics"}));
  FieldViolations v;
  if (req->appeal_ids_size() == 0 || req->appeal_ids_size() > kMaxEssencesPerRead) {
    v.Add("appeal_ids", absl::StrCat("give 1 to ", kMaxEssencesPerRead, " appeal ids"));
  }
  for (int i = 0; i < req->appeal_ids_size() && i < kMaxEssencesPerRead; ++i) {
    CheckUuid(v, absl::StrCat("appeal_ids[", i, "]"), req->appeal_ids(i));
  }
  CheckText(v, "purpose", req->purpose(), kMaxPurposeChars);
  RETURN_IF_ERROR_GRPC(v.ToStatus("invalid request"));
  const std::vector<std::string> ids(req->appeal_ids().begin(), req->appeal_ids().end());
  ASSIGN_OR_RETURN_GRPC(auto essences,
                        appeals_->ReadEssences(ids, req->purpose(), who, clock_->Now()));
  for (auto& [id, essence] : essences) {
    v1::AppealEssence* e = resp->add_essences();
    e->set_appeal_id(id);
    e->set_essence(std::move(essence));
  }
  return grpc::Status::OK;
}

}  // namespace contactcenter::intake
