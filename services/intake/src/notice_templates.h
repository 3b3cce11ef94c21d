// The texts of the notices to applicants (issue 17), kept as data in the
// reference folder (deploy/reference/notice-<kind>.txt) so that the center
// words them, not the code. Each file is
//
//   # comment lines
//   subject: <the e-mail's subject and the letter's title>
//   sms: <the SMS, short>
//   <one empty line>
//   <the body of the e-mail and the letter>
//
// with placeholders {number} (registration number), {date} (receipt date),
// {body} (the executive body), {reason}, {new_term}. The extension's
// template also has, among its header lines, one line per reason code of
// tracking's ExtensionReason, its name without "EXTENSION_REASON_":
//
//   reason INSPECTION_ON_SITE: <the reason in words, no placeholders>
//   reason UNSPECIFIED: <the neutral sentence, for events without a code>
//
// and its body uses {reason}, which is the line of the notice's code. Each kind has the
// placeholders its article asks for (kRequired); a template missing one, or
// using one not known, is a load error: the service does not start, rather
// than send a letter with a blank in it. Rendering with a value missing is
// an error too.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "contactcenter/intake/v1/intake.pb.h"
#include "contactcenter/tracking/v1/tracking.pb.h"

namespace contactcenter::intake {

struct NoticeValues {
  std::string number;
  std::string date;      // DD.MM.YYYY
  std::string body;      // the executive body's name
  std::string reason;
  std::string new_term;  // DD.MM.YYYY
};

struct RenderedNotice {
  std::string subject;
  std::string sms;
  std::string body;
};

struct NoticeTemplate {
  std::string subject;
  std::string sms;
  std::string body;
  // The extension's reasons: the code's name without "EXTENSION_REASON_"
  // → the words.
  std::map<std::string, std::string> reasons;
};

class NoticeTemplates {
 public:
  // "notice-forwarded.txt" for NOTICE_KIND_FORWARDED, ...
  static std::string FileName(v1::NoticeKind kind);
  // The placeholders a kind's template must use (in its subject, SMS or
  // body: each at least once in the body, the letter's whole text).
  static std::vector<std::string> Required(v1::NoticeKind kind);

  // One template's text; `source` names it in errors.
  static absl::StatusOr<NoticeTemplate> ParseOne(v1::NoticeKind kind, absl::string_view text,
                                                 const std::string& source);
  // Every kind's file from `dir`; every problem at once.
  static absl::StatusOr<NoticeTemplates> LoadDir(const std::string& dir);

  void Set(v1::NoticeKind kind, NoticeTemplate t) { templates_[kind] = std::move(t); }

  // The words for an extension's reason code (tracking.v1.ExtensionReason);
  // a code this build does not know (a newer tracking's) and 0 get the
  // neutral UNSPECIFIED line. NOT_FOUND when the extension's template is not
  // loaded.
  absl::StatusOr<std::string> ExtensionReasonText(int code) const;

  // The notice of `kind` with `values` in place; INVALID_ARGUMENT naming a
  // placeholder whose value is empty, NOT_FOUND for a kind not loaded.
  absl::StatusOr<RenderedNotice> Render(v1::NoticeKind kind, const NoticeValues& values) const;

 private:
  std::map<v1::NoticeKind, NoticeTemplate> templates_;
};

// "2026-12-01" → "01.12.2026", as Ukrainian letters write dates.
std::string UkrainianDate(int year, int month, int day);

}  // namespace contactcenter::intake
