#pragma once
// SipHash-2-4 (Aumasson & Bernstein, 2012) with a 64-bit output: the fixed hash behind rendezvous
// ranking. Implemented here from the specification so its output never depends on a platform or a
// library version; pinned by the reference test vectors of the paper.
#include <array>
#include <cstdint>
#include <string_view>

namespace mxedge::ownership {

using SipHashKey = std::array<uint8_t, 16>;

uint64_t SipHash24(const SipHashKey& key, std::string_view data);

}  // namespace mxedge::ownership
