// One small logging facade (Abseil 20220623 has no absl/log).
//   CC_LOG(Info) << "listening on " << addr;
// Lines go to stderr whole, one per call, with a UTC timestamp and level.
#pragma once

#include <sstream>
#include <string_view>

namespace contactcenter::log {

enum class Level { kInfo, kWarning, kError };

// Names the process in every line, e.g. "intake". Call once from main().
void SetProgramName(std::string_view name);

class LogLine {
 public:
  LogLine(Level level, const char* file, int line);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;
  std::ostream& stream() { return out_; }

 private:
  Level level_;
  std::ostringstream out_;
};

}  // namespace contactcenter::log

#define CC_LOG(level)                                                          \
  ::contactcenter::log::LogLine(::contactcenter::log::Level::k##level, __FILE__, \
                                __LINE__)                                      \
      .stream()
