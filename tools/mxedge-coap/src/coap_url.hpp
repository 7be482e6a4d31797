#pragma once
// `coap://host:port/path?query` and `coaps://…` as the CLI and the proxy take them, turned into
// what goes on the wire: Uri-Path options (unescaped, one per segment, a full Matrix path
// compressed to its v1 path code where one exists) and Uri-Query options (unescaped `key=value`).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::coap_cli {

inline constexpr std::uint16_t kDefaultCoapPort = 5683;
inline constexpr std::uint16_t kDefaultCoapsPort = 5684;

struct CoapUrl {
  bool secure = false;  // coaps://
  std::string host;     // without brackets for IPv6 literals
  std::uint16_t port = 0;
  std::vector<std::string> path;   // Uri-Path options
  std::vector<std::string> query;  // Uri-Query options

  // "coaps://host:port" (brackets around IPv6 literals).
  std::string Origin() const;
};

// The v1 path-code form of a Matrix HTTP path ("/9/!r:hs/m.room.message/1"), or the path unchanged
// when no code fits. The v1 templates are written with `r0`; `v3` paths (what current clients
// send) compress to the same codes, which the gateway expands to the version it is set up for.
// Parameters stay percent-encoded.
std::string CompressMatrixPath(std::string_view http_path);

enum class PathCompression { kPathCodes, kNone };

// Rejects anything but coap/coaps, an empty host, a port outside 1..65535, control characters or
// spaces, a malformed %XX escape; a fragment is dropped. Empty query pieces (`a=1&&b=2`) are
// skipped. The path is percent-decoded per segment AFTER path-code compression, so an escaped
// `/` stays inside its segment.
absl::StatusOr<CoapUrl> ParseCoapUrl(std::string_view url,
                                     PathCompression compression = PathCompression::kPathCodes);

}  // namespace mxedge::coap_cli
