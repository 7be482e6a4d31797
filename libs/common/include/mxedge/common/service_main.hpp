#pragma once
// The start and the end of every service binary's main: flags (--help, --version, --config,
// --check-config), the configuration loaded and logging set to its level, then, once the service
// runs, a wait for SIGTERM or SIGINT.
//
//   std::variant<int, ServiceStart<Config>> start = StartService<Config>(info, argc, argv, load);
//   if (const int* exit_code = std::get_if<int>(&start)) return *exit_code;
//   sigset_t stop = BlockStopSignals();   // before any thread starts
//   ... create and start the service ...
//   AwaitStopSignal(stop);
//   ... stop it ...
#include <signal.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "absl/status/statusor.h"
#include "mxedge/common/command_line.hpp"
#include "mxedge/common/config_schema_core.hpp"
#include "mxedge/common/log.hpp"

namespace mxedge::common {

struct ServiceInfo {
  std::string program;
  std::string version;
  std::function<void()> print_help;  // usage and the configuration keys, on stdout
};

template <typename Config>
struct ServiceStart {
  CommandLine flags;
  Config config;
};

namespace internal {
// Parse errors (exit 2, usage on stderr), --help and --version (exit 0): the exit code, or
// nothing when the process goes on.
std::optional<int> HandleServiceFlags(const ServiceInfo& info,
                                      const absl::StatusOr<CommandLine>& flags);
// Logs the configuration error; the exit code (1).
int ConfigFailure(const absl::Status& status);
}  // namespace internal

// Parses the flags and loads the configuration with `load(source, require_secrets)` (secrets
// are not required under --check-config), logging at info until the configuration names its
// level. Returns the exit code when the process ends here, else the flags and configuration.
template <typename Config, typename Load>
std::variant<int, ServiceStart<Config>> StartService(const ServiceInfo& info, int argc,
                                                     const char* const* argv, const Load& load) {
  absl::StatusOr<CommandLine> flags = ParseCommandLine(argc, argv);
  if (std::optional<int> exit_code = internal::HandleServiceFlags(info, flags)) {
    return *exit_code;
  }
  ConfigSource source;
  source.file_path = flags->config_path;
  InitLogging(info.program, LogLevel::kInfo);
  absl::StatusOr<Config> config = load(source, !flags->check_config);
  if (!config.ok()) {
    return internal::ConfigFailure(config.status());
  }
  InitLogging(info.program, ParseLogLevel(config->log_level).value_or(LogLevel::kInfo));
  return ServiceStart<Config>{*std::move(flags), *std::move(config)};
}

// Blocks SIGTERM and SIGINT in this thread and every thread created after it, so that only
// AwaitStopSignal receives them. Call before the service starts threads.
sigset_t BlockStopSignals();

// Waits for one of `signals`, logs it, and returns its number.
int AwaitStopSignal(const sigset_t& signals);

}  // namespace mxedge::common
