#pragma once
// IndieAuth Server Metadata (RFC 8414 as profiled by IndieAuth §4.1.1): the JSON document the
// `indieauth-metadata` rel points at.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::indieweb {

inline constexpr size_t kMaxMetadataBytes = size_t{64} << 10;

struct ServerMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string introspection_endpoint;  // empty when absent, like the other optional ones
  std::string revocation_endpoint;
  std::string userinfo_endpoint;
  std::vector<std::string> code_challenge_methods_supported;  // empty: not advertised
  std::vector<std::string> scopes_supported;
  bool authorization_response_iss_parameter_supported = false;

  // PKCE S256 is usable: advertised, or nothing advertised (older servers).
  bool SupportsS256() const;
};

// Parses the document fetched from `metadata_url`. InvalidArgument naming the member when: the
// body is not a JSON object (or is over kMaxMetadataBytes); `issuer`, `authorization_endpoint`
// or `token_endpoint` is missing or not an absolute http(s) URL; the issuer has a query or
// fragment or is not a prefix of `metadata_url`; an optional endpoint is present but not a URL;
// a list member is not a list of strings.
absl::StatusOr<ServerMetadata> ParseServerMetadata(std::string_view body,
                                                   std::string_view metadata_url);

}  // namespace mxedge::indieweb
