#pragma once
// Proxy mode's translation: a Matrix HTTP+JSON request → a CoAP+CBOR request (path codes, query
// options, the bearer token, the JSON body as CBOR with v1 integer keys) and the CoAP answer →
// HTTP+JSON (status by the inverse MSC3079 table, CBOR decoded, Matrix error bodies). Pure: no I/O.
// Request bodies: JSON (by Content-Type, or a body of any other non-text type that parses as
// JSON) → CBOR with v1 keys, Content-Format 60; CBOR and text/plain pass with 60 / 0; anything
// else passes as 42.
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "coap_message.hpp"
#include "mxedge/http/request.hpp"
#include "mxedge/http/response.hpp"

namespace mxedge::coap_cli {

// Paths the homeserver serves over HTTP only: `/_matrix/media/…` and `/_matrix/client/v1/media/…`.
bool IsMediaPath(std::string_view raw_path);

// Errors carry the HTTP answer's status in their code: InvalidArgument → 400 (bad JSON body,
// bad escape), Unimplemented → 405 (a method CoAP does not carry), Unauthenticated → 401 (a
// non-Bearer Authorization header). ErrorToHttp turns them into Matrix error responses.
absl::StatusOr<CoapRequest> HttpToCoap(const http::Request& request);

// The HTTP answer for a CoAP response. Every 2.xx but 2.31 → 200; 2.31 as a final answer, a body
// labelled CBOR that does not decode → 502 (an unlabelled body is tried as CBOR, else passed on
// as application/octet-stream). An error code without a body gets a Matrix error body. Max-Age on
// an error becomes Retry-After.
http::Response CoapToHttp(const CoapResponse& response);

// Keeps clients on the proxy: in a successful answer to `/login` (its `well_known`) or to
// `/.well-known/matrix/client`, `m.homeserver.base_url` becomes `proxy_base_url`. Without this a
// client would follow the homeserver's advertised URL and leave the proxy after logging in.
// Other answers are returned unchanged.
http::Response RewriteHomeserverBaseUrl(http::Response response, std::string_view raw_path,
                                        std::string_view proxy_base_url);

// The Matrix error response for a status from HttpToCoap or from the CoAP transport
// (Unavailable → 502, DeadlineExceeded → 504).
http::Response ErrorToHttp(const absl::Status& status);

}  // namespace mxedge::coap_cli
