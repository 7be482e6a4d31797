#pragma once
// CoAP Content-Format numbers used by MSC3079 (option 12).
#include <cstdint>
#include <optional>
#include <string_view>

namespace mxedge::msc3079 {

enum class ContentFormat : std::uint16_t {
  kTextPlain = 0,
  kOctetStream = 42,
  kJson = 50,
  kCbor = 60,
};

inline constexpr std::uint16_t kContentFormatOption = 12;

// The media type of a Content-Format ("application/cbor" for 60...).
std::string_view MediaTypeOf(ContentFormat format);

// Content-Type → Content-Format by exact media type, parameters such as "; charset=utf-8"
// ignored; nullopt for any other type (lb labels those 42).
std::optional<ContentFormat> ContentFormatOf(std::string_view content_type);

}  // namespace mxedge::msc3079
