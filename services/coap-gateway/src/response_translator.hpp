#pragma once
// mxedge.v1.HttpResult → CoAP response, and gateway-made errors → CoAP response.
//
// - Status: msc3079::HttpStatusToCoap (every 2xx → 2.05, never 0.00).
// - JSON bodies (Content-Type application/json): CBOR with the session's key table and
//   Content-Format 60, unless the client's Accept was 50: then the JSON as it came, Content-Format
//   50. A body that claims JSON but does not parse → 5.02 with a Matrix error body.
// - Other bodies pass through with their Content-Format: text/plain 0, application/cbor 60,
//   application/octet-stream and every other type 42. An empty body has no Content-Format.
// - 429 / 503 with a retry hint: Max-Age = the hint in whole seconds, rounded up (RFC 8516).
// - `/_matrix/client/versions` 2xx answers get `m.low_bandwidth` and
//   `org.matrix.msc3079.low_bandwidth` = {"dtls": port, "cbor_enum_version": 1,
//   "coap_enum_version": 1} at the top level of the versions object.
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "mxedge/msc3079/coap_code.hpp"
#include "mxedge/v1/client_api.pb.h"

namespace mxedge::coap_gateway {

// One CoAP response, ready for the libcoap layer.
struct CoapResponse {
  msc3079::CoapCode code;
  // Option 12; nullopt when there is no body.
  std::optional<std::uint16_t> content_format;
  std::string body;
  // Option 14, seconds.
  std::optional<std::uint32_t> max_age;
};

struct ResponseOptions {
  // The request's Accept option.
  std::optional<std::uint16_t> accept;
  // HttpCall.path of the request, to recognise `/versions`.
  std::string http_path;
  // The gateway's DTLS port, advertised in `/versions`.
  std::uint16_t dtls_port = 0;
};

// `key_table_version` is the session's CBOR enum version (0 or 1; any other value uses v1).
CoapResponse TranslateResponse(const v1::HttpResult& result, const ResponseOptions& options,
                               int key_table_version);

// A gateway-made error: the CoAP code attached with WithCoapCode, else the code mapped from the
// status code; a CBOR body {errcode, error} (plus retry_after_ms when attached) with
// Content-Format 60, keys 102/103 with v1.
CoapResponse ErrorResponse(const absl::Status& status, int key_table_version);

}  // namespace mxedge::coap_gateway
