#include "contactcenter/log/log.h"

#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace contactcenter::log {
namespace {

std::mutex& NameMutex() {
  static std::mutex m;
  return m;
}
std::string& ProgramName() {
  static std::string name = "contactcenter";
  return name;
}

char LevelLetter(Level level) {
  switch (level) {
    case Level::kInfo: return 'I';
    case Level::kWarning: return 'W';
    case Level::kError: return 'E';
  }
  return '?';
}

}  // namespace

void SetProgramName(std::string_view name) {
  std::lock_guard<std::mutex> lock(NameMutex());
  ProgramName() = std::string(name);
}

LogLine::LogLine(Level level, const char* file, int line) : level_(level) {
  const char* base = std::strrchr(file, '/');
  std::string name;
  {
    std::lock_guard<std::mutex> lock(NameMutex());
    name = ProgramName();
  }
  out_ << absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()) << ' '
       << LevelLetter(level_) << ' ' << name << ' ' << (base ? base + 1 : file) << ':'
       << line << "] ";
}

LogLine::~LogLine() {
  out_ << '\n';
  const std::string text = out_.str();
  // One fwrite per line keeps lines from different threads whole.
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace contactcenter::log
