#pragma once
// Random values for the authorization request: `state` and the PKCE (RFC 7636) S256 pair.
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::indieweb {

// BASE64URL without padding (RFC 4648 §5).
std::string Base64UrlEncode(std::string_view bytes);

// `bytes` random bytes from OpenSSL's CSPRNG, BASE64URL-encoded. Internal when RAND_bytes fails.
absl::StatusOr<std::string> RandomToken(size_t bytes);

struct Pkce {
  std::string verifier;   // 43 characters of [A-Za-z0-9-_] (256 random bits)
  std::string challenge;  // BASE64URL(SHA-256(verifier))
  static constexpr std::string_view kMethod = "S256";
};

absl::StatusOr<Pkce> NewPkce();
std::string PkceChallengeS256(std::string_view verifier);

}  // namespace mxedge::indieweb
