#include "mxedge/irc/mirc_colors.hpp"

namespace mxedge::irc {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

std::array<char, 7> RgbToHex(std::uint32_t rgb) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::array<char, 7> out{'#'};
  for (int i = 0; i < 6; ++i) {
    out[1 + i] = kHex[(rgb >> (20 - 4 * i)) & 0xF];
  }
  return out;
}

std::optional<std::uint32_t> ParseHexColor(std::string_view text) {
  if (text.empty() || text.front() != '#' || (text.size() != 7 && text.size() != 4)) {
    return std::nullopt;
  }
  std::uint32_t rgb = 0;
  for (char c : text.substr(1)) {
    const int digit = HexDigit(c);
    if (digit < 0) {
      return std::nullopt;
    }
    rgb = (rgb << 4) | static_cast<std::uint32_t>(digit);
    if (text.size() == 4) {
      rgb = (rgb << 4) | static_cast<std::uint32_t>(digit);  // "#abc" is "#aabbcc"
    }
  }
  return rgb;
}

int NearestMircColor(std::uint32_t rgb) {
  const auto channel = [](std::uint32_t value, int shift) {
    return static_cast<int>((value >> shift) & 0xFF);
  };
  int best = 0;
  long best_distance = -1;
  for (int i = 0; i < static_cast<int>(kMircColors.size()); ++i) {
    long distance = 0;
    for (int shift : {16, 8, 0}) {
      const long d = channel(rgb, shift) - channel(kMircColors[i], shift);
      distance += d * d;
    }
    if (best_distance < 0 || distance < best_distance) {
      best = i;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace mxedge::irc
