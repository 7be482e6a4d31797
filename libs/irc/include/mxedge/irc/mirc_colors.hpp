#pragma once
// The 16 standard mIRC colours and the control codes of IRC formatting.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mxedge::irc {

inline constexpr char kBoldCode = '\x02';
inline constexpr char kColorCode = '\x03';
inline constexpr char kHexColorCode = '\x04';
inline constexpr char kResetCode = '\x0f';
inline constexpr char kMonospaceCode = '\x11';
inline constexpr char kReverseCode = '\x16';
inline constexpr char kItalicCode = '\x1d';
inline constexpr char kStrikethroughCode = '\x1e';
inline constexpr char kUnderlineCode = '\x1f';

// 0 white, 1 black, 2 navy, 3 green, 4 red, 5 maroon, 6 purple, 7 orange, 8 yellow,
// 9 light green, 10 teal, 11 cyan, 12 blue, 13 pink, 14 grey, 15 light grey (as 0xRRGGBB).
inline constexpr std::array<std::uint32_t, 16> kMircColors = {
    0xFFFFFF, 0x000000, 0x00007F, 0x009300, 0xFF0000, 0x7F0000, 0x9C009C, 0xFC7F00,
    0xFFFF00, 0x00FC00, 0x009393, 0x00FFFF, 0x0000FC, 0xFF00FF, 0x7F7F7F, 0xD2D2D2,
};

// "#RRGGBB" (upper-case) of an RGB value.
std::array<char, 7> RgbToHex(std::uint32_t rgb);

// The RGB value of "#RRGGBB" or "#RGB" (either case), nullopt for anything else.
std::optional<std::uint32_t> ParseHexColor(std::string_view text);

// The index of the mIRC colour nearest to `rgb` (Euclidean distance in RGB; exact matches win).
int NearestMircColor(std::uint32_t rgb);

}  // namespace mxedge::irc
