// Fuzzes what mxedge-coap parses from users and from HTTP clients: URLs, command lines, the
// converters' input and proxied HTTP requests. The first byte picks the parser; a result that
// breaks an invariant traps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cbor_convert.hpp"
#include "cli_options.hpp"
#include "coap_url.hpp"
#include "proxy_translator.hpp"

namespace {

using namespace mxedge::coap_cli;  // NOLINT(build/namespaces): a fuzz entry point

void FuzzUrl(std::string_view input) {
  for (PathCompression compression : {PathCompression::kPathCodes, PathCompression::kNone}) {
    absl::StatusOr<CoapUrl> url = ParseCoapUrl(input, compression);
    if (url.ok() && (url->host.empty() || url->port == 0)) {
      __builtin_trap();
    }
  }
}

void FuzzCommandLine(std::string_view input) {
  std::vector<std::string> args;
  size_t start = 0;
  while (start <= input.size()) {
    const size_t end = input.find('\0', start);
    args.emplace_back(input.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  absl::StatusOr<Invocation> invocation = ParseInvocation(args);
  if (invocation.ok() && invocation->command == Command::kRequest &&
      invocation->request.url.empty()) {
    __builtin_trap();
  }
}

void FuzzConvert(std::string_view input) {
  for (bool hex : {false, true}) {
    absl::StatusOr<std::string> json = CborToJson(input, {.hex = hex, .strings = false});
    if (json.ok()) {
      // Whatever decodes must encode again.
      if (!JsonToCbor(*json, {}).ok()) {
        __builtin_trap();
      }
    }
  }
  (void)JsonToCbor(input, {.hex = true, .strings = true});
}

void FuzzHttpRequest(std::string_view input) {
  // "<path>\n<authorization>\n<body>"
  mxedge::http::Request request;
  request.method = input.size() % 2 == 0 ? "PUT" : "GET";
  const size_t first = input.find('\n');
  request.raw_path = std::string(input.substr(0, first));
  if (first != std::string_view::npos) {
    const std::string_view rest = input.substr(first + 1);
    const size_t second = rest.find('\n');
    request.headers.emplace("Authorization", std::string(rest.substr(0, second)));
    if (second != std::string_view::npos) {
      request.body = std::string(rest.substr(second + 1));
    }
  }
  absl::StatusOr<CoapRequest> coap = HttpToCoap(request);
  if (coap.ok() && coap->access_token.has_value() && coap->access_token->empty()) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
    case 0:
      FuzzUrl(input);
      break;
    case 1:
      FuzzCommandLine(input);
      break;
    case 2:
      FuzzConvert(input);
      break;
    default:
      FuzzHttpRequest(input);
      break;
  }
  return 0;
}
