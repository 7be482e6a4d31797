#pragma once
// IndieAuth and Micropub endpoint discovery from a profile URL: `Link` headers first, then the
// HTML `<link>`/`<a>` rels, relative URLs resolved against the final URL after redirects.
// `indieauth-metadata` wins over the legacy `authorization_endpoint`/`token_endpoint` rels.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/indieweb/guarded_http_client.hpp"
#include "mxedge/indieweb/server_metadata.hpp"

namespace mxedge::indieweb {

struct Discovery {
  std::string profile_url;        // what was fetched
  std::string final_url;          // after redirects
  std::vector<std::string> urls;  // the redirect chain, final URL last
  std::string metadata_url;       // empty without metadata
  std::optional<ServerMetadata> metadata;
  // From the metadata when there is one, else from the legacy rels; empty when not found.
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string revocation_endpoint;
  std::string introspection_endpoint;
  std::string micropub_endpoint;
  std::string media_endpoint;  // rel=micropub_media; q=config may name one too
};

struct DiscoveryOptions {
  size_t max_html_bytes = size_t{1} << 20;
};

class Discoverer {
 public:
  Discoverer(GuardedHttpClient& http, DiscoveryOptions options = {});

  // Fetches `profile_url` (already canonical) and, when declared, the metadata document. Errors:
  // the fetch's status (guard refusals, timeouts, too many redirects); FailedPrecondition when
  // the page answers a non-2xx status, or when the metadata cannot be used and no legacy rels
  // exist to fall back on. A page declaring nothing is OK with empty endpoints.
  absl::StatusOr<Discovery> Discover(std::string_view profile_url);

 private:
  absl::StatusOr<ServerMetadata> FetchMetadata(const std::string& url);

  GuardedHttpClient& http_;
  DiscoveryOptions options_;
};

}  // namespace mxedge::indieweb
