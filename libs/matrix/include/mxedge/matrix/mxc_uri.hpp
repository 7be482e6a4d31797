#pragma once
// Content URIs: mxc://<server-name>/<media-id>, media id [A-Za-z0-9_-]+ (spec "Matrix Content
// URIs").
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::matrix {

struct MxcUri {
  std::string server_name;
  std::string media_id;

  std::string ToString() const;  // "mxc://server/media_id"
  friend bool operator==(const MxcUri&, const MxcUri&) = default;
};

// InvalidArgument naming the problem for anything else (wrong scheme, bad server name, empty or
// invalid media id, extra path segments).
absl::StatusOr<MxcUri> ParseMxcUri(std::string_view text);

}  // namespace mxedge::matrix
