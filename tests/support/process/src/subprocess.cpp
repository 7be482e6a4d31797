#include "mxedge/testing/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "cat.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::testing {
namespace {

using internal::Cat;

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return Cat("exit code ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return Cat("signal ", WTERMSIG(status));
  return Cat("wait status ", status);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Subprocess>> Subprocess::Start(SubprocessOptions options) {
  if (options.argv.empty()) return absl::InvalidArgumentError("subprocess: empty argv");
  if (options.log_path.empty()) return absl::InvalidArgumentError("subprocess: no log_path");
  auto process = std::unique_ptr<Subprocess>(new Subprocess(std::move(options)));
  const SubprocessOptions& opts = process->options_;

  // Everything the child needs is prepared before fork: it only makes async-signal-safe calls.
  std::vector<char*> argv;
  for (const std::string& a : opts.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int log_fd = open(opts.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return absl::InternalError(Cat("subprocess: open ", opts.log_path, ": ", std::strerror(errno)));
  }
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int exec_pipe[2];
  if (null_fd < 0 || pipe2(exec_pipe, O_CLOEXEC) != 0) {
    const int err = errno;
    close(log_fd);
    if (null_fd >= 0) close(null_fd);
    return absl::InternalError(Cat("subprocess: pipe: ", std::strerror(err)));
  }
  const pid_t parent = getpid();
  const char* working_dir = opts.working_dir.empty() ? nullptr : opts.working_dir.c_str();

  const pid_t pid = fork();
  if (pid < 0) {
    const int err = errno;
    close(log_fd);
    close(null_fd);
    close(exec_pipe[0]);
    close(exec_pipe[1]);
    return absl::InternalError(Cat("subprocess: fork: ", std::strerror(err)));
  }
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, nullptr);
    signal(SIGPIPE, SIG_DFL);
    dup2(null_fd, STDIN_FILENO);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    int err = 0;
    if (working_dir != nullptr && chdir(working_dir) != 0) {
      err = errno;
    } else {
      execv(argv[0], argv.data());
      err = errno;
    }
    ssize_t ignored = write(exec_pipe[1], &err, sizeof(err));
    (void)ignored;
    _exit(127);
  }
  setpgid(pid, pid);  // also from the parent, so the group exists before we ever signal it
  process->pid_ = pid;
  close(log_fd);
  close(null_fd);
  close(exec_pipe[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = read(exec_pipe[0], &child_errno, sizeof(child_errno));
  } while (n < 0 && errno == EINTR);
  close(exec_pipe[0]);
  if (n > 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    process->wait_status_ = status;
    return absl::FailedPreconditionError(
        Cat("subprocess: exec ", process->options_.argv[0], ": ", std::strerror(child_errno)));
  }
  return process;
}

Subprocess::~Subprocess() {
  if (pid_ > 0 && !wait_status_.has_value()) {
    Terminate(std::chrono::seconds(5)).IgnoreError();
  }
}

bool Subprocess::Running() {
  if (pid_ <= 0 || wait_status_.has_value()) return false;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    wait_status_ = status;
    return false;
  }
  return r == 0;
}

void Subprocess::SignalGroup(int signal) {
  if (pid_ <= 0) return;
  if (kill(-pid_, signal) != 0 && errno == ESRCH && !wait_status_.has_value()) {
    kill(pid_, signal);
  }
}

absl::Status Subprocess::Wait(std::chrono::milliseconds timeout) {
  if (!Running()) return absl::OkStatus();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  while (Running()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      if (pidfd >= 0) close(pidfd);
      return absl::DeadlineExceededError(Cat("subprocess ", options_.argv[0], " (pid ", pid_,
                                             ") still running after ", timeout.count(), " ms"));
    }
    if (pidfd >= 0) {
      pollfd p{pidfd, POLLIN, 0};
      poll(&p, 1, static_cast<int>(left.count()));
    } else {
      // No pidfd support: poll the exit status.
      std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(5)));
    }
  }
  if (pidfd >= 0) close(pidfd);
  return absl::OkStatus();
}

absl::Status Subprocess::Terminate(std::chrono::milliseconds grace) {
  if (!Running()) {
    SignalGroup(SIGKILL);  // children it may have left in its group
    return absl::OkStatus();
  }
  SignalGroup(SIGTERM);
  if (Wait(grace).ok()) {
    SignalGroup(SIGKILL);
    return absl::OkStatus();
  }
  return Kill();
}

absl::Status Subprocess::Kill() {
  SignalGroup(SIGKILL);
  if (wait_status_.has_value()) return absl::OkStatus();
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) wait_status_ = status;
  if (r < 0 && errno != ECHILD) {
    return absl::InternalError(Cat("subprocess: waitpid ", pid_, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

std::string Subprocess::LogTail(size_t max_bytes) const {
  return ReadFileTail(options_.log_path, max_bytes);
}

absl::Status WaitUntilReady(Subprocess& process, std::chrono::milliseconds deadline,
                            const std::function<absl::Status()>& ready) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  absl::Status last = absl::DeadlineExceededError("not checked yet");
  auto pause = std::chrono::milliseconds(5);
  while (true) {
    if (!process.Running()) {
      const std::string how =
          process.wait_status().has_value() ? DescribeWaitStatus(*process.wait_status()) : "?";
      return absl::FailedPreconditionError(Cat(process.log_path(), ": process exited (", how,
                                               ") before it was ready; log tail:\n",
                                               process.LogTail(2048)));
    }
    last = ready();
    if (last.ok()) return last;
    if (std::chrono::steady_clock::now() >= until) {
      return absl::DeadlineExceededError(Cat("not ready after ", deadline.count(),
                                             " ms: ", last.message(), "; log tail:\n",
                                             process.LogTail(2048)));
    }
    // Readiness of another process can only be polled; back off gently.
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }
}

}  // namespace mxedge::testing
