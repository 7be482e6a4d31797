#include "support/cli_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace mxedge::coap_cli::testing {

absl::StatusOr<std::unique_ptr<CliProcess>> CliProcess::Start(const std::vector<std::string>& argv,
                                                              const std::string& input) {
  int in_pipe[2];
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
      pipe2(err_pipe, O_CLOEXEC) != 0) {
    return absl::InternalError("pipe2 failed");
  }
  const pid_t pid = fork();
  if (pid < 0) {
    return absl::InternalError("fork failed");
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    std::vector<char*> args;
    for (const std::string& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  // Small inputs fit in the pipe buffer; the tests send at most a few KB.
  size_t written = 0;
  while (written < input.size()) {
    const ssize_t n = write(in_pipe[1], input.data() + written, input.size() - written);
    if (n <= 0) {
      break;
    }
    written += static_cast<size_t>(n);
  }
  close(in_pipe[1]);
  auto process = std::unique_ptr<CliProcess>(new CliProcess());
  process->pid_ = pid;
  process->out_fd_ = out_pipe[0];
  process->err_fd_ = err_pipe[0];
  return process;
}

CliProcess::~CliProcess() {
  if (pid_ > 0 && !exit_code_.has_value()) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) {
    close(out_fd_);
  }
  if (err_fd_ >= 0) {
    close(err_fd_);
  }
}

void CliProcess::Pump(int timeout_ms) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (poll(fds, 2, timeout_ms) <= 0) {
    return;
  }
  char buffer[4096];
  for (pollfd& fd : fds) {
    if (fd.fd < 0 || (fd.revents & (POLLIN | POLLHUP)) == 0) {
      continue;
    }
    const ssize_t n = read(fd.fd, buffer, sizeof(buffer));
    std::string& sink = fd.fd == out_fd_ ? out_ : err_;
    if (n > 0) {
      sink.append(buffer, static_cast<size_t>(n));
    } else if (n == 0) {
      close(fd.fd);
      (fd.fd == out_fd_ ? out_fd_ : err_fd_) = -1;
    }
  }
}

absl::StatusOr<std::string> CliProcess::ReadLine(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const size_t newline = out_.find('\n', out_consumed_);
    if (newline != std::string::npos) {
      std::string line = out_.substr(out_consumed_, newline - out_consumed_);
      out_consumed_ = newline + 1;
      return line;
    }
    if (out_fd_ < 0) {
      return absl::OutOfRangeError("stdout closed; stderr: " + err_);
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return absl::DeadlineExceededError("no line on stdout in time; stderr: " + err_);
    }
    Pump(static_cast<int>(left.count()));
  }
}

void CliProcess::Signal(int signal) {
  if (pid_ > 0 && !exit_code_.has_value()) {
    kill(pid_, signal);
  }
}

CliResult CliProcess::Finish(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out_fd_ >= 0 || err_fd_ >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      kill(pid_, SIGKILL);
      break;
    }
    Pump(static_cast<int>(left.count()));
  }
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  CliResult result;
  result.exit_code = *exit_code_;
  result.out = out_.substr(out_consumed_);
  result.err = err_;
  return result;
}

CliResult RunCli(const std::vector<std::string>& argv, const std::string& input,
                 std::chrono::milliseconds timeout) {
  absl::StatusOr<std::unique_ptr<CliProcess>> process = CliProcess::Start(argv, input);
  if (!process.ok()) {
    return CliResult{-1, "", std::string(process.status().message())};
  }
  return (*process)->Finish(timeout);
}

}  // namespace mxedge::coap_cli::testing
