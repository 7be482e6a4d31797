#include "mxedge/indieweb/profile_url.hpp"

#include <vector>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/ip_address.hpp"
#include "mxedge/indieweb/url.hpp"
#include "text.hpp"

namespace mxedge::indieweb {

using common::Cat;
namespace {

bool IsDotSegment(std::string_view segment) {
  const std::string lower = internal::Lower(segment);
  return lower == "." || lower == ".." || lower == "%2e" || lower == "%2e%2e" || lower == ".%2e" ||
         lower == "%2e.";
}

}  // namespace

absl::StatusOr<std::string> CanonicalProfileUrl(std::string_view input,
                                                const ProfileUrlOptions& options) {
  const std::string_view text = internal::Trim(input);
  if (text.empty()) {
    return absl::InvalidArgumentError("profile URL is empty");
  }
  if (text.find('#') != std::string_view::npos) {
    return absl::InvalidArgumentError("profile URL must not have a fragment");
  }
  const std::string raw_host = RawHost(text);
  absl::StatusOr<Url> url =
      ParseUrl(text, UrlParseOptions{.default_https = true, .keep_dot_segments = true});
  if (!url.ok()) {
    return absl::InvalidArgumentError(Cat("profile URL: ", url.status().message()));
  }
  if (url->scheme != "https" && url->scheme != "http") {
    return absl::InvalidArgumentError(
        Cat("profile URL scheme must be https or http, not '", url->scheme, "'"));
  }
  const size_t scheme_end = text.find("://");
  std::string_view authority =
      scheme_end == std::string_view::npos ? text : text.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (!url->user.empty() || !url->password.empty() ||
      authority.find('@') != std::string_view::npos) {
    return absl::InvalidArgumentError("profile URL must not contain a user name or password");
  }
  if (!url->port.empty() && !options.allow_port) {
    return absl::InvalidArgumentError("profile URL must not have a port");
  }
  const bool ip_host =
      url->host.front() == '[' || LooksLikeIpv4(raw_host) || LooksLikeIpv4(url->host);
  if (ip_host && !options.allow_ip_host) {
    return absl::InvalidArgumentError("profile URL host must be a domain name, not an IP address");
  }
  if (ip_host && url->host.front() != '[' && !IsCanonicalIpv4(raw_host)) {
    return absl::InvalidArgumentError(
        Cat("profile URL host '", raw_host, "' is an unusual IPv4 spelling"));
  }
  std::string_view path = url->path;
  for (std::string_view segment : internal::SplitKeepEmpty(path, '/')) {
    if (IsDotSegment(segment)) {
      return absl::InvalidArgumentError("profile URL path must not contain '.' or '..' segments");
    }
  }
  Url canonical = *url;
  canonical.host = internal::Lower(canonical.host);
  if (!canonical.host.empty() && canonical.host.back() == '.') {
    canonical.host.pop_back();
  }
  if (canonical.host.empty() || canonical.host.front() == '.' || canonical.host.back() == '.' ||
      canonical.host.find("..") != std::string::npos) {
    return absl::InvalidArgumentError("profile URL host has an empty label");
  }
  canonical.has_fragment = false;
  canonical.fragment.clear();
  if (canonical.has_query && canonical.query.empty()) {
    canonical.has_query = false;
  }
  return canonical.ToString();
}

}  // namespace mxedge::indieweb
