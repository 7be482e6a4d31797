#pragma once
// HttpClient over libcurl: a pool of easy handles so keep-alive connections are reused across
// calls, safe to call from many threads at once. curl stays out of this header.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "mxedge/http/http_client.hpp"

namespace mxedge::http {

struct CurlHttpClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds default_timeout{30'000};  // per call, unless the request sets one
  size_t max_response_bytes = size_t{64} << 20;       // over it: ResourceExhausted
  size_t max_idle_handles = 16;                       // easy handles kept for reuse
  std::string user_agent = "mxedge";
  // When set, every request without this header gets a fresh random id in it.
  std::string request_id_header = "X-Request-Id";
};

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlHttpClientOptions options = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  absl::StatusOr<Response> Send(const ClientRequest& request) override;

  // New connections opened so far (sum of CURLINFO_NUM_CONNECTS): shows connection reuse.
  size_t connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mxedge::http
