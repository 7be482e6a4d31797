#pragma once
// Signed, expiring public links to Matrix media, for people who cannot log in (IRC users):
//
//   <public base>/_mxedge/media/<server>/<media_id>[/<filename>]?exp=<unix seconds>&sig=<sig>
//
// sig = base64url (no padding) of HMAC-SHA-256(key, "mxedge-media-v1\n" server "\n" media_id
// "\n" exp "\n" filename). Server names and media ids cannot hold a newline and the filename comes
// last, so the message is unambiguous. The link carries no token: the router fetches the media
// with its own credentials and serves the bytes.
//
// Verify: a malformed or wrong signature is PermissionDenied (served as 403); a correct
// signature past its expiry is OutOfRange (served as 410 Gone, so a reader learns the link
// expired rather than that it was forged). The signature is checked before the expiry, so
// nothing about a forged link's expiry is revealed.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/common/clock.hpp"
#include "mxedge/matrix/mxc_uri.hpp"

namespace mxedge::appservice_router {

inline constexpr std::string_view kMediaLinkPathPrefix = "/_mxedge/media/";

struct MediaLinkOptions {
  // Where the AS API (:9000) is reachable from the public, e.g. "https://bridge.example.org".
  std::string public_base_url;
  // HMAC key (config secret `media_link.key`), at least 32 bytes.
  std::string signing_key;
  // TTL when a request names none, and the largest TTL granted.
  std::chrono::milliseconds default_ttl{std::chrono::hours(24)};
  std::chrono::milliseconds max_ttl{std::chrono::hours(24 * 7)};
};

struct MediaLink {
  std::string url;
  int64_t expires_at_ms = 0;
};

class MediaLinkSigner {
 public:
  static constexpr size_t kMinKeyBytes = 32;
  static constexpr size_t kMaxFilenameBytes = 255;

  // InvalidArgument for a base URL that is not http(s)://host[:port] without a path, a key
  // shorter than kMinKeyBytes, or TTLs that are not positive. `clock` must outlive the signer.
  static absl::StatusOr<std::unique_ptr<MediaLinkSigner>> Create(MediaLinkOptions options,
                                                                 const common::Clock& clock);

  // A link to `mxc` valid for `ttl` (0: default; longer than max_ttl: max_ttl). `filename` is
  // optional; InvalidArgument when it holds '/', a control character or is too long.
  absl::StatusOr<MediaLink> Sign(std::string_view mxc, std::chrono::milliseconds ttl,
                                 std::string_view filename) const;

  // Checks a link's parts as received (already percent-decoded).
  absl::Status Verify(const matrix::MxcUri& mxc, std::string_view filename, std::string_view exp,
                      std::string_view sig) const;

  // The signature text for the given parts (exposed for tests).
  std::string Signature(const matrix::MxcUri& mxc, int64_t exp_unix_seconds,
                        std::string_view filename) const;

  static absl::Status ValidateFilename(std::string_view filename);

 private:
  MediaLinkSigner(MediaLinkOptions options, const common::Clock& clock);

  MediaLinkOptions options_;
  const common::Clock& clock_;
};

}  // namespace mxedge::appservice_router
