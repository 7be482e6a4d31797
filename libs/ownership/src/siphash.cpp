#include "mxedge/ownership/siphash.hpp"

#include <bit>
#include <cstddef>

namespace mxedge::ownership {
namespace {

uint64_t LoadLittleEndian64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | p[i];
  }
  return v;
}

struct SipState {
  uint64_t v0, v1, v2, v3;

  void Round() {
    v0 += v1;
    v1 = std::rotl(v1, 13);
    v1 ^= v0;
    v0 = std::rotl(v0, 32);
    v2 += v3;
    v3 = std::rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = std::rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = std::rotl(v1, 17);
    v1 ^= v2;
    v2 = std::rotl(v2, 32);
  }

  // Two compression rounds per message word (the "2" of SipHash-2-4).
  void Compress(uint64_t m) {
    v3 ^= m;
    Round();
    Round();
    v0 ^= m;
  }
};

}  // namespace

uint64_t SipHash24(const SipHashKey& key, std::string_view data) {
  const uint64_t k0 = LoadLittleEndian64(key.data());
  const uint64_t k1 = LoadLittleEndian64(key.data() + 8);
  // The initialisation constants spell "somepseudorandomlygeneratedbytes".
  SipState s{k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL, k0 ^ 0x6c7967656e657261ULL,
             k1 ^ 0x7465646279746573ULL};

  const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  const std::size_t full = data.size() / 8 * 8;
  for (std::size_t i = 0; i < full; i += 8) {
    s.Compress(LoadLittleEndian64(bytes + i));
  }
  // Last word: the remaining bytes, little-endian, with the length (mod 256) in the top byte.
  uint64_t last = static_cast<uint64_t>(data.size() & 0xff) << 56;
  for (std::size_t i = 0; i < data.size() - full; ++i) {
    last |= static_cast<uint64_t>(bytes[full + i]) << (8 * i);
  }
  s.Compress(last);

  // Four finalisation rounds (the "4").
  s.v2 ^= 0xff;
  s.Round();
  s.Round();
  s.Round();
  s.Round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

}  // namespace mxedge::ownership
