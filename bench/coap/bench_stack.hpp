// The system under measurement: the stack of the end-to-end tests (tests/e2e/coap/coap_stack.hpp)
// as processes on 127.0.0.1 (redis-server, the in-process FakeHomeserver, one appservice-router
// and one coap-gateway, both binaries of this build tree), run with the gateway's production
// timings, log level info and a per-source session cap that lets every benchmark session in
// from 127.0.0.1. The HTTP baselines talk to the same FakeHomeserver.
#pragma once

#include "coap/coap_stack.hpp"

namespace mxedge::coap_bench {

inline coap_e2e::CoapStackOptions BenchStackOptions() {
  coap_e2e::CoapStackOptions options;
  options.name = "coap-bench";
  options.log_level = "info";
  options.production_timings = true;
  options.max_sessions_per_source = 1000;
  options.graceful_stop = true;
  return options;
}

}  // namespace mxedge::coap_bench
