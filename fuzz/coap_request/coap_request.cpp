// Fuzzes the coap-gateway's request and response translation.
//
// Input layout: byte 0 = method (bits 0-2) and flags (0x08 token present, 0x10 option 257
// present, 0x20 sticky tokens off, 0x40 v3 paths, 0x80 Accept 50); byte 1 = Content-Format choice
// (bits 0-2: none, 60, 50, 42, 0, 12345, ...) and option 257's value (bits 4-7); then lines
// separated by '\n': the Uri-Path ('/'-separated), the Uri-Query ('&'-separated), the token; the
// rest is the body. Two requests run on one session, so the sticky state is exercised.
// Traps when a translated call has no absolute path, or a response carries code 0.00 or a body
// without a Content-Format.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "request_translator.hpp"
#include "response_translator.hpp"

namespace {

using mxedge::coap_gateway::CoapRequest;
using mxedge::coap_gateway::CoapResponse;

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  if (text.empty()) {
    return parts;
  }
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

std::string_view NextLine(std::string_view& rest) {
  std::size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

void CheckResponse(const CoapResponse& response) {
  std::uint8_t code_class = response.code.code_class();
  if (response.code.raw() == 0 || code_class == 0 || code_class == 1 || code_class > 5) {
    __builtin_trap();
  }
  if (!response.body.empty() && !response.content_format.has_value()) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  const std::uint8_t flags = data[0];
  const std::uint8_t format = data[1];
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);

  CoapRequest request;
  request.method = flags & 0x07;
  request.uri_path = Split(NextLine(rest), '/');
  request.uri_query = Split(NextLine(rest), '&');
  std::string_view token = NextLine(rest);
  if ((flags & 0x08) != 0) {
    request.access_token = std::string(token);
  }
  if ((flags & 0x10) != 0) {
    request.enum_version = format >> 4;
  }
  constexpr std::uint16_t kFormats[] = {0, 60, 50, 42, 0, 12345, 60, 50};
  if ((format & 0x07) != 0) {
    request.content_format = kFormats[format & 0x07];
  }
  if ((flags & 0x80) != 0) {
    request.accept = 50;
  }
  request.body = std::string(rest);

  mxedge::coap_gateway::TranslateOptions options;
  options.sticky_tokens = (flags & 0x20) == 0;
  options.api_version = (flags & 0x40) != 0 ? mxedge::msc3079::ClientApiVersion::kV3
                                            : mxedge::msc3079::ClientApiVersion::kR0;
  options.max_body_bytes = 4096;
  mxedge::coap_gateway::SessionState session;

  for (int round = 0; round < 2; ++round) {
    absl::StatusOr<mxedge::v1::HttpCall> call =
        mxedge::coap_gateway::TranslateRequest(request, options, session);
    const int version = static_cast<int>(session.enum_version.version());
    if (!call.ok()) {
      CheckResponse(mxedge::coap_gateway::ErrorResponse(call.status(), version));
    } else {
      if (call->path().empty() || call->path()[0] != '/') {
        __builtin_trap();
      }
      // The homeserver echoes the request body; 200 and a 429 with a hint.
      mxedge::v1::HttpResult result;
      result.set_status(round == 0 ? 200 : 429);
      result.set_content_type("application/json");
      result.set_body(call->body().empty() ? std::string(R"({"versions":["v1.1"]})")
                                           : call->body());
      result.set_retry_after_ms(round * 1234);
      mxedge::coap_gateway::ResponseOptions response_options;
      response_options.accept = request.accept;
      response_options.http_path = call->path();
      response_options.dtls_port = 8008;
      CheckResponse(mxedge::coap_gateway::TranslateResponse(result, response_options, version));
    }
    // The second round relies on the session: no token, no option 257.
    request.access_token.reset();
    request.enum_version.reset();
  }
  return 0;
}
