#include "mxedge/indieweb/discovery.hpp"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/html_links.hpp"
#include "mxedge/indieweb/link_header.hpp"
#include "mxedge/indieweb/url.hpp"
#include "text.hpp"

namespace mxedge::indieweb {

using common::Cat;
namespace {

struct ResolvedLink {
  std::string url;
  std::vector<std::string> rels;
};

bool IsHtml(const http::Response& response) {
  const std::optional<std::string> type = http::FindHeader(response.headers, "Content-Type");
  if (!type.has_value()) return false;
  const std::string lower = internal::Lower(*type);
  return lower.starts_with("text/html") || lower.starts_with("application/xhtml+xml");
}

// Links with an absolute http(s) URL; the ones that do not resolve are dropped.
void AddResolved(const std::vector<Link>& links, const std::string& base,
                 std::vector<ResolvedLink>& out) {
  for (const Link& link : links) {
    if (link.rels.empty()) continue;
    absl::StatusOr<std::string> url = ResolveUrl(base, link.target);
    if (!url.ok()) continue;
    absl::StatusOr<Url> parsed = ParseUrl(*url);
    if (!parsed.ok() || (parsed->scheme != "https" && parsed->scheme != "http")) continue;
    out.push_back({*std::move(url), link.rels});
  }
}

std::string FirstRel(const std::vector<ResolvedLink>& from_headers,
                     const std::vector<ResolvedLink>& from_html, std::string_view rel) {
  for (const auto* list : {&from_headers, &from_html}) {
    for (const ResolvedLink& link : *list) {
      if (std::find(link.rels.begin(), link.rels.end(), rel) != link.rels.end()) {
        return link.url;
      }
    }
  }
  return "";
}

}  // namespace

Discoverer::Discoverer(GuardedHttpClient& http, DiscoveryOptions options)
    : http_(http), options_(options) {}

absl::StatusOr<ServerMetadata> Discoverer::FetchMetadata(const std::string& url) {
  http::ClientRequest request{"GET", url, {{"Accept", "application/json"}}};
  request.max_response_bytes = kMaxMetadataBytes;
  absl::StatusOr<FetchResult> fetched = http_.Fetch(request);
  if (!fetched.ok()) return fetched.status();
  if (fetched->response.status != 200) {
    return absl::FailedPreconditionError(
        Cat("metadata at ", url, " answered HTTP ", fetched->response.status));
  }
  return ParseServerMetadata(fetched->response.body, url);
}

absl::StatusOr<Discovery> Discoverer::Discover(std::string_view profile_url) {
  http::ClientRequest request{"GET",
                              std::string(profile_url),
                              {{"Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"}}};
  request.max_response_bytes = options_.max_html_bytes;
  absl::StatusOr<FetchResult> page = http_.Fetch(request);
  if (!page.ok()) return page.status();
  Discovery out;
  out.profile_url = std::string(profile_url);
  out.final_url = page->final_url;
  out.urls = page->urls;
  if (page->response.status < 200 || page->response.status > 299) {
    return absl::FailedPreconditionError(
        Cat("profile page ", out.final_url, " answered HTTP ", page->response.status));
  }
  std::vector<ResolvedLink> from_headers;
  const auto [begin, end] = page->response.headers.equal_range("Link");
  for (auto it = begin; it != end; ++it) {
    absl::StatusOr<std::vector<Link>> links = ParseLinkHeader(it->second);
    if (!links.ok()) {
      common::LogDebug("ignoring a malformed Link header",
                       {{"url", out.final_url}, {"error", std::string(links.status().message())}});
      continue;
    }
    AddResolved(*links, out.final_url, from_headers);
  }
  std::vector<ResolvedLink> from_html;
  if (IsHtml(page->response)) {
    const HtmlLinks html = ScanHtmlLinks(page->response.body, options_.max_html_bytes);
    std::string base = out.final_url;
    if (!html.base_href.empty()) {
      absl::StatusOr<std::string> resolved = ResolveUrl(out.final_url, html.base_href);
      if (resolved.ok()) base = *std::move(resolved);
    }
    AddResolved(html.links, base, from_html);
  }

  out.micropub_endpoint = FirstRel(from_headers, from_html, "micropub");
  out.media_endpoint = FirstRel(from_headers, from_html, "micropub_media");
  const std::string metadata_url = FirstRel(from_headers, from_html, "indieauth-metadata");
  const std::string legacy_auth = FirstRel(from_headers, from_html, "authorization_endpoint");
  const std::string legacy_token = FirstRel(from_headers, from_html, "token_endpoint");
  if (!metadata_url.empty()) {
    absl::StatusOr<ServerMetadata> metadata = FetchMetadata(metadata_url);
    if (metadata.ok()) {
      out.metadata_url = metadata_url;
      out.issuer = metadata->issuer;
      out.authorization_endpoint = metadata->authorization_endpoint;
      out.token_endpoint = metadata->token_endpoint;
      out.revocation_endpoint = metadata->revocation_endpoint;
      out.introspection_endpoint = metadata->introspection_endpoint;
      out.metadata = *std::move(metadata);
      return out;
    }
    if (legacy_auth.empty()) {
      return absl::FailedPreconditionError(
          Cat("IndieAuth metadata of ", out.final_url, ": ", metadata.status().message()));
    }
    common::LogInfo("IndieAuth metadata unusable, using the legacy rels",
                    {{"url", out.final_url}, {"error", std::string(metadata.status().message())}});
  }
  out.authorization_endpoint = legacy_auth;
  out.token_endpoint = legacy_token;
  return out;
}

}  // namespace mxedge::indieweb
