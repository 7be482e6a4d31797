#pragma once
// CoAP message codes (RFC 7252 §3: class << 5 | detail) and the HTTP status mapping of MSC3079.
#include <cstdint>
#include <string>

namespace mxedge::msc3079 {

class CoapCode {
 public:
  constexpr CoapCode() = default;
  // `code_class` 0..7, `detail` 0..31; larger values are masked.
  constexpr CoapCode(std::uint8_t code_class, std::uint8_t detail)
      : raw_(static_cast<std::uint8_t>(((code_class & 0x07) << 5) | (detail & 0x1f))) {}
  static constexpr CoapCode FromRaw(std::uint8_t raw) {
    return CoapCode(static_cast<std::uint8_t>(raw >> 5), static_cast<std::uint8_t>(raw & 0x1f));
  }

  constexpr std::uint8_t raw() const { return raw_; }
  constexpr std::uint8_t code_class() const { return static_cast<std::uint8_t>(raw_ >> 5); }
  constexpr std::uint8_t detail() const { return static_cast<std::uint8_t>(raw_ & 0x1f); }
  constexpr bool IsSuccess() const { return code_class() == 2; }

  // "4.04"
  std::string ToString() const;

  friend constexpr bool operator==(CoapCode a, CoapCode b) { return a.raw_ == b.raw_; }

 private:
  std::uint8_t raw_ = 0;
};

// Response codes the gateway uses.
inline constexpr CoapCode kCoapContent{2, 5};
inline constexpr CoapCode kCoapBadRequest{4, 0};
inline constexpr CoapCode kCoapUnauthorized{4, 1};
inline constexpr CoapCode kCoapForbidden{4, 3};
inline constexpr CoapCode kCoapNotFound{4, 4};
inline constexpr CoapCode kCoapMethodNotAllowed{4, 5};
inline constexpr CoapCode kCoapRequestEntityTooLarge{4, 13};
inline constexpr CoapCode kCoapTooManyRequests{4, 29};
inline constexpr CoapCode kCoapInternalServerError{5, 0};
inline constexpr CoapCode kCoapBadGateway{5, 2};
inline constexpr CoapCode kCoapServiceUnavailable{5, 3};
inline constexpr CoapCode kCoapGatewayTimeout{5, 4};

// HTTP → CoAP. Never 0.00: every 2xx → 2.05 (lb clients know only 2.05, for all methods); the
// table of the README for 4xx/5xx; any other 4xx → 4.00, any other 5xx → 5.00; anything else
// (1xx, 3xx, out of range) → 5.02, an upstream answer the gateway cannot relay.
CoapCode HttpStatusToCoap(int http_status);

// CoAP → HTTP, the inverse: every 2.xx → 200; the table; other 4.xx → 400, other 5.xx → 500;
// any other class → 502.
int CoapToHttpStatus(CoapCode code);

}  // namespace mxedge::msc3079
