#pragma once
// What `-v` prints: one line per CoAP message with its options and its size on the wire, and the
// datagram sizes libcoap reports (DTLS records included on coaps://). Access tokens are shown as
// their length only.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <coap3/coap.h>

namespace mxedge::coap_cli {

// Bytes of the CoAP message as encoded: header, token, options, payload marker and payload.
std::size_t PduWireSize(const coap_pdu_t* pdu);

// "> CON GET mid=0x1a2b token=5c01 [Uri-Path \"7\", Observe 0] payload 0 B, CoAP 12 B".
// `direction` is '>' (sent) or '<' (received).
std::string DescribePdu(char direction, const coap_pdu_t* pdu);

struct DatagramEvent {
  bool sent = false;
  std::size_t bytes = 0;
};

// libcoap's DEBUG lines "*  <session>: sent 45 bytes" / "received 45 bytes" → the event.
std::optional<DatagramEvent> ParseDatagramLog(std::string_view line);

}  // namespace mxedge::coap_cli
