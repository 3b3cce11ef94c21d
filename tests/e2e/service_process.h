// A service binary run as a child process for cross-process tests.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace contactcenter::e2e {

class ServiceProcess {
 public:
  // `env` is added to this process's environment; output goes to `log_path`.
  ServiceProcess(std::string name, std::string binary, std::map<std::string, std::string> env,
                 std::string log_path)
      : name_(std::move(name)), binary_(std::move(binary)), env_(std::move(env)),
        log_path_(std::move(log_path)) {}
  ~ServiceProcess();

  // Adds or replaces one variable of its environment (for the next Start()).
  void SetEnv(const std::string& key, const std::string& value) { env_[key] = value; }
  absl::Status Start();
  // Sends `sig`; with SIGKILL, also reaps the process.
  void Signal(int sig);
  // Waits for the process to exit; its exit status, or an error on timeout
  // or death by a signal.
  absl::StatusOr<int> Wait(absl::Duration timeout);
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  const std::string& name() const { return name_; }
  const std::string& binary() const { return binary_; }
  // The last lines of its log, for failure messages.
  std::string LogTail(int lines = 30) const;

 private:
  std::string name_, binary_;
  std::map<std::string, std::string> env_;
  std::string log_path_;
  pid_t pid_ = -1;
};

}  // namespace contactcenter::e2e
