#pragma once
// A minimal blocking IRC client over TCP to 127.0.0.1 for fixture readiness checks and simple
// assertions in tests (not a protocol implementation: lines are sent and read as text).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::testing {

class IrcTestClient {
 public:
  static absl::StatusOr<IrcTestClient> Connect(int port, std::chrono::milliseconds timeout);
  IrcTestClient(IrcTestClient&& other) noexcept;
  IrcTestClient& operator=(IrcTestClient&& other) noexcept;
  IrcTestClient(const IrcTestClient&) = delete;
  IrcTestClient& operator=(const IrcTestClient&) = delete;
  ~IrcTestClient();

  // Sends `line` followed by CRLF.
  absl::Status Send(std::string_view line);
  // The next line without CRLF; answers PING with PONG on the way. DeadlineExceeded after timeout.
  absl::StatusOr<std::string> ReadLine(std::chrono::milliseconds timeout);
  // Reads lines until one has `command` (e.g. "001", "CAP") as its command; returns that line.
  // Lines read on the way are appended to `seen` when given.
  absl::StatusOr<std::string> ReadUntilCommand(std::string_view command,
                                               std::chrono::milliseconds timeout,
                                               std::vector<std::string>* seen = nullptr);
  // NICK + USER, then waits for 001 (ERROR or a 4xx numeric fails with its line).
  absl::Status Register(std::string_view nick, std::chrono::milliseconds timeout);

 private:
  explicit IrcTestClient(int fd) : fd_(fd) {}
  int fd_ = -1;
  std::string buffer_;
};

// The command of a raw IRC line (skipping tags and prefix), "" when there is none.
std::string_view IrcLineCommand(std::string_view line);

}  // namespace mxedge::testing
