#pragma once
// Secrets at rest (IRC passwords, Micropub tokens): AES-256-GCM under a key from env/Secret.
//
// Sealed value = base64( version (1 byte, 0x01) | nonce (12 random bytes) | ciphertext | tag
// (16 bytes) ). The associated data (e.g. "irc:password:<mxid>") is authenticated but not stored:
// opening with another aad fails, so a sealed value cannot be moved to another record.
//
// Errors from Open: kInvalidArgument for values that are not a sealed value at all (not base64,
// truncated, unknown version); kDataLoss when authentication fails. GCM cannot tell a wrong key
// from a wrong aad or modified bytes, so services store KeyCheck() once and call VerifyKeyCheck()
// at startup: a wrong key then fails startup instead of every later Open.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::common {

class SecretBox {
 public:
  static constexpr size_t kKeyBytes = 32;
  static constexpr size_t kNonceBytes = 12;
  static constexpr size_t kTagBytes = 16;
  static constexpr uint8_t kVersion = 1;
  static constexpr size_t kOverheadBytes = 1 + kNonceBytes + kTagBytes;

  // `key` is either 32 raw bytes or their standard base64 (44 characters with padding, or 43
  // without). Anything else is kInvalidArgument.
  static absl::StatusOr<SecretBox> Create(std::string_view key);

  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;
  SecretBox(SecretBox&& other) noexcept;
  SecretBox& operator=(SecretBox&& other) noexcept;
  ~SecretBox();

  // Encrypts with a fresh random nonce; returns the base64 sealed value.
  absl::StatusOr<std::string> Seal(std::string_view plaintext, std::string_view aad) const;
  // Decrypts a value made by Seal with the same key and aad.
  absl::StatusOr<std::string> Open(std::string_view sealed, std::string_view aad) const;

  // A sealed constant to store next to the data encrypted under this key.
  absl::StatusOr<std::string> KeyCheck() const;
  // OK if `stored` was made by KeyCheck() under the same key; kFailedPrecondition otherwise.
  absl::Status VerifyKeyCheck(std::string_view stored) const;

  // The raw envelope (not base64) for a caller-chosen nonce: deterministic, for known-answer tests
  // only. Never reuse a nonce under one key in production code.
  absl::StatusOr<std::string> SealWithNonceForTesting(std::string_view plaintext,
                                                      std::string_view aad,
                                                      std::string_view nonce) const;

 private:
  explicit SecretBox(const std::array<uint8_t, kKeyBytes>& key) : key_(key) {}
  absl::StatusOr<std::string> SealRaw(std::string_view plaintext, std::string_view aad,
                                      std::string_view nonce) const;

  std::array<uint8_t, kKeyBytes> key_{};
};

}  // namespace mxedge::common
