#include <cctype>

#include "mxedge/indieweb/ip_address.hpp"

#include <arpa/inet.h>

#include <vector>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "text.hpp"

namespace mxedge::indieweb {

using common::Cat;
namespace {

bool InV4(const IpAddress& a, uint8_t b0, uint8_t b1, int prefix) {
  const uint32_t value = (uint32_t{a.bytes[0]} << 24) | (uint32_t{a.bytes[1]} << 16) |
                         (uint32_t{a.bytes[2]} << 8) | a.bytes[3];
  const uint32_t net = (uint32_t{b0} << 24) | (uint32_t{b1} << 16);
  const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (value & mask) == (net & mask);
}

bool InV4Net(const IpAddress& a, uint32_t net, int prefix) {
  const uint32_t value = (uint32_t{a.bytes[0]} << 24) | (uint32_t{a.bytes[1]} << 16) |
                         (uint32_t{a.bytes[2]} << 8) | a.bytes[3];
  const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (value & mask) == (net & mask);
}

// True when the first `prefix` bits of `a` equal those of `net`.
bool InV6(const IpAddress& a, const std::array<uint8_t, 16>& net, int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    const int byte = bit / 8;
    const int mask = 0x80 >> (bit % 8);
    if ((a.bytes[byte] & mask) != (net[byte] & mask)) {
      return false;
    }
  }
  return true;
}

AddressRange RangeV4(const IpAddress& a) {
  if (InV4(a, 0, 0, 8)) return AddressRange::kUnspecified;
  if (InV4(a, 127, 0, 8)) return AddressRange::kLoopback;
  if (InV4(a, 10, 0, 8) || InV4(a, 172, 16, 12) || InV4(a, 192, 168, 16)) {
    return AddressRange::kPrivate;
  }
  if (InV4(a, 100, 64, 10)) return AddressRange::kSharedCgnat;
  if (InV4(a, 169, 254, 16)) return AddressRange::kLinkLocal;
  if (InV4(a, 224, 0, 4)) return AddressRange::kMulticast;
  if (InV4(a, 240, 0, 4) || InV4Net(a, 0xC0000000, 24) /* 192.0.0/24 */ ||
      InV4Net(a, 0xC0000200, 24) /* 192.0.2/24 */ || InV4Net(a, 0xC6120000, 15) /* 198.18/15 */ ||
      InV4Net(a, 0xC6336400, 24) /* 198.51.100/24 */ ||
      InV4Net(a, 0xCB007100, 24) /* 203.0.113/24 */) {
    return AddressRange::kReserved;
  }
  return AddressRange::kPublic;
}

AddressRange RangeV6(const IpAddress& a) {
  const std::array<uint8_t, 16> zero{};
  std::array<uint8_t, 16> loopback{};
  loopback[15] = 1;
  if (a.bytes == zero) return AddressRange::kUnspecified;
  if (a.bytes == loopback) return AddressRange::kLoopback;
  std::array<uint8_t, 16> mapped{};
  mapped[10] = 0xff;
  mapped[11] = 0xff;
  const std::array<uint8_t, 16> nat64{0x00, 0x64, 0xff, 0x9b};
  const std::array<uint8_t, 16> nat64_local{0x00, 0x64, 0xff, 0x9b, 0x00, 0x01};
  if (InV6(a, mapped, 96) || InV6(a, zero, 96) || InV6(a, nat64, 96) || InV6(a, nat64_local, 48)) {
    return AddressRange::kMappedOrNat64;
  }
  if (InV6(a, {0xfe, 0x80}, 10)) return AddressRange::kLinkLocal;
  if (InV6(a, {0xfc}, 7)) return AddressRange::kUniqueLocal;
  if (InV6(a, {0xff}, 8)) return AddressRange::kMulticast;
  // Site-local (deprecated), discard-only, documentation, 6to4 (embeds any IPv4 address).
  if (InV6(a, {0xfe, 0xc0}, 10) || InV6(a, {0x01, 0x00}, 64) ||
      InV6(a, {0x20, 0x01, 0x0d, 0xb8}, 32) || InV6(a, {0x20, 0x02}, 16)) {
    return AddressRange::kReserved;
  }
  return AddressRange::kPublic;
}

// One IPv4 part as a resolver reads it: decimal, 0-prefixed octal or 0x-prefixed hex.
bool IsIpv4Number(std::string_view part) {
  if (part.empty()) {
    return false;
  }
  if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    for (char c : part.substr(2)) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  }
  for (char c : part) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::string_view AddressRangeName(AddressRange range) {
  switch (range) {
    case AddressRange::kPublic:
      return "public";
    case AddressRange::kLoopback:
      return "loopback";
    case AddressRange::kUnspecified:
      return "unspecified";
    case AddressRange::kPrivate:
      return "private";
    case AddressRange::kSharedCgnat:
      return "shared (CGNAT)";
    case AddressRange::kLinkLocal:
      return "link-local";
    case AddressRange::kMulticast:
      return "multicast";
    case AddressRange::kReserved:
      return "reserved";
    case AddressRange::kMappedOrNat64:
      return "IPv4-mapped or NAT64";
    case AddressRange::kUniqueLocal:
      return "unique-local";
  }
  return "unknown";
}

absl::StatusOr<IpAddress> IpAddress::Parse(std::string_view text) {
  const std::string copy(text);
  IpAddress out;
  if (copy.find(':') != std::string::npos) {
    if (inet_pton(AF_INET6, copy.c_str(), out.bytes.data()) != 1) {
      return absl::InvalidArgumentError(Cat("'", copy.substr(0, 64), "' is not IPv6"));
    }
    out.v6 = true;
    return out;
  }
  if (!IsCanonicalIpv4(copy) || inet_pton(AF_INET, copy.c_str(), out.bytes.data()) != 1) {
    return absl::InvalidArgumentError(
        Cat("'", copy.substr(0, 64), "' is not a dotted-quad IPv4 address"));
  }
  return out;
}

std::string IpAddress::ToString() const {
  char buffer[INET6_ADDRSTRLEN] = {0};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buffer, sizeof(buffer));
  return buffer;
}

AddressRange IpAddress::Range() const { return v6 ? RangeV6(*this) : RangeV4(*this); }

bool LooksLikeIpv4(std::string_view host) {
  if (!host.empty() && host.back() == '.') {
    host.remove_suffix(1);  // "127.0.0.1." resolves like "127.0.0.1"
  }
  const std::vector<std::string_view> parts = internal::SplitKeepEmpty(host, '.');
  if (parts.empty() || parts.size() > 4) {
    return false;
  }
  for (std::string_view part : parts) {
    if (!IsIpv4Number(part)) {
      return false;
    }
  }
  return true;
}

bool IsCanonicalIpv4(std::string_view host) {
  const std::vector<std::string_view> parts = internal::SplitKeepEmpty(host, '.');
  if (parts.size() != 4) {
    return false;
  }
  for (std::string_view part : parts) {
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) {
      return false;
    }
    int value = 0;
    for (char c : part) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) {
      return false;
    }
  }
  return true;
}

}  // namespace mxedge::indieweb
