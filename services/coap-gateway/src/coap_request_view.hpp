#pragma once
// An InboundRequest's options decoded once for the pipeline: the translator's CoapRequest, the
// block-wise and Observe options; and a CoapResponse turned into wire options.
#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "block_option.hpp"
#include "exchange.hpp"
#include "request_translator.hpp"
#include "response_translator.hpp"

namespace mxedge::coap_gateway {

struct RequestView {
  CoapRequest request;
  std::optional<BlockValue> block1;
  std::optional<BlockValue> block2;
  std::optional<std::uint32_t> size1;
  std::optional<std::uint32_t> observe;
};

// Errors (InvalidArgument carrying 4.02 Bad Option): a uint option over 4 bytes (Content-Format,
// Accept, Observe, Size1, option 257 over 8 bytes), a malformed Block option.
absl::StatusOr<RequestView> ViewRequest(const InboundRequest& inbound);

// Content-Format and Max-Age as uint options, the body as payload.
OutboundMessage ToOutbound(const CoapResponse& response);

}  // namespace mxedge::coap_gateway
