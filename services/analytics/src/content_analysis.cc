#include "content_analysis.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "contactcenter/clock/proto_time.h"
#include "contactcenter/refdata/csv.h"
#include "contactcenter/status/field_violations.h"
#include "contactcenter/status/macros.h"
#include "csv.h"

namespace contactcenter::analytics {

absl::StatusOr<ContentQuery> ParseContentRequest(const v1::AnalyseContentRequest& request,
                                                 const refdata::Classifier& classifier) {
  FieldViolations v;
  std::optional<ReportQuery> report =
      CheckReportRequest(v, request.period(), request.territory_code(), classifier);
  if (!request.topic_code().empty() && classifier.FindTopic(request.topic_code()) == nullptr) {
    v.Add("topic_code", absl::StrCat("unknown topic \"", request.topic_code().substr(0, 32), "\""));
  }
  if (request.limit() < 0 || request.limit() > kMaxContentLimit) {
    v.Add("limit", absl::StrCat("0 (", kDefaultContentLimit, ") to ", kMaxContentLimit));
  }
  if (request.previous_periods() < 0 || request.previous_periods() > kMaxPreviousPeriods) {
    v.Add("previous_periods",
          absl::StrCat("0 (", kDefaultPreviousPeriods, ") to ", kMaxPreviousPeriods));
  }
  RETURN_IF_ERROR(v.ToStatus("invalid content analysis request"));
  ContentQuery q;
  q.scope.period = report->period;
  q.scope.territories = report->territories;
  q.scope.topic = request.topic_code();
  const int previous = request.previous_periods() ? request.previous_periods() : kDefaultPreviousPeriods;
  q.scope.baseline_from = report->period.from - previous * (report->period.to - report->period.from);
  q.limit = request.limit() ? request.limit() : kDefaultContentLimit;
  return q;
}

std::vector<v1::EmergingTerm> RankEmerging(const std::vector<TermRow>& rows, int64_t appeals,
                                           int64_t baseline_appeals, int limit) {
  std::vector<v1::EmergingTerm> out;
  for (const TermRow& r : rows) {
    if (r.appeals < kMinEmergingAppeals) continue;
    v1::EmergingTerm e;
    e.set_term(r.term);
    e.set_appeals(r.appeals);
    e.set_share(appeals ? double(r.appeals) / appeals : 0);
    e.set_baseline_appeals(r.baseline_appeals);
    e.set_baseline_share(baseline_appeals ? double(r.baseline_appeals) / baseline_appeals : 0);
    e.set_rise(((r.appeals + 0.5) / (appeals + 1.0)) /
               ((r.baseline_appeals + 0.5) / (baseline_appeals + 1.0)));
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const v1::EmergingTerm& a, const v1::EmergingTerm& b) {
    if (a.rise() != b.rise()) return a.rise() > b.rise();
    if (a.appeals() != b.appeals()) return a.appeals() > b.appeals();
    return a.term() < b.term();
  });
  if (out.size() > static_cast<size_t>(limit)) out.resize(limit);
  return out;
}

std::vector<std::string> ContentCsv(const v1::AnalyseContentResponse& r, size_t chunk_bytes) {
  CsvChunker csv(chunk_bytes);
  csv.Header({"Вид", "Термін", "Звернень", "Частка", "Звернень раніше", "Частка раніше",
              "Зростання"});
  const auto share = [](double s) { return absl::StrFormat("%.4f", s); };
  for (const v1::TermCount& t : r.terms()) {
    csv.Row({"термін", t.term(), absl::StrCat(t.appeals()), share(t.share()), "", "", ""});
  }
  for (const v1::TermCount& t : r.phrases()) {
    csv.Row({"фраза", t.term(), absl::StrCat(t.appeals()), share(t.share()), "", "", ""});
  }
  for (const v1::EmergingTerm& e : r.emerging()) {
    csv.Row({"новий термін", e.term(), absl::StrCat(e.appeals()), share(e.share()),
             absl::StrCat(e.baseline_appeals()), share(e.baseline_share()),
             absl::StrFormat("%.2f", e.rise())});
  }
  return csv.Finish();
}

std::string TopicHeading(const std::string& code) { return code.substr(0, code.find('.')); }

absl::StatusOr<std::vector<text::LabelledText>> LoadTopicSeed(
    const std::string& path, const text::Lemmatizer& lemmatizer,
    const refdata::Classifier& classifier) {
  ASSIGN_OR_RETURN(refdata::CsvTable table, refdata::CsvTable::ReadFile(path, {"topic", "essence"}));
  FieldViolations v;
  std::vector<text::LabelledText> out;
  for (size_t i = 0; i < table.size(); ++i) {
    const std::string& topic = table.Get(i, "topic");
    if (classifier.FindTopic(topic) == nullptr || TopicHeading(topic) != topic) {
      v.Add(table.Field(i, "topic"), "not a heading of the classifier");
      continue;
    }
    out.push_back({topic, lemmatizer.Analyse(table.Get(i, "essence")).lemmas});
  }
  RETURN_IF_ERROR(v.ToStatus("invalid topic seed"));
  return out;
}

}  // namespace contactcenter::analytics
