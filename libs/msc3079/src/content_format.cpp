#include "mxedge/msc3079/content_format.hpp"

#include <cctype>
#include <string>

namespace mxedge::msc3079 {

std::string_view MediaTypeOf(ContentFormat format) {
  switch (format) {
    case ContentFormat::kTextPlain:
      return "text/plain";
    case ContentFormat::kJson:
      return "application/json";
    case ContentFormat::kCbor:
      return "application/cbor";
    case ContentFormat::kOctetStream:
      break;
  }
  return "application/octet-stream";
}

std::optional<ContentFormat> ContentFormatOf(std::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  std::string_view media_type = content_type.substr(0, semicolon);
  while (!media_type.empty() && (media_type.front() == ' ' || media_type.front() == '\t')) {
    media_type.remove_prefix(1);
  }
  while (!media_type.empty() && (media_type.back() == ' ' || media_type.back() == '\t')) {
    media_type.remove_suffix(1);
  }
  std::string lower(media_type);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (ContentFormat format : {ContentFormat::kTextPlain, ContentFormat::kOctetStream,
                               ContentFormat::kJson, ContentFormat::kCbor}) {
    if (lower == MediaTypeOf(format)) {
      return format;
    }
  }
  return std::nullopt;
}

}  // namespace mxedge::msc3079
