#include "line_key.hpp"

#include <openssl/evp.h>

#include <array>

#include "irc_keys.hpp"

namespace mxedge::irc_worker {

namespace {

constexpr size_t kMaxPlainMsgidBytes = 128;
constexpr size_t kKeyHashBytes = 16;

class Hasher {
 public:
  Hasher() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Hasher() { EVP_MD_CTX_free(ctx_); }
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Field(std::string_view bytes) {
    Length(bytes.size());
    EVP_DigestUpdate(ctx_, bytes.data(), bytes.size());
  }
  void Length(uint64_t n) {
    std::array<unsigned char, 8> le{};
    for (size_t i = 0; i < le.size(); ++i) {
      le[i] = static_cast<unsigned char>(n >> (8 * i));
    }
    EVP_DigestUpdate(ctx_, le.data(), le.size());
  }
  std::string Hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx_, digest.data(), &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * kKeyHashBytes);
    for (size_t i = 0; i < kKeyHashBytes; ++i) {
      out.push_back(kHex[digest[i] >> 4]);
      out.push_back(kHex[digest[i] & 0xf]);
    }
    return out;
  }

 private:
  EVP_MD_CTX* ctx_;
};

}  // namespace

bool NeedsOccurrence(const LineIdentity& line) {
  return line.msgid.empty() && line.server_time.empty();
}

std::string LineKey(const LineIdentity& line, int64_t occurrence) {
  if (!line.msgid.empty()) {
    if (line.msgid.size() <= kMaxPlainMsgidBytes && ValidateKeyPart("msgid", line.msgid).ok()) {
      return "id:" + std::string(line.msgid);
    }
    Hasher hasher;
    hasher.Field(line.msgid);
    return "idh:" + hasher.Hex();
  }
  Hasher hasher;
  hasher.Field(line.source);
  hasher.Field(line.command);
  hasher.Length(line.params.size());
  for (const std::string& param : line.params) {
    hasher.Field(param);
  }
  hasher.Field(line.server_time);
  if (NeedsOccurrence(line)) {
    hasher.Length(static_cast<uint64_t>(occurrence));
  }
  return "h:" + hasher.Hex();
}

}  // namespace mxedge::irc_worker
