// RunMain: the irc-worker process: flags, configuration, the App, and SIGTERM/SIGINT as drain.
#include <signal.h>

#include <iostream>
#include <memory>

#include "app.hpp"
#include "config.hpp"
#include "mxedge/common/command_line.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/service_main.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr char kProgram[] = "irc-worker";
constexpr char kVersion[] = "0.1.0";

}  // namespace

int RunMain(int argc, const char* const* argv) {
  const common::ServiceInfo info{.program = kProgram, .version = kVersion, .print_help = [] {
                                   std::cout << common::CommandLineUsage(kProgram)
                                             << "\nConfiguration keys (file < environment):\n"
                                             << WorkerConfigSchema().Describe();
                                 }};
  std::variant<int, common::ServiceStart<Config>> start = common::StartService<Config>(
      info, argc, argv, [](const common::ConfigSource& source, bool require_secrets) {
        return LoadConfig(source, common::ProcessEnvironment(), require_secrets);
      });
  if (const int* exit_code = std::get_if<int>(&start)) {
    return *exit_code;
  }
  const auto& [flags, config] = std::get<common::ServiceStart<Config>>(start);
  if (flags.check_config) {
    std::cout << "configuration OK\n";
    return 0;
  }
  sigset_t stop_signals = common::BlockStopSignals();
  absl::StatusOr<std::unique_ptr<App>> app = App::Create(config);
  if (!app.ok()) {
    common::LogError("invalid configuration", {{"error", std::string(app.status().message())}});
    return 1;
  }
  if (absl::Status s = (*app)->Start(); !s.ok()) {
    common::LogError("startup failed", {{"error", s.ToString()}});
    return 1;
  }
  common::AwaitStopSignal(stop_signals);
  (*app)->Stop();
  return 0;
}

}  // namespace mxedge::irc_worker
