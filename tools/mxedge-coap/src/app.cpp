#include "app.hpp"

#include <cstdlib>
#include <istream>
#include <iterator>
#include <ostream>
#include <string>
#include <vector>

#include "cbor_convert.hpp"
#include "cli_options.hpp"
#include "mxedge/common/log.hpp"
#include "proxy_command.hpp"
#include "request_command.hpp"

namespace mxedge::coap_cli {
namespace {

int RunConvert(Command command, const ConvertOptions& options, std::istream& in, std::ostream& out,
               std::ostream& err) {
  const std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  absl::StatusOr<std::string> result =
      command == Command::kCborToJson ? CborToJson(input, options) : JsonToCbor(input, options);
  if (!result.ok()) {
    err << "mxedge-coap " << (command == Command::kCborToJson ? "cbor2json" : "json2cbor") << ": "
        << result.status().message() << "\n";
    return 1;
  }
  out << *result;
  out.flush();
  return 0;
}

}  // namespace

int RunMain(int argc, const char* const* argv, std::istream& in, std::ostream& out,
            std::ostream& err) {
  const std::string program = argc > 0 ? argv[0] : "mxedge-coap";
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  absl::StatusOr<Invocation> invocation = ParseInvocation(args);
  if (!invocation.ok()) {
    err << "mxedge-coap: " << invocation.status().message() << "\n";
    return 2;
  }
  switch (invocation->command) {
    case Command::kHelp:
      out << UsageText("mxedge-coap");
      return 0;
    case Command::kCborToJson:
    case Command::kJsonToCbor:
      return RunConvert(invocation->command, invocation->convert, in, out, err);
    case Command::kRequest:
      // Logs would mix with the answer on stdout: errors only.
      common::InitLogging("mxedge-coap", common::LogLevel::kError);
      if (!invocation->request.token.has_value()) {
        // The token from the environment keeps it out of `ps` and shell history.
        if (const char* token = std::getenv("MXEDGE_COAP_TOKEN"); token != nullptr && *token) {
          invocation->request.token = token;
        }
      }
      return RunRequest(invocation->request, in, out, err);
    case Command::kProxy:
      common::InitLogging("mxedge-coap", invocation->proxy.verbose ? common::LogLevel::kDebug
                                                                   : common::LogLevel::kInfo);
      return RunProxy(invocation->proxy, err);
  }
  return 2;
}

}  // namespace mxedge::coap_cli
