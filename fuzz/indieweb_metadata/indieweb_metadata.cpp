// Fuzz target: ParseServerMetadata and ParseTokenResponse on arbitrary bytes. Beyond not
// crashing: accepted metadata always has an issuer that prefixes the metadata URL and both
// required endpoints; an accepted token answer always has an access token.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/common/clock.hpp"
#include "mxedge/indieweb/server_metadata.hpp"
#include "mxedge/indieweb/token_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string url = "https://auth.example/.well-known/oauth-authorization-server";
  const auto metadata = mxedge::indieweb::ParseServerMetadata(input, url);
  if (metadata.ok()) {
    if (metadata->issuer.empty() || url.find(metadata->issuer) != 0) __builtin_trap();
    if (metadata->authorization_endpoint.empty() || metadata->token_endpoint.empty()) {
      __builtin_trap();
    }
  } else if (metadata.status().message().empty()) {
    __builtin_trap();
  }
  mxedge::http::Response response;
  response.status = 200;
  response.body = std::string(input);
  const auto grant =
      mxedge::indieweb::ParseTokenResponse(response, mxedge::common::SystemClock::Instance());
  if (grant.ok() && grant->access_token.empty()) __builtin_trap();
  return 0;
}
