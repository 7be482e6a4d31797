// Fuzzes CoAP path-code expansion and HTTP path compression. The first input byte picks r0 or v3,
// the rest is a textual path. Traps (a bug in our code) when an expanded path holds a byte that
// should have been escaped, or when compressing, expanding and compressing again disagrees.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/msc3079/path_codes.hpp"

namespace {

using mxedge::msc3079::ClientApiVersion;

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

// Bytes EscapePathSegment keeps, plus the '/' separators.
bool IsPlain(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return std::string_view("-._~@:$=&+,/").find(c) != std::string_view::npos;
}

// An expanded HTTP path: starts with '/', only plain bytes and well-formed %XX escapes.
bool IsWellEscaped(std::string_view path) {
  if (path.empty() || path[0] != '/') {
    return false;
  }
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%') {
      if (i + 2 >= path.size() || !IsHex(path[i + 1]) || !IsHex(path[i + 2])) {
        return false;
      }
      i += 2;
    } else if (!IsPlain(path[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const ClientApiVersion version =
      (data[0] & 1) != 0 ? ClientApiVersion::kV3 : ClientApiVersion::kR0;
  const std::string_view path(reinterpret_cast<const char*>(data + 1), size - 1);

  const std::vector<std::string> segments = mxedge::msc3079::SplitCoapPath(path);
  absl::StatusOr<std::string> http = mxedge::msc3079::CoapPathToHttp(segments, version);
  if (http.ok() && !IsWellEscaped(*http)) {
    __builtin_trap();
  }

  const std::string coap = mxedge::msc3079::HttpPathToCoap(path);
  if (coap != path) {
    // A compressed path always expands (every parameter present and non-empty).
    const std::vector<std::string> coap_segments = mxedge::msc3079::SplitCoapPath(coap);
    absl::StatusOr<std::string> expanded =
        mxedge::msc3079::CoapPathToHttp(coap_segments, ClientApiVersion::kR0);
    if (!expanded.ok()) {
      __builtin_trap();
    }
    // Without bytes that expansion escapes, expanding is the inverse of compressing.
    bool plain = true;
    for (const char c : path) {
      plain = plain && IsPlain(c);
    }
    if (plain && mxedge::msc3079::HttpPathToCoap(*expanded) != coap) {
      __builtin_trap();
    }
  }
  return 0;
}
