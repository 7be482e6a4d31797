#pragma once
// Sends CoAP requests somewhere: LibcoapClient over UDP/DTLS, a fake in unit tests.
#include <functional>

#include "absl/status/statusor.h"
#include "coap_message.hpp"

namespace mxedge::coap_cli {

// Called with the response, or with the reason none arrived (Unavailable: the session failed or
// the gateway reset the exchange; DeadlineExceeded: the request timed out). For an Observe
// registration it is called once per notification, until an error ends it.
using ResponseCallback = std::function<void(absl::StatusOr<CoapResponse>)>;

class CoapTransport {
 public:
  virtual ~CoapTransport() = default;
  // Thread-safe; `callback` runs on the transport's own thread and must not block.
  virtual void Send(CoapRequest request, ResponseCallback callback) = 0;
};

}  // namespace mxedge::coap_cli
