#pragma once
// Proxy mode's media path: `/_matrix/media/…` and `/_matrix/client/v1/media/…` go to the
// homeserver over plain HTTP (MSC3079 covers the Client-Server JSON API only; binary media gains
// nothing from CBOR).
#include <string>

#include "mxedge/http/http_client.hpp"
#include "mxedge/http/request.hpp"
#include "mxedge/http/response.hpp"

namespace mxedge::coap_cli {

class MediaForwarder {
 public:
  // `upstream` is the homeserver's base URL, e.g. "http://hs:8008" (a trailing '/' is ignored).
  MediaForwarder(http::HttpClient& client, std::string upstream);

  // Forwards method, path, query, body and the headers media needs (Authorization, Content-Type,
  // Accept, Range, If-None-Match); answers with the homeserver's status, body and content
  // headers. A failed call → 502 (504 on a timeout) with a Matrix error body.
  http::Response Forward(const http::Request& request) const;

  // The URL `request` is forwarded to.
  std::string UpstreamUrl(const http::Request& request) const;

 private:
  http::HttpClient& client_;
  std::string upstream_;
};

}  // namespace mxedge::coap_cli
