#pragma once
// The libcbor baseline of the codec benchmark: the same MSC3079 conversion done through libcbor's
// item API (build items, serialize; cbor_load, convert the item tree to JSON).
#include <string>
#include <string_view>

#include "mxedge/msc3079/key_table.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::bench {

// JSON → CBOR with integer keys from `table` (shortest integer widths, f64 floats, map order as
// in the JSON object: libcbor does not sort keys).
std::string LibcborEncode(const nlohmann::json& value, const msc3079::KeyTable& table);

// CBOR → JSON with integer keys named through `table`; null JSON when libcbor fails.
nlohmann::json LibcborDecode(std::string_view bytes, const msc3079::KeyTable& table);

}  // namespace mxedge::bench
