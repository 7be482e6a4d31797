#pragma once
// Runs the mxedge-coap binary for integration tests with its stdin, stdout and stderr on pipes
// (Subprocess logs both streams to one file; these tests need them apart).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::coap_cli::testing {

struct CliResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

class CliProcess {
 public:
  // Starts `argv` (argv[0] = executable), writes `input` to its stdin and closes it.
  static absl::StatusOr<std::unique_ptr<CliProcess>> Start(const std::vector<std::string>& argv,
                                                           const std::string& input = "");
  ~CliProcess();  // SIGKILL if still running
  CliProcess(const CliProcess&) = delete;
  CliProcess& operator=(const CliProcess&) = delete;

  // The next complete stdout line (without '\n'), waiting up to `timeout`; DeadlineExceeded or
  // OutOfRange (stdout closed) otherwise.
  absl::StatusOr<std::string> ReadLine(std::chrono::milliseconds timeout);
  // Sends `signal` to the process.
  void Signal(int signal);
  // Waits for exit and collects the rest of stdout and stderr; kills it after `timeout`.
  CliResult Finish(std::chrono::milliseconds timeout);

 private:
  CliProcess() = default;
  // Reads what is available from both pipes, waiting up to `timeout_ms` for something.
  void Pump(int timeout_ms);

  int pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  size_t out_consumed_ = 0;
  std::optional<int> exit_code_;
};

// Start + Finish.
CliResult RunCli(const std::vector<std::string>& argv, const std::string& input = "",
                 std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace mxedge::coap_cli::testing
