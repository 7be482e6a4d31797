#include "mxedge/bridge/network_id.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::bridge {

bool IsNetworkIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

absl::Status ValidateNetworkId(std::string_view network) {
  if (network.empty() || network.size() > kMaxNetworkIdBytes) {
    return absl::InvalidArgumentError(
        common::Cat("network id must be 1..", kMaxNetworkIdBytes, " bytes, got ", network.size()));
  }
  for (char c : network) {
    if (!IsNetworkIdChar(c)) {
      return absl::InvalidArgumentError(
          common::Cat("network id \"", network, "\" may only use a-z, 0-9 and '-'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace mxedge::bridge
