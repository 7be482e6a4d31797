// RunMain: the irc-worker process: flags, configuration, the App, and SIGTERM/SIGINT as drain.
#include <signal.h>

#include <iostream>
#include <memory>

#include "app.hpp"
#include "config.hpp"
#include "mxedge/common/command_line.hpp"
#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr char kProgram[] = "irc-worker";
constexpr char kVersion[] = "0.1.0";

sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

}  // namespace

int RunMain(int argc, const char* const* argv) {
  absl::StatusOr<common::CommandLine> flags = common::ParseCommandLine(argc, argv);
  if (!flags.ok()) {
    std::cerr << flags.status().message() << "\n" << common::CommandLineUsage(kProgram);
    return 2;
  }
  if (flags->help) {
    std::cout << common::CommandLineUsage(kProgram)
              << "\nConfiguration keys (file < environment):\n"
              << WorkerConfigSchema().Describe();
    return 0;
  }
  if (flags->version) {
    std::cout << kProgram << " " << kVersion << "\n";
    return 0;
  }
  common::ConfigSource source;
  source.file_path = flags->config_path;
  common::InitLogging(kProgram, common::LogLevel::kInfo);
  absl::StatusOr<Config> config =
      LoadConfig(source, common::ProcessEnvironment(), !flags->check_config);
  if (!config.ok()) {
    common::LogError("invalid configuration", {{"error", std::string(config.status().message())}});
    return 1;
  }
  common::InitLogging(kProgram, *common::ParseLogLevel(config->log_level));
  if (flags->check_config) {
    std::cout << "configuration OK\n";
    return 0;
  }
  sigset_t stop_signals = BlockStopSignals();
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(*config);
  if (!app.ok()) {
    common::LogError("invalid configuration", {{"error", std::string(app.status().message())}});
    return 1;
  }
  if (absl::Status s = (*app)->Start(); !s.ok()) {
    common::LogError("startup failed", {{"error", s.ToString()}});
    return 1;
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  common::LogInfo("stop signal received, draining", {{"signal", signal_number}});
  (*app)->Stop();
  return 0;
}

}  // namespace mxedge::irc_worker
