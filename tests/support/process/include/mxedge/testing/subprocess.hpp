#pragma once
// A child process for test fixtures: fork/exec of argv with stdout and stderr appended to a log
// file. The child runs in its own process group (so Terminate/Kill reach anything it forks) and
// gets SIGKILL when the thread that started it dies (PR_SET_PDEATHSIG), so a crashed test leaves no
// server behind. The destructor terminates it if it is still running.
// PR_SET_PDEATHSIG follows the starting *thread*: start fixtures from the thread that owns them
// (the test body), not from a short-lived helper thread.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::testing {

struct SubprocessOptions {
  std::vector<std::string> argv;  // argv[0] is the executable path
  std::string log_path;           // stdout+stderr, appended; required
  std::string working_dir;        // empty = inherit
};

class Subprocess {
 public:
  static absl::StatusOr<std::unique_ptr<Subprocess>> Start(SubprocessOptions options);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  int pid() const { return pid_; }
  const std::string& log_path() const { return options_.log_path; }
  // Reaps the child if it has exited; true while it runs.
  bool Running();
  // The exit status as waitpid reports it, once reaped.
  std::optional<int> wait_status() const { return wait_status_; }

  // SIGTERM to the process group, then SIGKILL after `grace` if it is still running. Reaps it.
  absl::Status Terminate(std::chrono::milliseconds grace = std::chrono::seconds(5));
  // SIGKILL to the process group, reaps it.
  absl::Status Kill();
  // Waits for exit up to `timeout`; DeadlineExceededError if it still runs.
  absl::Status Wait(std::chrono::milliseconds timeout);
  // The end of the log, for error messages.
  std::string LogTail(size_t max_bytes = 4096) const;

 private:
  explicit Subprocess(SubprocessOptions options) : options_(std::move(options)) {}
  void SignalGroup(int signal);

  SubprocessOptions options_;
  int pid_ = -1;
  std::optional<int> wait_status_;
};

// Polls `ready` every few milliseconds until it returns OK or `deadline` passes; returns the last
// error, or an error when `process` exits meanwhile. For readiness checks of fixtures.
absl::Status WaitUntilReady(Subprocess& process, std::chrono::milliseconds deadline,
                            const std::function<absl::Status()>& ready);

}  // namespace mxedge::testing
