#include "mxedge/indieweb/url.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "text.hpp"

namespace mxedge::indieweb {

using common::Cat;
namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

absl::Status CheckCharacters(std::string_view text, std::string_view what) {
  if (text.empty()) {
    return absl::InvalidArgumentError(Cat(what, " is empty"));
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c <= 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(
          Cat(what, " has a space or control character at offset ", i));
    }
  }
  return absl::OkStatus();
}

// A part of the URL, or "" when curl says it is absent.
std::string Part(CURLU* handle, CURLUPart part, bool* present = nullptr) {
  char* value = nullptr;
  const CURLUcode code = curl_url_get(handle, part, &value, 0);
  if (present != nullptr) {
    *present = code == CURLUE_OK;
  }
  if (code != CURLUE_OK || value == nullptr) {
    return "";
  }
  std::string out(value);
  curl_free(value);
  return out;
}

absl::Status UrlError(CURLUcode code, std::string_view what) {
  return absl::InvalidArgumentError(Cat(what, ": ", curl_url_strerror(code)));
}

}  // namespace

std::string Url::BareHost() const {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

int Url::EffectivePort() const {
  if (!port.empty()) {
    int value = 0;
    for (char c : port) {
      value = value * 10 + (c - '0');
      if (value > 65535) {
        return 0;
      }
    }
    return value;
  }
  if (scheme == "https") {
    return 443;
  }
  return scheme == "http" ? 80 : 0;
}

std::string Url::Origin() const {
  return port.empty() ? Cat(scheme, "://", host) : Cat(scheme, "://", host, ":", port);
}

std::string Url::ToString() const {
  std::string out = Cat(scheme, "://");
  if (!user.empty() || !password.empty()) {
    absl::StrAppend(&out, user, password.empty() ? "" : ":", password, "@");
  }
  absl::StrAppend(&out, host, port.empty() ? "" : ":", port, path.empty() ? "/" : path);
  if (has_query) {
    absl::StrAppend(&out, "?", query);
  }
  if (has_fragment) {
    absl::StrAppend(&out, "#", fragment);
  }
  return out;
}

absl::StatusOr<Url> ParseUrl(std::string_view text, UrlParseOptions options) {
  if (absl::Status s = CheckCharacters(text, "URL"); !s.ok()) {
    return s;
  }
  CurlUrl handle(curl_url());
  if (handle == nullptr) {
    return absl::ResourceExhaustedError("curl_url failed");
  }
  unsigned int flags = CURLU_NON_SUPPORT_SCHEME;
  if (options.default_https) {
    flags |= CURLU_DEFAULT_SCHEME;
  }
  if (options.keep_dot_segments) {
    flags |= CURLU_PATH_AS_IS;
  }
  const std::string copy(text);
  if (CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), flags);
      code != CURLUE_OK) {
    return UrlError(code, Cat("invalid URL '", copy.substr(0, 200), "'"));
  }
  Url url;
  url.scheme = internal::Lower(Part(handle.get(), CURLUPART_SCHEME));
  url.user = Part(handle.get(), CURLUPART_USER);
  url.password = Part(handle.get(), CURLUPART_PASSWORD);
  url.host = internal::Lower(Part(handle.get(), CURLUPART_HOST));
  url.port = Part(handle.get(), CURLUPART_PORT);
  url.path = Part(handle.get(), CURLUPART_PATH);
  url.query = Part(handle.get(), CURLUPART_QUERY, &url.has_query);
  url.fragment = Part(handle.get(), CURLUPART_FRAGMENT, &url.has_fragment);
  if (url.host.empty()) {
    return absl::InvalidArgumentError(Cat("URL '", copy.substr(0, 200), "' has no host"));
  }
  if (url.host.front() != '[') {
    // curl percent-decodes the host ("%7f" → DEL); only name characters (and UTF-8 for
    // internationalised names) may remain.
    for (char c : url.host) {
      const auto u = static_cast<unsigned char>(c);
      if (!(std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || u >= 0x80)) {
        return absl::InvalidArgumentError("URL host has a character not allowed in a host name");
      }
    }
  }
  if (url.path.empty()) {
    url.path = "/";
  }
  return url;
}

absl::StatusOr<std::string> ResolveUrl(std::string_view base, std::string_view reference) {
  if (absl::Status s = CheckCharacters(base, "base URL"); !s.ok()) {
    return s;
  }
  CurlUrl handle(curl_url());
  if (handle == nullptr) {
    return absl::ResourceExhaustedError("curl_url failed");
  }
  const std::string base_copy(base);
  if (CURLUcode code =
          curl_url_set(handle.get(), CURLUPART_URL, base_copy.c_str(), CURLU_NON_SUPPORT_SCHEME);
      code != CURLUE_OK) {
    return UrlError(code, "invalid base URL");
  }
  const std::string_view trimmed = internal::Trim(reference);
  if (trimmed.empty() || trimmed.front() == '#') {
    // curl 7.88 resolves a fragment-only reference like a relative path; RFC 3986 keeps the
    // base's path and query.
    if (trimmed.size() > 1) {
      if (absl::Status s = CheckCharacters(trimmed, "URL reference"); !s.ok()) {
        return s;
      }
      const std::string fragment(trimmed.substr(1));
      curl_url_set(handle.get(), CURLUPART_FRAGMENT, fragment.c_str(), 0);
    } else {
      curl_url_set(handle.get(), CURLUPART_FRAGMENT, nullptr, 0);
    }
  } else {
    if (absl::Status s = CheckCharacters(trimmed, "URL reference"); !s.ok()) {
      return s;
    }
    const std::string ref(trimmed);
    if (CURLUcode code =
            curl_url_set(handle.get(), CURLUPART_URL, ref.c_str(), CURLU_NON_SUPPORT_SCHEME);
        code != CURLUE_OK) {
      return UrlError(code, Cat("cannot resolve '", ref.substr(0, 200), "'"));
    }
  }
  return Part(handle.get(), CURLUPART_URL);
}

std::string RawHost(std::string_view text) {
  const size_t scheme_end = text.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? text : text.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#\\"));
  const size_t at = rest.rfind('@');
  if (at != std::string_view::npos) {
    rest = rest.substr(at + 1);
  }
  if (!rest.empty() && rest.front() == '[') {
    const size_t close = rest.find(']');
    return internal::Lower(rest.substr(1, close == std::string_view::npos ? rest.npos : close - 1));
  }
  return internal::Lower(rest.substr(0, rest.find(':')));
}

std::string AppendQuery(std::string_view url, std::string_view encoded_params) {
  const size_t hash = url.find('#');
  std::string_view head = url.substr(0, hash);
  std::string out(head);
  if (!encoded_params.empty()) {
    const char sep = head.find('?') == std::string_view::npos     ? '?'
                     : (head.back() == '?' || head.back() == '&') ? '\0'
                                                                  : '&';
    if (sep != '\0') {
      out.push_back(sep);
    }
    out.append(encoded_params);
  }
  if (hash != std::string_view::npos) {
    out.append(url.substr(hash));
  }
  return out;
}

}  // namespace mxedge::indieweb
