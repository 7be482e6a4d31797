// Fuzz target: ParseMicropubError on arbitrary bodies under several statuses and content types.
// Beyond not crashing: the description stays bounded and free of control characters, and the
// error survives a round trip through absl::Status.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/indieweb/micropub_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int statuses[] = {302, 400, 401, 403, 404, 500, 201};
  mxedge::http::Response response;
  response.status = statuses[data[0] % 7];
  if (data[0] & 0x80) response.headers.emplace("Content-Type", "text/html");
  response.headers.emplace("Location", "/login");
  response.body = std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto error = mxedge::indieweb::ParseMicropubError(response);
  if (error.description.size() > 203 || error.error.size() > 67) __builtin_trap();
  for (char c : error.description) {
    if (static_cast<unsigned char>(c) < 0x20) __builtin_trap();
  }
  const auto back = mxedge::indieweb::MicropubErrorFromStatus(error.ToStatus());
  if (!back.has_value() || back->kind != error.kind || back->scope != error.scope ||
      back->description != error.description) {
    __builtin_trap();
  }
  (void)mxedge::indieweb::HtmlToText(response.body);
  return 0;
}
