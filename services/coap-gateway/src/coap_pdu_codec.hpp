#pragma once
// Conversions between libcoap PDUs and the transport-neutral messages of exchange.hpp. Only the
// transport includes this header (it pulls in <coap3/coap.h>).
#include <coap3/coap.h>

#include <cstddef>
#include <string>
#include <vector>

#include "exchange.hpp"

namespace mxedge::coap_gateway {

// The options of `pdu` in wire order (ascending number, repeats kept).
std::vector<CoapOption> ReadOptions(const coap_pdu_t* pdu);

// The payload of `pdu` (empty when there is none).
std::string ReadPayload(const coap_pdu_t* pdu);

// The encoded size of a CoAP message over UDP (RFC 7252 §3): header, token, options, payload
// marker and payload.
std::size_t EncodedSize(std::size_t token_length, const std::vector<CoapOption>& options,
                        std::size_t payload_length);

// Sets the code and appends the options (sorted by number, stable) and the payload of `message`
// to `pdu`, whose token is already set. False when they do not fit the PDU.
bool WriteMessage(const OutboundMessage& message, coap_pdu_t* pdu);

}  // namespace mxedge::coap_gateway
