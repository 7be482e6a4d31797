#pragma once
// `mxedge-coap proxy …`: runs the HTTP→CoAP proxy until SIGINT or SIGTERM.
#include <iosfwd>

#include "cli_options.hpp"

namespace mxedge::coap_cli {

// Returns the process exit status: 0 after a signal, 1 when it cannot start, 2 for bad options.
int RunProxy(const ProxyOptions& options, std::ostream& err);

}  // namespace mxedge::coap_cli
