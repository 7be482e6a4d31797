#include "mxedge/common/request_id.hpp"

#include <cstdint>
#include <random>

namespace mxedge::common {

namespace {

std::mt19937_64& ThreadGenerator() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return generator;
}

}  // namespace

std::string NewRequestId() {
  constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = ThreadGenerator()();
  std::string id(kRequestIdLength, '0');
  for (size_t i = 0; i < kRequestIdLength; ++i) {
    id[i] = kHex[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxForeignRequestIdLength) {
    return false;
  }
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace mxedge::common
