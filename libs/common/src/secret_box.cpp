#include "mxedge/common/secret_box.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace mxedge::common {

namespace {

// Debian's abseil has its own string_view type, distinct from std::string_view.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

constexpr std::string_view kKeyCheckPlaintext = "mxedge secret box key check v1";
constexpr std::string_view kKeyCheckAad = "mxedge.key_check";

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx NewCtx() { return CipherCtx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free); }

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::Status OpenSslError(std::string_view step) {
  return absl::InternalError(absl::StrCat("secret box: OpenSSL ", Absl(step), " failed"));
}

// Inputs over 2 GiB do not fit OpenSSL's int lengths; nothing we seal comes close.
bool FitsInt(std::string_view s) { return s.size() < (size_t{1} << 31); }

}  // namespace

absl::StatusOr<SecretBox> SecretBox::Create(std::string_view key) {
  std::array<uint8_t, kKeyBytes> raw{};
  if (key.size() == kKeyBytes) {
    std::copy(key.begin(), key.end(), raw.begin());
    return SecretBox(raw);
  }
  if (key.size() == 43 || key.size() == 44) {
    std::string decoded;
    if (!absl::Base64Unescape(Absl(key), &decoded)) {
      return absl::InvalidArgumentError(
          absl::StrCat("secret box key: ", key.size(), " characters but not valid base64"));
    }
    if (decoded.size() != kKeyBytes) {
      OPENSSL_cleanse(decoded.data(), decoded.size());
      return absl::InvalidArgumentError(
          absl::StrCat("secret box key: base64 decodes to ", decoded.size(), " bytes, need 32"));
    }
    std::copy(decoded.begin(), decoded.end(), raw.begin());
    OPENSSL_cleanse(decoded.data(), decoded.size());
    return SecretBox(raw);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "secret box key: ", key.size(),
      " bytes; need 32 raw bytes or their base64 (44 characters, e.g. `openssl rand -base64 32`)"));
}

SecretBox::SecretBox(SecretBox&& other) noexcept : key_(other.key_) {
  OPENSSL_cleanse(other.key_.data(), other.key_.size());
}

SecretBox& SecretBox::operator=(SecretBox&& other) noexcept {
  if (this != &other) {
    key_ = other.key_;
    OPENSSL_cleanse(other.key_.data(), other.key_.size());
  }
  return *this;
}

SecretBox::~SecretBox() { OPENSSL_cleanse(key_.data(), key_.size()); }

absl::StatusOr<std::string> SecretBox::SealRaw(std::string_view plaintext, std::string_view aad,
                                               std::string_view nonce) const {
  if (nonce.size() != kNonceBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("secret box: nonce is ", nonce.size(), " bytes, need 12"));
  }
  if (!FitsInt(plaintext) || !FitsInt(aad)) {
    return absl::InvalidArgumentError("secret box: plaintext or aad over 2 GiB");
  }
  CipherCtx ctx = NewCtx();
  if (!ctx) {
    return OpenSslError("EVP_CIPHER_CTX_new");
  }
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), Bytes(nonce)) != 1) {
    return OpenSslError("EncryptInit");
  }
  std::string out;
  out.resize(kOverheadBytes + plaintext.size());
  out[0] = static_cast<char>(kVersion);
  std::copy(nonce.begin(), nonce.end(), out.begin() + 1);
  auto* ct = reinterpret_cast<unsigned char*>(out.data() + 1 + kNonceBytes);
  int len = 0;
  if (!aad.empty() &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1) {
    return OpenSslError("EncryptUpdate(aad)");
  }
  if (EVP_EncryptUpdate(ctx.get(), ct, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1) {
    return OpenSslError("EncryptUpdate");
  }
  int final_len = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), ct + len, &final_len) != 1) {
    return OpenSslError("EncryptFinal");
  }
  auto* tag = ct + plaintext.size();
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag) != 1) {
    return OpenSslError("GET_TAG");
  }
  return out;
}

absl::StatusOr<std::string> SecretBox::SealWithNonceForTesting(std::string_view plaintext,
                                                               std::string_view aad,
                                                               std::string_view nonce) const {
  return SealRaw(plaintext, aad, nonce);
}

absl::StatusOr<std::string> SecretBox::Seal(std::string_view plaintext,
                                            std::string_view aad) const {
  std::array<unsigned char, kNonceBytes> nonce{};
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1) {
    return OpenSslError("RAND_bytes");
  }
  absl::StatusOr<std::string> raw = SealRaw(
      plaintext, aad, std::string_view(reinterpret_cast<const char*>(nonce.data()), nonce.size()));
  if (!raw.ok()) {
    return raw.status();
  }
  return absl::Base64Escape(*raw);
}

absl::StatusOr<std::string> SecretBox::Open(std::string_view sealed, std::string_view aad) const {
  std::string raw;
  if (!absl::Base64Unescape(Absl(sealed), &raw)) {
    return absl::InvalidArgumentError("secret box: sealed value is not base64");
  }
  if (raw.size() < kOverheadBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("secret box: sealed value truncated: ", raw.size(), " bytes, need at least ",
                     kOverheadBytes));
  }
  if (static_cast<uint8_t>(raw[0]) != kVersion) {
    return absl::InvalidArgumentError(absl::StrCat("secret box: unknown sealed value version ",
                                                   static_cast<int>(static_cast<uint8_t>(raw[0]))));
  }
  if (!FitsInt(raw) || !FitsInt(aad)) {
    return absl::InvalidArgumentError("secret box: sealed value or aad over 2 GiB");
  }
  const std::string_view view(raw);
  const std::string_view nonce = view.substr(1, kNonceBytes);
  const std::string_view ct = view.substr(1 + kNonceBytes, raw.size() - kOverheadBytes);
  const std::string_view tag = view.substr(raw.size() - kTagBytes);

  CipherCtx ctx = NewCtx();
  if (!ctx) {
    return OpenSslError("EVP_CIPHER_CTX_new");
  }
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), Bytes(nonce)) != 1) {
    return OpenSslError("DecryptInit");
  }
  int len = 0;
  if (!aad.empty() &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1) {
    return OpenSslError("DecryptUpdate(aad)");
  }
  std::string plaintext(ct.size(), '\0');
  auto* pt = reinterpret_cast<unsigned char*>(plaintext.data());
  if (EVP_DecryptUpdate(ctx.get(), pt, &len, Bytes(ct), static_cast<int>(ct.size())) != 1) {
    return OpenSslError("DecryptUpdate");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
                          const_cast<unsigned char*>(Bytes(tag))) != 1) {
    return OpenSslError("SET_TAG");
  }
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), pt + len, &final_len) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return absl::DataLossError(
        "secret box: authentication failed (wrong key, wrong associated data, or modified value)");
  }
  return plaintext;
}

absl::StatusOr<std::string> SecretBox::KeyCheck() const {
  return Seal(kKeyCheckPlaintext, kKeyCheckAad);
}

absl::Status SecretBox::VerifyKeyCheck(std::string_view stored) const {
  absl::StatusOr<std::string> opened = Open(stored, kKeyCheckAad);
  if (!opened.ok()) {
    if (opened.status().code() == absl::StatusCode::kDataLoss) {
      return absl::FailedPreconditionError(
          "secret box: key does not match the stored key check (wrong key configured?)");
    }
    return absl::FailedPreconditionError(
        absl::StrCat("secret box: stored key check is unreadable: ", opened.status().message()));
  }
  if (*opened != kKeyCheckPlaintext) {
    return absl::FailedPreconditionError("secret box: stored key check has unexpected content");
  }
  return absl::OkStatus();
}

}  // namespace mxedge::common
