#pragma once
// Outgoing HTTP behind an interface, so code that calls the homeserver or users' sites is tested
// with FakeHttpClient and runs with CurlHttpClient.
#include <chrono>
#include <cstddef>
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
  // When set, the connection goes to this IP address (IPv4 or IPv6, no brackets) instead of
  // what the URL's host resolves to; TLS still verifies the URL's host. Lets a caller that vetted
  // an address pin it, so a second DNS answer cannot swap it. Proxies from the environment are
  // not used for such a call.
  std::string connect_address;
  // When non-zero and below the client's own limit, a body over this many bytes is
  // ResourceExhausted.
  size_t max_response_bytes = 0;
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
