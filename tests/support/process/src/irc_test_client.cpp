#include "mxedge/testing/irc_test_client.hpp"

#include <unistd.h>

#include "cat.hpp"
#include "socket_util.hpp"

namespace mxedge::testing {
namespace {

using internal::Cat;

std::chrono::milliseconds Left(std::chrono::steady_clock::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                               std::chrono::steady_clock::now());
}

}  // namespace

std::string_view IrcLineCommand(std::string_view line) {
  auto skip_word = [&line] {
    const size_t space = line.find(' ');
    line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  };
  if (!line.empty() && line.front() == '@') skip_word();
  if (!line.empty() && line.front() == ':') skip_word();
  return line.substr(0, line.find(' '));
}

absl::StatusOr<IrcTestClient> IrcTestClient::Connect(int port, std::chrono::milliseconds timeout) {
  absl::StatusOr<int> fd = internal::ConnectLoopback(port, timeout);
  if (!fd.ok()) return fd.status();
  return IrcTestClient(*fd);
}

IrcTestClient::IrcTestClient(IrcTestClient&& other) noexcept
    : fd_(other.fd_), buffer_(std::move(other.buffer_)) {
  other.fd_ = -1;
}

IrcTestClient& IrcTestClient::operator=(IrcTestClient&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    buffer_ = std::move(other.buffer_);
    other.fd_ = -1;
  }
  return *this;
}

IrcTestClient::~IrcTestClient() {
  if (fd_ >= 0) close(fd_);
}

absl::Status IrcTestClient::Send(std::string_view line) {
  if (fd_ < 0) return absl::FailedPreconditionError("irc test client: not connected");
  return internal::SendAll(fd_, Cat(line, "\r\n"));
}

absl::StatusOr<std::string> IrcTestClient::ReadLine(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return absl::FailedPreconditionError("irc test client: not connected");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const size_t end = buffer_.find('\n');
    if (end != std::string::npos) {
      std::string line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (IrcLineCommand(line) == "PING") {
        const size_t arg = line.find("PING");
        if (absl::Status s = Send(Cat("PONG", line.substr(arg + 4))); !s.ok()) return s;
        continue;
      }
      return line;
    }
    const auto left = Left(deadline);
    if (left.count() <= 0) return absl::DeadlineExceededError("irc test client: no line in time");
    if (absl::Status s = internal::ReceiveSome(fd_, buffer_, left); !s.ok()) {
      return absl::Status(s.code(), Cat("irc test client: ", s.message()));
    }
  }
}

absl::StatusOr<std::string> IrcTestClient::ReadUntilCommand(std::string_view command,
                                                            std::chrono::milliseconds timeout,
                                                            std::vector<std::string>* seen) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = Left(deadline);
    if (left.count() <= 0) {
      return absl::DeadlineExceededError(Cat("irc test client: no ", command, " in time"));
    }
    absl::StatusOr<std::string> line = ReadLine(left);
    if (!line.ok()) return line.status();
    if (IrcLineCommand(*line) == command) return line;
    if (seen != nullptr) seen->push_back(*line);
  }
}

absl::Status IrcTestClient::Register(std::string_view nick, std::chrono::milliseconds timeout) {
  if (absl::Status s = Send(Cat("NICK ", nick)); !s.ok()) return s;
  if (absl::Status s = Send(Cat("USER ", nick, " 0 * :mxedge test")); !s.ok()) return s;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = Left(deadline);
    if (left.count() <= 0) {
      return absl::DeadlineExceededError("irc test client: no 001 welcome in time");
    }
    absl::StatusOr<std::string> line = ReadLine(left);
    if (!line.ok()) return line.status();
    const std::string_view command = IrcLineCommand(*line);
    if (command == "001") return absl::OkStatus();
    if (command == "ERROR" || (command.size() == 3 && command[0] == '4')) {
      return absl::UnavailableError(Cat("irc registration refused: ", *line));
    }
  }
}

}  // namespace mxedge::testing
