#include "mxedge/common/service_main.hpp"

#include <pthread.h>

#include <iostream>

namespace mxedge::common {
namespace internal {

std::optional<int> HandleServiceFlags(const ServiceInfo& info,
                                      const absl::StatusOr<CommandLine>& flags) {
  if (!flags.ok()) {
    std::cerr << flags.status().message() << "\n" << CommandLineUsage(info.program);
    return 2;
  }
  if (flags->help) {
    info.print_help();
    return 0;
  }
  if (flags->version) {
    std::cout << info.program << " " << info.version << "\n";
    return 0;
  }
  return std::nullopt;
}

int ConfigFailure(const absl::Status& status) {
  LogError("invalid configuration", {{"error", std::string(status.message())}});
  return 1;
}

}  // namespace internal

sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int AwaitStopSignal(const sigset_t& signals) {
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  LogInfo("stop signal received, draining", {{"signal", signal_number}});
  return signal_number;
}

}  // namespace mxedge::common
