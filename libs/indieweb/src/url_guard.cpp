#include "mxedge/indieweb/url_guard.hpp"

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::indieweb {

using common::Cat;

UrlGuard::UrlGuard(Resolver& resolver, UrlGuardOptions options)
    : resolver_(resolver), options_(options) {}

absl::Status UrlGuard::CheckAddress(const IpAddress& address, std::string_view host) const {
  const AddressRange range = address.Range();
  if (range == AddressRange::kPublic ||
      (range == AddressRange::kLoopback && options_.allow_loopback_for_tests)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(Cat("refusing to fetch '", host, "': address ",
                                         address.ToString(), " is ", AddressRangeName(range)));
}

absl::StatusOr<VettedUrl> UrlGuard::Check(std::string_view text) const {
  if (text.find("://") == std::string_view::npos) {
    return absl::InvalidArgumentError("URL to fetch has no scheme");
  }
  const std::string raw_host = RawHost(text);
  absl::StatusOr<Url> url = ParseUrl(text);
  if (!url.ok()) {
    return url.status();
  }
  if (url->scheme != "https" && url->scheme != "http") {
    return absl::PermissionDeniedError(
        Cat("refusing to fetch a '", url->scheme, "' URL: only http and https"));
  }
  if (!url->user.empty() || !url->password.empty()) {
    return absl::PermissionDeniedError("refusing to fetch a URL with a user name or password");
  }
  if (url->EffectivePort() == 0) {
    return absl::InvalidArgumentError(Cat("URL port '", url->port, "' is out of range"));
  }
  VettedUrl vetted{*url, {}};
  if (url->host.front() == '[') {
    absl::StatusOr<IpAddress> address = IpAddress::Parse(url->BareHost());
    if (!address.ok()) {
      return address.status();
    }
    if (absl::Status s = CheckAddress(*address, url->host); !s.ok()) {
      return s;
    }
    vetted.address = *address;
    return vetted;
  }
  if (LooksLikeIpv4(raw_host) || LooksLikeIpv4(url->host)) {
    if (!IsCanonicalIpv4(raw_host)) {
      return absl::PermissionDeniedError(
          Cat("refusing to fetch '", raw_host, "': unusual IPv4 spelling"));
    }
    absl::StatusOr<IpAddress> address = IpAddress::Parse(raw_host);
    if (!address.ok()) {
      return address.status();
    }
    if (absl::Status s = CheckAddress(*address, raw_host); !s.ok()) {
      return s;
    }
    vetted.address = *address;
    return vetted;
  }
  std::string name = url->host;
  if (!name.empty() && name.back() == '.') {
    name.pop_back();
  }
  absl::StatusOr<std::vector<IpAddress>> addresses = resolver_.Resolve(name);
  if (!addresses.ok()) {
    return addresses.status();
  }
  // Every address must pass: a resolver may hand curl any of them.
  for (const IpAddress& address : *addresses) {
    if (absl::Status s = CheckAddress(address, name); !s.ok()) {
      return s;
    }
  }
  vetted.address = addresses->front();
  return vetted;
}

}  // namespace mxedge::indieweb
