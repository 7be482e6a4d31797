#pragma once
// IP addresses and the ranges an outbound fetch of a user-supplied URL must never reach.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::indieweb {

enum class AddressRange {
  kPublic,
  kLoopback,       // 127/8, ::1
  kUnspecified,    // 0/8, ::
  kPrivate,        // 10/8, 172.16/12, 192.168/16
  kSharedCgnat,    // 100.64/10
  kLinkLocal,      // 169.254/16, fe80::/10
  kMulticast,      // 224/4, ff00::/8
  kReserved,       // 240/4, broadcast, documentation and benchmarking ranges, 192.0.0/24
  kMappedOrNat64,  // ::ffff:0:0/96, ::/96 (compatible), 64:ff9b::/96, 64:ff9b:1::/48
  kUniqueLocal,    // fc00::/7
};

std::string_view AddressRangeName(AddressRange range);

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4

  // Strict text forms only: dotted quad with four decimal parts, or RFC 4291 IPv6 (no brackets).
  static absl::StatusOr<IpAddress> Parse(std::string_view text);
  std::string ToString() const;
  AddressRange Range() const;
  bool operator==(const IpAddress& other) const = default;
};

// True when `host` is an IPv4 address in any spelling a resolver or browser accepts: dotted
// decimal, but also octal ("0177.0.0.1"), hex ("0x7f.1"), a single number ("2130706433") or
// fewer than four parts ("127.1").
bool LooksLikeIpv4(std::string_view host);
// True when `host` is exactly a canonical dotted quad ("127.0.0.1", no leading zeros).
bool IsCanonicalIpv4(std::string_view host);

}  // namespace mxedge::indieweb
