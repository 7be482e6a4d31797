#pragma once
// JSON → CBOR for MSC3079, straight from nlohmann::json to bytes.
//
// - Map keys found in the key table become integers at every depth; other keys stay text; values
//   are never replaced.
// - Integers (and integral doubles within int64/uint64 range) → CBOR integers, shortest form.
// - Other numbers → the shortest of f16/f32/f64 that holds the value exactly (RFC 8949 §4.2.2).
// - Map keys in RFC 7049 §3.9 canonical order: shorter encoded key first, then bytewise.
// Fails with InvalidArgumentError on NaN/Inf, binary values, invalid UTF-8 or nesting deeper
// than `max_depth`.
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/msc3079/key_table.hpp"
#include "nlohmann/json_fwd.hpp"

namespace mxedge::msc3079 {

struct CborEncodeOptions {
  // KeyTable::Empty() writes string keys only (option 257 = 0).
  const KeyTable* key_table = &KeyTable::V1();
  // Maximum number of nested arrays/maps (capped at kMaxCborNesting).
  int max_depth = 256;
};

// Appends the encoding of `value` to `out`. On error `out` holds a partial encoding.
absl::Status EncodeCborTo(const nlohmann::json& value, const CborEncodeOptions& options,
                          std::string& out);

// The CBOR encoding of `value`, as bytes in a std::string.
absl::StatusOr<std::string> EncodeCbor(const nlohmann::json& value,
                                       const CborEncodeOptions& options = {});

}  // namespace mxedge::msc3079
