#pragma once
// An HttpClient for user-supplied URLs: every call passes the UrlGuard, is pinned to the vetted
// address, has a total timeout and a response size cap. Send() never follows redirects (a
// Micropub endpoint's 302 to a login page is an answer, not a hop); Fetch() follows at most
// `max_redirects`, vetting each hop.
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "mxedge/http/http_client.hpp"
#include "mxedge/indieweb/url_guard.hpp"

namespace mxedge::indieweb {

struct GuardedHttpClientOptions {
  int max_redirects = 5;
  std::chrono::milliseconds timeout{15'000};    // per hop, unless the request sets a shorter one
  size_t max_response_bytes = size_t{1} << 20;  // unless the request sets a smaller one
};

struct FetchResult {
  http::Response response;
  std::string final_url;          // the URL that gave `response`
  std::vector<std::string> urls;  // every URL requested, in order, the final one last
};

class GuardedHttpClient final : public http::HttpClient {
 public:
  GuardedHttpClient(http::HttpClient& inner, const UrlGuard& guard,
                    GuardedHttpClientOptions options = {});

  // One hop. The guard's status when the URL is refused; otherwise the inner client's answer.
  absl::StatusOr<http::Response> Send(const http::ClientRequest& request) override;

  // Follows 301/302/303/307/308 with a Location (relative ones resolved against the hop's URL).
  // 301/302/303 turn a POST into a body-less GET; `Authorization` and `Cookie` are dropped when a
  // hop leaves the first request's origin. More than `max_redirects` hops is FailedPrecondition.
  absl::StatusOr<FetchResult> Fetch(const http::ClientRequest& request);

 private:
  http::HttpClient& inner_;
  const UrlGuard& guard_;
  GuardedHttpClientOptions options_;
};

}  // namespace mxedge::indieweb
