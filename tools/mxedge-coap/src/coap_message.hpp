#pragma once
// A CoAP request and response as the client side of MSC3079 sees them, independent of libcoap.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/msc3079/coap_code.hpp"

namespace mxedge::coap_cli {

// Request method codes (RFC 7252 §12.1.1, RFC 8132).
enum class CoapMethod : std::uint8_t {
  kGet = 1,
  kPost = 2,
  kPut = 3,
  kDelete = 4,
  kFetch = 5,
  kPatch = 6,
  kIPatch = 7,
};

// "GET", "put", "iPATCH"... (case-insensitive) → the method; anything else InvalidArgument.
absl::StatusOr<CoapMethod> ParseCoapMethod(std::string_view name);
std::string_view CoapMethodName(CoapMethod method);

// CoAP option numbers MSC3079 clients send.
inline constexpr std::uint16_t kObserveOption = 6;
inline constexpr std::uint16_t kUriPathOption = 11;
inline constexpr std::uint16_t kUriQueryOption = 15;
inline constexpr std::uint16_t kAcceptOption = 17;
inline constexpr std::uint16_t kMaxAgeOption = 14;
inline constexpr std::uint16_t kAccessTokenOption = 256;

struct CoapRequest {
  CoapMethod method = CoapMethod::kGet;
  std::vector<std::string> path;   // Uri-Path options, unescaped
  std::vector<std::string> query;  // Uri-Query options, "key=value" unescaped
  std::optional<std::uint16_t> content_format;
  std::string body;
  std::optional<std::uint16_t> accept;
  // The access token without "Bearer "; nullopt when the request has none. Whether it travels in
  // option 256 is the transport's decision (sticky tokens).
  std::optional<std::string> access_token;
  std::optional<std::uint32_t> enum_version;  // option 257
  bool observe = false;                       // Observe: 0 (register)
};

struct CoapResponse {
  msc3079::CoapCode code;
  std::optional<std::uint16_t> content_format;
  std::string body;
  std::optional<std::uint32_t> observe;  // the Observe option of a notification
  std::optional<std::uint32_t> max_age;  // seconds
};

}  // namespace mxedge::coap_cli
