#pragma once
// The IndieAuth profile URL ("me"): canonicalisation of what a user types and the spec's rules.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::indieweb {

struct ProfileUrlOptions {
  // Test servers listen on 127.0.0.1/localhost with a port; production keeps both false.
  bool allow_port = false;
  bool allow_ip_host = false;
};

// "my.site" → "https://my.site/", "HTTP://My.Site" → "http://my.site/". Refused, with a reason:
// a scheme other than http(s), a fragment, a user or password, a port, an IP address as host,
// "." or ".." path segments. The query is kept.
absl::StatusOr<std::string> CanonicalProfileUrl(std::string_view input,
                                                const ProfileUrlOptions& options = {});

}  // namespace mxedge::indieweb
