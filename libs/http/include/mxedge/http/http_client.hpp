#pragma once
// Outgoing HTTP behind an interface, so code that calls the homeserver or users' sites is tested
// with FakeHttpClient and runs with CurlHttpClient.
#include <chrono>
#include <string>

#include "absl/status/statusor.h"
#include "mxedge/http/header_map.hpp"
#include "mxedge/http/response.hpp"

namespace mxedge::http {

struct ClientRequest {
  std::string method = "GET";
  std::string url;
  HeaderMap headers;
  std::string body;
  // Total time for the call; zero means the client's default.
  std::chrono::milliseconds timeout{0};
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Any HTTP status is a successful call; a non-OK status means no complete response arrived:
  // DeadlineExceeded (timeout), Unavailable (refused, reset, DNS), ResourceExhausted (response
  // body over the limit), InvalidArgument (bad URL or method), Internal (anything else).
  virtual absl::StatusOr<Response> Send(const ClientRequest& request) = 0;
};

}  // namespace mxedge::http
