#pragma once
// The id of a bridged IRC network in config, ids and aliases ("libera", "oftc", "my-net").
#include <string_view>

#include "absl/status/status.h"

namespace mxedge::bridge {

inline constexpr std::size_t kMaxNetworkIdBytes = 32;

// OK for 1..32 bytes of [a-z0-9-]. Without '_' and '.', a network id never runs into the text
// that follows it in a ghost id or alias, so both read back unambiguously.
absl::Status ValidateNetworkId(std::string_view network);

bool IsNetworkIdChar(char c);

}  // namespace mxedge::bridge
