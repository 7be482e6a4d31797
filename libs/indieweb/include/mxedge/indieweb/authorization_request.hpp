#pragma once
// Step 3 of the IndieAuth flow: the URL the user opens, and what the service must keep under
// `state` until the redirect comes back (the store is the service's).
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/indieweb/discovery.hpp"

namespace mxedge::indieweb {

inline constexpr std::string_view kDefaultScope = "create update delete undelete media";

struct ClientIdentity {
  std::string client_id;     // the service's public base URL
  std::string redirect_uri;  // same origin as client_id
};

// Kept by the service, keyed by `state`, single use, for at most ten minutes. Holds secrets
// (`code_verifier`): never log it.
struct PendingAuthorization {
  std::string state;
  std::string code_verifier;
  std::string me;  // the canonical profile URL the user entered
  std::string scope;
  std::string issuer;  // empty when discovery found no metadata
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string revocation_endpoint;
  std::string micropub_endpoint;
  std::string media_endpoint;
  std::vector<std::string> discovery_urls;  // the profile's redirect chain, for `me` checks
};

struct AuthorizationRequest {
  std::string url;  // send this to the user
  PendingAuthorization pending;
};

// Builds the request with response_type=code, client_id, redirect_uri, a fresh 256-bit `state`,
// a fresh PKCE S256 pair, `scope` and `me`. FailedPrecondition when discovery found no
// authorization or token endpoint, or the metadata does not offer S256; InvalidArgument when
// the client identity is not two http(s) URLs of the same origin or the scope is empty.
absl::StatusOr<AuthorizationRequest> BuildAuthorizationRequest(
    const Discovery& discovery, const ClientIdentity& client, std::string_view me,
    std::string_view scope = kDefaultScope);

}  // namespace mxedge::indieweb
