#include "mxedge/indieweb/pkce.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <vector>

#include "absl/status/status.h"

namespace mxedge::indieweb {

std::string Base64UrlEncode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n = (uint32_t{static_cast<uint8_t>(bytes[i])} << 16) |
                       (uint32_t{static_cast<uint8_t>(bytes[i + 1])} << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t{static_cast<uint8_t>(bytes[i])} << 16;
    if (rest == 2) n |= uint32_t{static_cast<uint8_t>(bytes[i + 1])} << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    if (rest == 2) out.push_back(kAlphabet[(n >> 6) & 63]);
  }
  return out;
}

absl::StatusOr<std::string> RandomToken(size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (bytes > 0 && RAND_bytes(buffer.data(), static_cast<int>(bytes)) != 1) {
    return absl::InternalError("RAND_bytes failed");
  }
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(buffer.data()), bytes));
}

std::string PkceChallengeS256(std::string_view verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

absl::StatusOr<Pkce> NewPkce() {
  absl::StatusOr<std::string> verifier = RandomToken(32);
  if (!verifier.ok()) return verifier.status();
  Pkce pkce;
  pkce.verifier = *std::move(verifier);
  pkce.challenge = PkceChallengeS256(pkce.verifier);
  return pkce;
}

}  // namespace mxedge::indieweb
