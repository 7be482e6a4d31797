#pragma once
// The SSRF guard: decides whether a user-supplied URL may be fetched, and which vetted address
// the connection must go to so a second DNS answer cannot swap it (DNS rebinding).
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/indieweb/ip_address.hpp"
#include "mxedge/indieweb/resolver.hpp"
#include "mxedge/indieweb/url.hpp"

namespace mxedge::indieweb {

struct UrlGuardOptions {
  // Lets loopback addresses (127/8, ::1) through. Tests only: every test server is on loopback.
  bool allow_loopback_for_tests = false;
};

struct VettedUrl {
  Url url;
  IpAddress address;  // connect here, never to a fresh resolution of url.host
};

class UrlGuard {
 public:
  UrlGuard(Resolver& resolver, UrlGuardOptions options = {});

  // PermissionDenied naming the reason for: a scheme other than http(s), credentials in the
  // URL, an odd IPv4 spelling ("0177.0.0.1", "2130706433", "127.1", "0x7f.1"), or a host any of
  // whose addresses is loopback, private, link-local, CGNAT, multicast, unspecified, reserved,
  // IPv4-mapped/NAT64 or unique-local. InvalidArgument for a malformed URL; the resolver's
  // status when the name does not resolve.
  absl::StatusOr<VettedUrl> Check(std::string_view url) const;

 private:
  absl::Status CheckAddress(const IpAddress& address, std::string_view host) const;

  Resolver& resolver_;
  UrlGuardOptions options_;
};

}  // namespace mxedge::indieweb
