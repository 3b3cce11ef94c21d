// The console in a real browser (tests/browser/console.mjs: Debian's
// Chromium driven by playwright-core, axe-core on every page) against the
// real stack this test starts. tests/run installs the browser and the npm
// packages; the screenshots stay in the build folder (browser-screenshots/).
#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "e2e_test.h"
#include "gtest/gtest.h"

namespace contactcenter::e2e {
namespace {

TEST_F(E2eTest, TheConsoleWorksInARealBrowser) {
  ASSERT_TRUE(std::filesystem::exists(CC_BROWSER_DIR "/node_modules/playwright-core"))
      << "the browser tests' npm packages are missing: tests/run installs them";
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium"))
      << "Debian's chromium is missing: tests/run installs it";
  // Only hex digits and paths of ours go into the command line.
  const std::string cmd = absl::StrCat(
      "cd " CC_BROWSER_DIR " && CC_GATEWAY_URL=http://127.0.0.1:", cluster_->http_port("gateway"),
      " CC_CONSOLE_PASSWORD=", cluster_->console_password(),
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
