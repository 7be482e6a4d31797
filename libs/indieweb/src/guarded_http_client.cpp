#include "mxedge/indieweb/guarded_http_client.hpp"

#include <utility>

#include "absl/status/status.h"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "text.hpp"

namespace mxedge::indieweb {

using common::Cat;
namespace {

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string WithoutQuery(std::string_view url) {
  return std::string(url.substr(0, url.find_first_of("?#")));
}

}  // namespace

GuardedHttpClient::GuardedHttpClient(http::HttpClient& inner, const UrlGuard& guard,
                                     GuardedHttpClientOptions options)
    : inner_(inner), guard_(guard), options_(options) {}

absl::StatusOr<http::Response> GuardedHttpClient::Send(const http::ClientRequest& request) {
  absl::StatusOr<VettedUrl> vetted = guard_.Check(request.url);
  if (!vetted.ok()) {
    common::LogDebug(
        "outbound fetch refused",
        {{"url", WithoutQuery(request.url)}, {"reason", std::string(vetted.status().message())}});
    return vetted.status();
  }
  http::ClientRequest pinned = request;
  pinned.connect_address = vetted->address.ToString();
  if (pinned.timeout.count() <= 0 || pinned.timeout > options_.timeout) {
    pinned.timeout = options_.timeout;
  }
  if (pinned.max_response_bytes == 0 || pinned.max_response_bytes > options_.max_response_bytes) {
    pinned.max_response_bytes = options_.max_response_bytes;
  }
  return inner_.Send(pinned);
}

absl::StatusOr<FetchResult> GuardedHttpClient::Fetch(const http::ClientRequest& request) {
  FetchResult result;
  http::ClientRequest hop = request;
  absl::StatusOr<Url> first = ParseUrl(request.url);
  if (!first.ok()) {
    return first.status();
  }
  const std::string origin = first->Origin();
  for (int redirects = 0;; ++redirects) {
    result.urls.push_back(hop.url);
    absl::StatusOr<http::Response> response = Send(hop);
    if (!response.ok()) {
      return response.status();
    }
    const std::optional<std::string> location = http::FindHeader(response->headers, "Location");
    if (!IsRedirect(response->status) || !location.has_value()) {
      result.response = *std::move(response);
      result.final_url = hop.url;
      return result;
    }
    if (redirects == options_.max_redirects) {
      return absl::FailedPreconditionError(
          Cat("more than ", options_.max_redirects, " redirects from ", WithoutQuery(request.url)));
    }
    absl::StatusOr<std::string> next = ResolveUrl(hop.url, *location);
    if (!next.ok()) {
      return absl::InvalidArgumentError(
          Cat("redirect from ", WithoutQuery(hop.url), ": ", next.status().message()));
    }
    absl::StatusOr<Url> next_url = ParseUrl(*next);
    if (!next_url.ok()) {
      return next_url.status();
    }
    const std::string method = hop.method;
    if (response->status != 307 && response->status != 308 &&
        !internal::EqualsIgnoreCase(method, "GET") && !internal::EqualsIgnoreCase(method, "HEAD")) {
      hop.method = "GET";
      hop.body.clear();
      hop.headers.erase("Content-Type");
    }
    if (next_url->Origin() != origin) {
      hop.headers.erase("Authorization");
      hop.headers.erase("Cookie");
    }
    hop.url = *std::move(next);
  }
}

}  // namespace mxedge::indieweb
