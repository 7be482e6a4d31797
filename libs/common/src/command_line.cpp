#include "mxedge/common/command_line.hpp"

#include "absl/strings/str_cat.h"

namespace mxedge::common {

namespace {

absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

absl::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv) {
  CommandLine out;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    std::optional<std::string_view> config_value;
    if (arg == "--help" || arg == "-h") {
      out.help = true;
    } else if (arg == "--version") {
      out.version = true;
    } else if (arg == "--check-config") {
      out.check_config = true;
    } else if (arg == "--config") {
      if (i + 1 >= argc) {
        return absl::InvalidArgumentError("--config: missing PATH");
      }
      config_value = argv[++i];
    } else if (arg.starts_with("--config=")) {
      config_value = arg.substr(std::string_view("--config=").size());
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown argument '", Absl(arg), "' (see --help)"));
    }
    if (config_value.has_value()) {
      if (config_value->empty()) {
        return absl::InvalidArgumentError("--config: empty PATH");
      }
      if (out.config_path.has_value()) {
        return absl::InvalidArgumentError("--config given more than once");
      }
      out.config_path = std::string(*config_value);
    }
  }
  return out;
}

std::string CommandLineUsage(std::string_view program) {
  return absl::StrCat("Usage: ", Absl(program),
                      " [--config PATH] [--check-config] [--help] [--version]\n"
                      "  --config PATH    YAML config file (environment variables override it)\n"
                      "  --check-config   load and validate the configuration, then exit\n"
                      "  --help, -h       this text and every configuration key\n"
                      "  --version        print the version and exit\n");
}

}  // namespace mxedge::common
