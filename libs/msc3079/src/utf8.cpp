#include "utf8.hpp"

#include <cstdint>
#include <cstring>

namespace mxedge::msc3079::internal {

std::optional<std::size_t> FindInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // ASCII fast path, eight bytes at a time.
    if (i + 8 <= size) {
      std::uint64_t chunk;
      std::memcpy(&chunk, bytes + i, sizeof(chunk));
      if ((chunk & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char min_second = 0x80;
    unsigned char max_second = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead == 0xe0) {
        min_second = 0xa0;  // overlong
      } else if (lead == 0xed) {
        max_second = 0x9f;  // surrogates
      }
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead == 0xf0) {
        min_second = 0x90;  // overlong
      } else if (lead == 0xf4) {
        max_second = 0x8f;  // above U+10FFFF
      }
    } else {
      return i;
    }
    if (i + length > size) {
      return i;
    }
    if (bytes[i + 1] < min_second || bytes[i + 1] > max_second) {
      return i;
    }
    for (std::size_t k = 2; k < length; ++k) {
      if ((bytes[i + k] & 0xc0) != 0x80) {
        return i;
      }
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace mxedge::msc3079::internal
