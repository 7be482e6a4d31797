#include "media_link.hpp"

#include <algorithm>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "mxedge/common/constant_time.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/http/percent_encoding.hpp"

namespace mxedge::appservice_router {

namespace {

constexpr std::string_view kDomain = "mxedge-media-v1";

absl::Status ValidateBaseUrl(std::string_view url) {
  std::string_view rest;
  if (url.substr(0, 8) == "https://") {
    rest = url.substr(8);
  } else if (url.substr(0, 7) == "http://") {
    rest = url.substr(7);
  } else {
    return absl::InvalidArgumentError("media_link.public_base_url: must start with https://");
  }
  if (rest.empty()) {
    return absl::InvalidArgumentError("media_link.public_base_url: missing host");
  }
  for (char c : rest) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) {
      return absl::InvalidArgumentError(
          "media_link.public_base_url: only scheme and host[:port], no path or query");
    }
  }
  return absl::OkStatus();
}

absl::Status Forbidden(std::string_view why) {
  return common::WithPublicMessage(absl::PermissionDeniedError(std::string(why)),
                                   "invalid media link");
}

}  // namespace

absl::StatusOr<std::unique_ptr<MediaLinkSigner>> MediaLinkSigner::Create(
    MediaLinkOptions options, const common::Clock& clock) {
  if (absl::Status s = ValidateBaseUrl(options.public_base_url); !s.ok()) {
    return s;
  }
  if (options.signing_key.size() < kMinKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("media_link.key: must be at least ", kMinKeyBytes, " bytes"));
  }
  if (options.default_ttl.count() <= 0 || options.max_ttl.count() <= 0) {
    return absl::InvalidArgumentError("media_link: TTLs must be positive");
  }
  return std::unique_ptr<MediaLinkSigner>(new MediaLinkSigner(std::move(options), clock));
}

MediaLinkSigner::MediaLinkSigner(MediaLinkOptions options, const common::Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

absl::Status MediaLinkSigner::ValidateFilename(std::string_view filename) {
  if (filename.size() > kMaxFilenameBytes) {
    return absl::InvalidArgumentError("media link: filename longer than 255 bytes");
  }
  for (unsigned char c : filename) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
      return absl::InvalidArgumentError(
          "media link: filename may not hold '/', '\\' or control characters");
    }
  }
  if (filename == "." || filename == "..") {
    return absl::InvalidArgumentError("media link: filename may not be a dot segment");
  }
  return absl::OkStatus();
}

std::string MediaLinkSigner::Signature(const matrix::MxcUri& mxc, int64_t exp_unix_seconds,
                                       std::string_view filename) const {
  std::string message =
      absl::StrCat(std::string(kDomain), "\n", mxc.server_name, "\n", mxc.media_id, "\n",
                   exp_unix_seconds, "\n", std::string(filename));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  HMAC(EVP_sha256(), options_.signing_key.data(), static_cast<int>(options_.signing_key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &digest_len);
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(digest), digest_len));
}

absl::StatusOr<MediaLink> MediaLinkSigner::Sign(std::string_view mxc_text,
                                                std::chrono::milliseconds ttl,
                                                std::string_view filename) const {
  absl::StatusOr<matrix::MxcUri> mxc = matrix::ParseMxcUri(mxc_text);
  if (!mxc.ok()) {
    return mxc.status();
  }
  if (absl::Status s = ValidateFilename(filename); !s.ok()) {
    return s;
  }
  if (ttl.count() <= 0) {
    ttl = options_.default_ttl;
  }
  ttl = std::min(ttl, options_.max_ttl);
  // Whole seconds, rounded up, so the link never expires before the requested TTL.
  const int64_t expires_ms = clock_.NowUnixMs() + ttl.count();
  const int64_t exp = (expires_ms + 999) / 1000;
  std::string url = absl::StrCat(options_.public_base_url, std::string(kMediaLinkPathPrefix),
                                 http::PercentEncode(mxc->server_name), "/", mxc->media_id);
  if (!filename.empty()) {
    absl::StrAppend(&url, "/", http::PercentEncode(filename));
  }
  absl::StrAppend(&url, "?exp=", exp, "&sig=", Signature(*mxc, exp, filename));
  return MediaLink{std::move(url), exp * 1000};
}

absl::Status MediaLinkSigner::Verify(const matrix::MxcUri& mxc, std::string_view filename,
                                     std::string_view exp_text, std::string_view sig) const {
  int64_t exp = 0;
  if (exp_text.empty() || exp_text.size() > 15 ||
      !absl::SimpleAtoi(absl::string_view(exp_text.data(), exp_text.size()), &exp) || exp <= 0) {
    return Forbidden("media link: missing or malformed exp");
  }
  if (sig.empty()) {
    return Forbidden("media link: missing sig");
  }
  if (!ValidateFilename(filename).ok()) {
    return Forbidden("media link: malformed filename");
  }
  if (!common::ConstantTimeEquals(sig, Signature(mxc, exp, filename))) {
    return Forbidden("media link: signature mismatch");
  }
  if (clock_.NowUnixMs() >= exp * 1000) {
    return common::WithPublicMessage(absl::OutOfRangeError("media link: expired"),
                                     "this media link has expired");
  }
  return absl::OkStatus();
}

}  // namespace mxedge::appservice_router
