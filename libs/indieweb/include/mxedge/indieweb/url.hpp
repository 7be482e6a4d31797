#pragma once
// Absolute URLs and reference resolution (RFC 3986 §5), parsed by libcurl's URL API so every
// component agrees with what CurlHttpClient will request. curl stays out of this header.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::indieweb {

struct Url {
  std::string scheme;  // lower case
  std::string user;
  std::string password;
  std::string host;      // lower case; an IPv6 literal keeps its brackets: "[::1]"
  std::string port;      // empty when the URL names none
  std::string path;      // "/" at least
  std::string query;     // without '?'
  std::string fragment;  // without '#'
  bool has_query = false;
  bool has_fragment = false;

  // The host without IPv6 brackets, ready for a resolver or an address parser.
  std::string BareHost() const;
  // The port as a number: the explicit one, else 443 for https and 80 for http (0 otherwise).
  int EffectivePort() const;
  // scheme://host[:port], what "same origin" compares.
  std::string Origin() const;
  // The whole URL, normalised.
  std::string ToString() const;
};

struct UrlParseOptions {
  // Without a scheme, take "https://" ("my.site" → "https://my.site/").
  bool default_https = false;
  // Keep "." and ".." segments instead of removing them, so a caller can refuse them.
  bool keep_dot_segments = false;
};

// Parses an absolute URL. Control characters, spaces, a missing host or a malformed URL are
// InvalidArgument naming what is wrong.
absl::StatusOr<Url> ParseUrl(std::string_view text, UrlParseOptions options = {});

// Resolves `reference` (absolute or relative) against the absolute URL `base`, as a browser
// would for an href; an empty reference is the base without its fragment.
absl::StatusOr<std::string> ResolveUrl(std::string_view base, std::string_view reference);

// The host exactly as written in `text` ("0x7f.1" stays "0x7f.1"; curl would normalise it to
// 127.0.0.1), without brackets or port, lower-cased; empty when there is no authority. Text
// without "://" is read as a bare authority ("my.site/x").
std::string RawHost(std::string_view text);

// Appends query parameters ("a=1&b=2", already encoded) to a URL that may already have a query.
std::string AppendQuery(std::string_view url, std::string_view encoded_params);

}  // namespace mxedge::indieweb
