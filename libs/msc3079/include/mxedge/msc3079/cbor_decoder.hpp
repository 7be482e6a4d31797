#pragma once
// CBOR → JSON for MSC3079, straight from bytes to nlohmann::json.
//
// Accepts unsigned/negative integers, f16/f32/f64 (integral values within int64/uint64 range come
// out as JSON integers), text, arrays, maps, true/false/null/undefined (→ null) and tag 1
// (epoch time → RFC 3339 text, as lb does). Integer map keys found in the key table become their
// names, other integer keys their decimal string. When the integer and the text form of one key
// are both present the text key wins, in any order; the same form twice is an error.
//
// Everything else is an InvalidArgumentError naming what and the byte offset: byte strings,
// indefinite lengths, other tags, other simple values, invalid UTF-8, non-text/non-integer keys,
// nesting deeper than `max_depth`, truncation, counts beyond the remaining input, NaN/Inf and
// negative integers below -2^63. Never recurses deeper than `max_depth` + 1 frames.
#include <cstdint>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/msc3079/key_table.hpp"
#include "nlohmann/json_fwd.hpp"

namespace mxedge::msc3079 {

enum class TrailingBytes {
  kReject,  // default: bytes after the top-level item are an error
  kIgnore,  // lb's behaviour: decode the first item, ignore the rest
};

struct CborDecodeOptions {
  const KeyTable* key_table = &KeyTable::V1();
  // Maximum number of nested arrays/maps (capped at kMaxCborNesting).
  int max_depth = 64;
  TrailingBytes trailing_bytes = TrailingBytes::kReject;
};

absl::StatusOr<nlohmann::json> DecodeCbor(std::span<const std::uint8_t> bytes,
                                          const CborDecodeOptions& options = {});
absl::StatusOr<nlohmann::json> DecodeCbor(std::string_view bytes,
                                          const CborDecodeOptions& options = {});

}  // namespace mxedge::msc3079
