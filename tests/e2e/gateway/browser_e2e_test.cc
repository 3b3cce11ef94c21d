// The console in a real browser (tests/browser/console.mjs: Debian's
// Chromium driven by playwright-core, axe-core on every page) against the
// real stack this test starts. tests/run installs the browser and the npm
// packages; the screenshots stay in the build folder (browser-screenshots/).
#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "contactcenter/db/pool.h"
#include "contactcenter/testing/status_matchers.h"
#include "e2e_test.h"
#include "gtest/gtest.h"

namespace contactcenter::e2e {
namespace {

namespace intake = ::contactcenter::intake::v1;

class BrowserE2eTest : public E2eTest {
 protected:
  void Exec(const std::string& service, const std::string& sql) {
    absl::StatusOr<std::unique_ptr<pqxx::connection>> conn =
        db::Connect(cluster_->AdminDsns().at(service));
    ASSERT_OK(conn.status());
    pqxx::work tx(**conn);
    tx.exec(sql);
    tx.commit();
  }
  int Count(const std::string& service, const std::string& sql) {
    absl::StatusOr<std::unique_ptr<pqxx::connection>> conn =
        db::Connect(cluster_->AdminDsns().at(service));
    if (!conn.ok()) return -1;
    pqxx::read_transaction tx(**conn);
    return tx.exec1(sql)[0].as<int>();
  }
};

TEST_F(BrowserE2eTest, TheConsoleWorksInARealBrowser) {
  ASSERT_TRUE(std::filesystem::exists(CC_BROWSER_DIR "/node_modules/playwright-core"))
      << "the browser tests' npm packages are missing: tests/run installs them";
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium"))
      << "Debian's chromium is missing: tests/run installs it";

  // Two spike signals as analytics' daily detection writes them (it needs
  // weeks of appeals to find one), for the analyst to decide.
  Exec("analytics",
       "INSERT INTO spike_signals (signal_id, method, topic_code, territory_codes, detected_on, "
       "first_day, observed, expected, statistic, p_value, recurrence_days, status, created_at) "
       "VALUES (gen_random_uuid(), 1, '109', ARRAY['LG-SEV', 'LG-SHC'], current_date - 1, "
       "current_date - 3, 41, 12.5, 18.2, 0.004, 250, 1, now()), "
       "(gen_random_uuid(), 2, '106', ARRAY[]::text[], current_date - 1, current_date - 7, 96, "
       "61.3, 6.1, 0, 0, 1, now() - interval '1 minute')");
  if (HasFatalFailure()) return;

  // An e-mail notice that failed after the retry budget (the cluster has no
  // SMTP server: notices wait; the failure is written as the sender would).
  intake::RegisterAppealRequest reg = WebFormAppealByEmail("Коваленко", "Ірина",
                                                           "м. Сєвєродонецьк, вул. Донецька, 7",
                                                           "iryna.kovalenko@example.com");
  intake::RegisterAppealResponse registered;
  ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), reg, &registered));
  const std::string id = registered.appeal().id();
  const std::string count_sql = absl::StrCat("SELECT count(*) FROM notices WHERE appeal_id = '", id,
                                             "' AND channel = 1");
  ASSERT_TRUE(Eventually([&] { return Count("intake", count_sql) > 0; }))
      << cluster_->process("intake").LogTail();
  Exec("intake", absl::StrCat("UPDATE notices SET status = 3, attempts = 12, "
                              "last_error = 'smtp: connection refused' WHERE appeal_id = '",
                              id, "'"));
  if (HasFatalFailure()) return;

  // A letter in today's batch: an applicant who came in person and left an
  // address only, so the forwarding notice (Art. 7) goes by post.
  intake::RegisterAppealRequest by_post = reg;
  intake::AppealCard* c = by_post.mutable_card();
  c->set_form(common::v1::APPEAL_FORM_ORAL);
  c->set_channel(common::v1::CHANNEL_PERSONAL_RECEPTION);
  intake::Person* p = c->mutable_applicant()->mutable_person();
  p->set_surname("Мельник");
  p->set_name("Петро");
  p->set_residence_address("м. Сєвєродонецьк, вул. Гагаріна, 12, кв. 3");
  p->clear_email();
  intake::RegisterAppealResponse posted;
  ASSERT_OK(intake_->RegisterAppeal(Ctx().get(), by_post, &posted));
  const std::string letter_sql =
      absl::StrCat("SELECT count(*) FROM notices WHERE appeal_id = '", posted.appeal().id(),
                   "' AND outgoing_number IS NOT NULL");
  ASSERT_TRUE(Eventually([&] { return Count("intake", letter_sql) > 0; }, absl::Seconds(90)))
      << cluster_->process("intake").LogTail();

  // Only hex digits, digits, slashes and paths of ours go into the command line.
  const std::string cmd = absl::StrCat(
      "cd " CC_BROWSER_DIR " && CC_GATEWAY_URL=http://127.0.0.1:", cluster_->http_port("gateway"),
      " CC_CONSOLE_PASSWORD=", cluster_->console_password(),
      " CC_FAILED_NOTICE_NUMBER='", registered.appeal().registration_number(), "'",
      " CC_LETTER_NUMBER='", posted.appeal().registration_number(), "'",
      " CC_SCREENSHOT_DIR=" CC_SCREENSHOT_DIR " node console.mjs 2>&1");
  FILE* out = popen(cmd.c_str(), "r");
  ASSERT_NE(out, nullptr);
  std::string text;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, out)) text.append(buf, n);
  const int status = pclose(out);
  std::printf("%s", text.c_str());
  EXPECT_EQ(status, 0) << text;
}

}  // namespace
}  // namespace contactcenter::e2e
