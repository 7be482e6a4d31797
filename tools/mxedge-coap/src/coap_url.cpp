#include "coap_url.hpp"

#include <charconv>

#include "ascii_text.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/msc3079/path_codes.hpp"

namespace mxedge::coap_cli {
namespace {

absl::StatusOr<std::uint16_t> ParsePort(std::string_view text) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value == 0 ||
      value > 65535) {
    return absl::InvalidArgumentError(common::Cat("invalid port \"", text, "\" in the URL"));
  }
  return static_cast<std::uint16_t>(value);
}

absl::Status SplitAuthority(std::string_view authority, CoapUrl& url) {
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError("unterminated '[' in the URL's host");
    }
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return absl::InvalidArgumentError("unexpected text after ']' in the URL's host");
      }
      port_text = rest.substr(1);
      if (port_text.empty()) {
        return absl::InvalidArgumentError("empty port in the URL");
      }
    }
  } else {
    const size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      url.host = std::string(authority.substr(0, colon));
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) {
        return absl::InvalidArgumentError("empty port in the URL");
      }
    } else {
      url.host = std::string(authority);
    }
  }
  if (url.host.empty()) {
    return absl::InvalidArgumentError("the URL has no host");
  }
  if (url.host.find_first_of("@/?#[]") != std::string::npos) {
    return absl::InvalidArgumentError(common::Cat("invalid host \"", url.host, "\" in the URL"));
  }
  if (port_text.empty()) {
    url.port = url.secure ? kDefaultCoapsPort : kDefaultCoapPort;
    return absl::OkStatus();
  }
  absl::StatusOr<std::uint16_t> port = ParsePort(port_text);
  if (!port.ok()) {
    return port.status();
  }
  url.port = *port;
  return absl::OkStatus();
}

}  // namespace

std::string CompressMatrixPath(std::string_view http_path) {
  std::string compressed = msc3079::HttpPathToCoap(http_path);
  constexpr std::string_view kV3 = "/_matrix/client/v3/";
  if (compressed != http_path || !http_path.starts_with(kV3)) {
    return compressed;
  }
  const std::string as_r0 = common::Cat("/_matrix/client/r0/", http_path.substr(kV3.size()));
  std::string from_r0 = msc3079::HttpPathToCoap(as_r0);
  return from_r0 != as_r0 ? from_r0 : std::string(http_path);
}

std::string CoapUrl::Origin() const {
  const bool v6 = host.find(':') != std::string::npos;
  return common::Cat(secure ? "coaps://" : "coap://", v6 ? "[" : "", host, v6 ? "]" : "", ":",
                     port);
}

absl::StatusOr<CoapUrl> ParseCoapUrl(std::string_view text, PathCompression compression) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c <= 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(
          common::Cat("the URL has a space or control character at offset ", i));
    }
  }
  CoapUrl url;
  const size_t scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    return absl::InvalidArgumentError(
        common::Cat("\"", text, "\" is not a coap:// or coaps:// URL"));
  }
  const std::string scheme = AsciiLower(text.substr(0, scheme_end));
  if (scheme == "coaps") {
    url.secure = true;
  } else if (scheme != "coap") {
    return absl::InvalidArgumentError(
        common::Cat("unsupported scheme \"", scheme, "\": use coap:// or coaps://"));
  }
  std::string_view rest = text.substr(scheme_end + 3);
  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) {
    rest = rest.substr(0, hash);
  }
  std::string_view query_text;
  if (const size_t question = rest.find('?'); question != std::string_view::npos) {
    query_text = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }
  const size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  const std::string_view raw_path =
      slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (absl::Status status = SplitAuthority(authority, url); !status.ok()) {
    return status;
  }

  const std::string wire_path = compression == PathCompression::kPathCodes
                                    ? CompressMatrixPath(raw_path)
                                    : std::string(raw_path);
  for (const std::string& segment : msc3079::SplitCoapPath(wire_path)) {
    absl::StatusOr<std::string> decoded = http::PercentDecode(segment);
    if (!decoded.ok()) {
      return absl::InvalidArgumentError(
          common::Cat("path segment \"", segment, "\": ", decoded.status().message()));
    }
    url.path.push_back(*std::move(decoded));
  }
  while (!query_text.empty()) {
    const size_t amp = query_text.find('&');
    const std::string_view piece = query_text.substr(0, amp);
    query_text = amp == std::string_view::npos ? std::string_view() : query_text.substr(amp + 1);
    if (piece.empty()) {
      continue;
    }
    absl::StatusOr<std::string> decoded = http::PercentDecode(piece);
    if (!decoded.ok()) {
      return absl::InvalidArgumentError(
          common::Cat("query \"", piece, "\": ", decoded.status().message()));
    }
    url.query.push_back(*std::move(decoded));
  }
  return url;
}

}  // namespace mxedge::coap_cli
