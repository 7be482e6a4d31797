#pragma once
// A deterministic, realistic initial /sync response body for the codec benchmark.
#include <cstddef>

#include "nlohmann/json.hpp"

namespace mxedge::bench {

// Rooms with state and timeline events, account data, presence, device lists: generated from a
// fixed seed until the compact JSON text reaches `min_json_bytes`.
nlohmann::json MakeInitialSyncBody(std::size_t min_json_bytes);

}  // namespace mxedge::bench
