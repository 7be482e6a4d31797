#pragma once
// Decoding IRC lines that are not UTF-8 with a configured fallback charset, so no line is lost.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::bridge {

enum class FallbackCharset {
  kLatin1,  // ISO 8859-1: every byte is the code point of the same value
  kCp1252,  // Windows-1252: 0x80-0x9F are € ‚ ƒ „ … and so on; its five unassigned bytes map
            // like Latin-1, so nothing is dropped
};

// "latin1"/"iso-8859-1" or "cp1252"/"windows-1252" (ASCII case ignored); InvalidArgumentError
// for any other name.
absl::StatusOr<FallbackCharset> ParseFallbackCharset(std::string_view name);

bool IsValidUtf8(std::string_view bytes);

// `bytes` as UTF-8: unchanged when it is valid UTF-8, else every byte decoded with `fallback`.
std::string DecodeIrcText(std::string_view bytes, FallbackCharset fallback);

}  // namespace mxedge::bridge
