#pragma once
// Socket addresses for the transport's endpoints. Only the transport includes this header (it
// pulls in <coap3/coap.h>).
#include <coap3/coap.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::coap_gateway {

// A numeric IPv4 or IPv6 address and a port; `setting` names the config key in errors.
absl::StatusOr<coap_address_t> ParseAddress(const std::string& host, std::uint16_t port,
                                            std::string_view setting);

}  // namespace mxedge::coap_gateway
