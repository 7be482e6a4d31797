#pragma once
// CoAP request (as the libcoap layer decodes it) → mxedge.v1.HttpCall for the router.
//
// Rules (MSC3079, see services/coap-gateway/README.md):
// - Methods: 0.01 GET, 0.02 POST, 0.03 PUT, 0.04 DELETE; any other code (FETCH, PATCH, iPATCH,
//   ...) → 4.05.
// - Uri-Path: a v1 path code or a full path, expanded by msc3079::CoapPathToHttp (r0 or v3); a
//   missing parameter → 4.00.
// - Uri-Query: each option is `key=value`, split at the FIRST '=' (no '=' → the key with an empty
//   value), order and repeats kept. Values are NOT percent-decoded: CoAP options carry them
//   unescaped and HttpCall.query holds unescaped text, so a literal "%41" stays "%41".
// - Option 256 (access token): with or without a `Bearer ` prefix (scheme matched
//   case-insensitively). With sticky tokens the session keeps it for later requests that omit 256;
//   a new value replaces it; an empty value (after the prefix) clears it.
// - Option 257 (CBOR enum version): msc3079::SessionEnumVersion (sticky, default v1, 0 opts out,
//   unknown → 4.00).
// - Body: larger than `max_body_bytes` → 4.13. Content-Format 60 → CBOR decoded with the
//   session's key table, forwarded as compact JSON (`application/json`); 50 → must parse as JSON
//   (else 4.00), forwarded byte for byte; 0 / 42 → forwarded with their media type; any other
//   Content-Format → 4.15. No Content-Format and a non-empty body: CBOR when it decodes to a map or
//   an array (what every CoAP client sends), else JSON when it parses, else 4.00.
// The session is changed only when the whole request translates.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/msc3079/coap_code.hpp"
#include "mxedge/msc3079/enum_version.hpp"
#include "mxedge/msc3079/path_codes.hpp"
#include "mxedge/v1/client_api.pb.h"

namespace mxedge::coap_gateway {

// CoAP option number of the MSC3079 access token.
inline constexpr std::uint16_t kAccessTokenOption = 256;

// One CoAP request, options already decoded.
struct CoapRequest {
  // Request code detail: 1 GET, 2 POST, 3 PUT, 4 DELETE, others unsupported.
  std::uint8_t method = 1;
  // Uri-Path options, one segment each, as received (unescaped).
  std::vector<std::string> uri_path;
  // Uri-Query options, each `key=value`, as received.
  std::vector<std::string> uri_query;
  // Option 256.
  std::optional<std::string> access_token;
  // Option 257.
  std::optional<std::uint64_t> enum_version;
  // Option 12 (Content-Format) and option 17 (Accept).
  std::optional<std::uint16_t> content_format;
  std::optional<std::uint16_t> accept;
  // Payload bytes.
  std::string body;
};

struct TranslateOptions {
  // Which Client-Server prefix the v1 path codes expand to.
  msc3079::ClientApiVersion api_version = msc3079::ClientApiVersion::kR0;
  // Keep option 256 per session and apply it to later requests that omit it.
  bool sticky_tokens = true;
  // Larger request bodies are answered 4.13.
  std::size_t max_body_bytes = 1 << 20;
};

// What a DTLS session remembers between requests.
struct SessionState {
  explicit SessionState(const msc3079::EnumVersionPolicy& policy = {}) : enum_version(policy) {}

  // The sticky access token, without `Bearer `; empty when none.
  std::string access_token;
  msc3079::SessionEnumVersion enum_version;
};

// Attaches the CoAP code a gateway-made error must be answered with when the absl code alone
// cannot say it (4.05, 4.13, 4.15). ErrorResponse reads it back.
absl::Status WithCoapCode(absl::Status status, msc3079::CoapCode code);
std::optional<msc3079::CoapCode> CoapCodeOf(const absl::Status& status);

// Translates one request. On error the status carries a public message, a Matrix errcode and,
// where needed, a CoAP code (see ErrorResponse); `session` is left unchanged.
absl::StatusOr<v1::HttpCall> TranslateRequest(const CoapRequest& request,
                                              const TranslateOptions& options,
                                              SessionState& session);

}  // namespace mxedge::coap_gateway
