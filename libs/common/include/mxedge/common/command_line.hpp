#pragma once
// The flags every service binary accepts. Everything else is configuration (file or env).
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::common {

struct CommandLine {
  std::optional<std::string> config_path;  // --config PATH or --config=PATH
  bool help = false;                       // --help, -h: print usage and the config keys
  bool version = false;                    // --version
  bool check_config = false;               // --check-config: load config, report, exit
};

// Unknown flags, positional arguments, a repeated or empty --config are kInvalidArgument.
absl::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv);

// The flags section of --help output.
std::string CommandLineUsage(std::string_view program);

}  // namespace mxedge::common
