#include "notice_templates.h"

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "contactcenter/refdata/csv.h"

namespace contactcenter::intake {
namespace {

constexpr v1::NoticeKind kKinds[] = {v1::NOTICE_KIND_ACKNOWLEDGED, v1::NOTICE_KIND_FORWARDED,
                                     v1::NOTICE_KIND_RETURNED, v1::NOTICE_KIND_NOT_CONSIDERED,
                                     v1::NOTICE_KIND_EXTENDED};
const std::set<std::string>& Known() {
  static const auto* known =
      new std::set<std::string>{"number", "date", "body", "reason", "new_term"};
  return *known;
}

// The names between braces in `text`; an unclosed brace is an error.
absl::Status Placeholders(absl::string_view text, std::set<std::string>& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    const size_t end = text.find('}', i);
    if (end == absl::string_view::npos) return absl::InvalidArgumentError("an unclosed '{'");
    out.insert(std::string(text.substr(i + 1, end - i - 1)));
    i = end;
  }
  return absl::OkStatus();
}

std::string Fill(absl::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const size_t end = text.find('}', i);
      out += values.at(std::string(text.substr(i + 1, end - i - 1)));
      i = end;
    } else {
      out += text[i];
    }
  }
  return out;
}

constexpr absl::string_view kReasonPrefix = "EXTENSION_REASON_";

// Every ExtensionReason's name without the prefix ("UNSPECIFIED", ...).
std::vector<std::string> ReasonNames() {
  std::vector<std::string> out;
  const google::protobuf::EnumDescriptor* d = tracking::v1::ExtensionReason_descriptor();
  for (int i = 0; i < d->value_count(); ++i) {
    absl::string_view name = d->value(i)->name();
    absl::ConsumePrefix(&name, kReasonPrefix);
    out.emplace_back(name);
  }
  return out;
}

}  // namespace

std::string NoticeTemplates::FileName(v1::NoticeKind kind) {
  switch (kind) {
    case v1::NOTICE_KIND_ACKNOWLEDGED: return "notice-acknowledged.txt";
    case v1::NOTICE_KIND_FORWARDED: return "notice-forwarded.txt";
    case v1::NOTICE_KIND_RETURNED: return "notice-returned.txt";
    case v1::NOTICE_KIND_NOT_CONSIDERED: return "notice-not-considered.txt";
    case v1::NOTICE_KIND_EXTENDED: return "notice-extended.txt";
    default: return "";
  }
}

std::vector<std::string> NoticeTemplates::Required(v1::NoticeKind kind) {
  switch (kind) {
    case v1::NOTICE_KIND_ACKNOWLEDGED: return {"number", "date"};
    case v1::NOTICE_KIND_FORWARDED: return {"number", "date", "body"};
    case v1::NOTICE_KIND_RETURNED:
    case v1::NOTICE_KIND_NOT_CONSIDERED: return {"number", "date", "reason"};
    case v1::NOTICE_KIND_EXTENDED: return {"number", "date", "new_term", "reason"};
    default: return {};
  }
}

absl::StatusOr<NoticeTemplate> NoticeTemplates::ParseOne(v1::NoticeKind kind,
                                                         absl::string_view text,
                                                         const std::string& source) {
  std::vector<std::string> problems;
  NoticeTemplate t;
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  size_t i = 0;
  while (i < lines.size() && absl::StartsWith(lines[i], "#")) ++i;
  bool has_subject = false, has_sms = false;
  for (; i < lines.size() && !absl::StripAsciiWhitespace(lines[i]).empty(); ++i) {
    absl::string_view line = absl::StripTrailingAsciiWhitespace(lines[i]);
    if (absl::ConsumePrefix(&line, "subject:")) {
      t.subject = std::string(absl::StripAsciiWhitespace(line));
      has_subject = !t.subject.empty();
    } else if (absl::ConsumePrefix(&line, "sms:")) {
      t.sms = std::string(absl::StripAsciiWhitespace(line));
      has_sms = !t.sms.empty();
    } else if (kind == v1::NOTICE_KIND_EXTENDED && absl::ConsumePrefix(&line, "reason ")) {
      const size_t colon = line.find(':');
      const std::string code(absl::StripAsciiWhitespace(line.substr(0, colon)));
      const std::string words(colon == absl::string_view::npos
                                  ? ""
                                  : absl::StripAsciiWhitespace(line.substr(colon + 1)));
      const std::vector<std::string> names = ReasonNames();
      if (std::find(names.begin(), names.end(), code) == names.end()) {
        problems.push_back(absl::StrCat("line ", i + 1, ": unknown reason code \"", code, "\""));
      } else if (words.empty() || absl::StrContains(words, "{")) {
        problems.push_back(absl::StrCat("line ", i + 1, ": the reason ", code,
                                        " needs words and no placeholder"));
      } else if (!t.reasons.emplace(code, words).second) {
        problems.push_back(absl::StrCat("line ", i + 1, ": the reason ", code, " twice"));
      }
    } else {
      problems.push_back(absl::StrCat("line ", i + 1, ": expected \"subject:\" or \"sms:\"",
                                      kind == v1::NOTICE_KIND_EXTENDED ? " or \"reason <CODE>:\""
                                                                       : ""));
    }
  }
  if (!has_subject) problems.push_back("no \"subject:\" line");
  if (!has_sms) problems.push_back("no \"sms:\" line");
  if (kind == v1::NOTICE_KIND_EXTENDED) {
    // Art. 20: every code the head may give is told in words.
    for (const std::string& code : ReasonNames()) {
      if (!t.reasons.contains(code)) {
        problems.push_back(absl::StrCat("no \"reason ", code, ":\" line"));
      }
    }
  }
  std::vector<absl::string_view> body(lines.begin() + std::min(i + 1, lines.size()), lines.end());
  while (!body.empty() && absl::StripAsciiWhitespace(body.back()).empty()) body.pop_back();
  t.body = absl::StrJoin(body, "\n");
  if (t.body.empty()) problems.push_back("no body after the empty line");

  for (auto [part, what] : {std::pair<const std::string*, const char*>{&t.subject, "subject"},
                            {&t.sms, "sms"},
                            {&t.body, "body"}}) {
    std::set<std::string> used;
    if (absl::Status s = Placeholders(*part, used); !s.ok()) {
      problems.push_back(absl::StrCat(what, ": ", s.message()));
      continue;
    }
    for (const std::string& name : used) {
      if (!Known().contains(name)) {
        problems.push_back(absl::StrCat(what, ": unknown placeholder {", name, "}"));
      }
    }
    if (std::string(what) == "body") {
      for (const std::string& name : Required(kind)) {
        if (!used.contains(name)) {
          problems.push_back(absl::StrCat("body: missing placeholder {", name, "}"));
        }
      }
    }
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": ", absl::StrJoin(problems, "; ")));
  }
  return t;
}

absl::StatusOr<NoticeTemplates> NoticeTemplates::LoadDir(const std::string& dir) {
  NoticeTemplates out;
  std::vector<std::string> problems;
  for (v1::NoticeKind kind : kKinds) {
    const std::string name = FileName(kind);
    absl::StatusOr<std::string> text = refdata::ReadTextFile(absl::StrCat(dir, "/", name));
    if (!text.ok()) {
      problems.push_back(std::string(text.status().message()));
      continue;
    }
    absl::StatusOr<NoticeTemplate> t = ParseOne(kind, *text, name);
    if (!t.ok()) {
      problems.push_back(std::string(t.status().message()));
      continue;
    }
    out.Set(kind, *std::move(t));
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("notice templates: ", absl::StrJoin(problems, "; ")));
  }
  return out;
}

absl::StatusOr<std::string> NoticeTemplates::ExtensionReasonText(int code) const {
  auto it = templates_.find(v1::NOTICE_KIND_EXTENDED);
  if (it == templates_.end()) return absl::NotFoundError("no template for NOTICE_KIND_EXTENDED");
  absl::string_view name;
  if (tracking::v1::ExtensionReason_IsValid(code)) {
    name = tracking::v1::ExtensionReason_Name(static_cast<tracking::v1::ExtensionReason>(code));
    absl::ConsumePrefix(&name, kReasonPrefix);
  }
  auto words = it->second.reasons.find(std::string(name));
  if (words == it->second.reasons.end()) words = it->second.reasons.find("UNSPECIFIED");
  if (words == it->second.reasons.end()) {
    return absl::NotFoundError("the extension's template has no \"reason UNSPECIFIED:\" line");
  }
  return words->second;
}

absl::StatusOr<RenderedNotice> NoticeTemplates::Render(v1::NoticeKind kind,
                                                       const NoticeValues& values) const {
  auto it = templates_.find(kind);
  if (it == templates_.end()) {
    return absl::NotFoundError(absl::StrCat("no template for ", v1::NoticeKind_Name(kind)));
  }
  const std::map<std::string, std::string> map = {{"number", values.number},
                                                  {"date", values.date},
                                                  {"body", values.body},
                                                  {"reason", values.reason},
                                                  {"new_term", values.new_term}};
  const NoticeTemplate& t = it->second;
  std::vector<std::string> missing;
  for (const std::string* part : {&t.subject, &t.sms, &t.body}) {
    std::set<std::string> used;
    if (absl::Status s = Placeholders(*part, used); !s.ok()) return s;
    for (const std::string& name : used) {
      if (map.at(name).empty()) missing.push_back(name);
    }
  }
  if (!missing.empty()) {
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    return absl::InvalidArgumentError(absl::StrCat(v1::NoticeKind_Name(kind),
                                                   ": no value for {",
                                                   absl::StrJoin(missing, "}, {"), "}"));
  }
  return RenderedNotice{Fill(t.subject, map), Fill(t.sms, map), Fill(t.body, map)};
}

std::string UkrainianDate(int year, int month, int day) {
  return absl::StrFormat("%02d.%02d.%04d", day, month, year);
}

}  // namespace contactcenter::intake
