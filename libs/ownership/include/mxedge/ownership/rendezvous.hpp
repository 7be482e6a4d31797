#pragma once
// Rendezvous (highest-random-weight) ranking: every member gets a weight per key, and members are
// ranked by weight, best first. The first live member is the default owner of a key; removing a
// member moves only the keys it ranked first on, adding one takes only the keys it now ranks first
// on, and every process computes the same ranking without coordination.
//
// The weight is SipHash-2-4 under the fixed key kRendezvousHashKey over
//   uint64 little-endian byte length of `key` || key bytes || member bytes
// (the length prefix keeps ("ab","c") and ("a","bc") apart). Changing the key, the encoding or the
// hash reassigns every connection, so it is pinned by golden tests and must never change.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/ownership/siphash.hpp"

namespace mxedge::ownership {

// The ASCII bytes of "mxedge/hrw/v1/k0".
inline constexpr SipHashKey kRendezvousHashKey = {'m', 'x', 'e', 'd', 'g', 'e', '/', 'h',
                                                  'r', 'w', '/', 'v', '1', '/', 'k', '0'};

uint64_t RendezvousWeight(std::string_view key, std::string_view member);

// `members` ordered by weight for `key`, best first; ties (never seen in practice) by member id.
// Duplicates are dropped.
std::vector<std::string> RankByRendezvous(std::string_view key,
                                          std::span<const std::string> members);

// The best-ranked member for `key`, nullopt when `members` is empty.
std::optional<std::string> RendezvousOwner(std::string_view key,
                                           std::span<const std::string> members);

}  // namespace mxedge::ownership
