#include "mxedge/common/constant_time.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>

#include "mxedge/common/check.hpp"

namespace mxedge::common {

namespace {

using Digest = std::array<unsigned char, 32>;

const std::array<unsigned char, 32>& ProcessKey() {
  static const std::array<unsigned char, 32> key = [] {
    std::array<unsigned char, 32> k{};
    // Failing to seed the CSPRNG at startup is a broken host, not input.
    MXEDGE_CHECK(RAND_bytes(k.data(), static_cast<int>(k.size())) == 1);
    return k;
  }();
  return key;
}

Digest Mac(std::string_view data) {
  const auto& key = ProcessKey();
  Digest out{};
  unsigned int out_len = 0;
  const unsigned char* ok =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &out_len);
  MXEDGE_CHECK(ok != nullptr && out_len == out.size());
  return out;
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  const Digest da = Mac(a);
  const Digest db = Mac(b);
  return CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

}  // namespace mxedge::common
