#pragma once
// HTTP `Link` header fields (RFC 8288 §3): `<target>; rel="a b"; type=x, <other>; rel=c`.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::indieweb {

struct Link {
  std::string target;             // as written: may be relative, resolve before use
  std::vector<std::string> rels;  // lower-cased, in order; empty when the link has no rel
};

// Parses one field value, which may hold several comma-separated links. Only the first `rel`
// parameter of a link counts (§3.3). Anything not matching the grammar (no '<', no '>', an
// unterminated quoted string, a parameter without a name) is InvalidArgument with its offset.
absl::StatusOr<std::vector<Link>> ParseLinkHeader(std::string_view value);

}  // namespace mxedge::indieweb
