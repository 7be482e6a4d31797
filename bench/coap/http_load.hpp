#pragma once
// The baseline of the load bench: the same "Hello World" send as plain HTTP/1.1+JSON straight to
// the homeserver with libcurl, one thread and one kept-alive connection per concurrent client.
#include <chrono>
#include <cstdint>
#include <string>

#include "latency_recorder.hpp"

namespace mxedge::coap_bench {

struct HttpLoadResult {
  LatencyRecorder latencies;
  std::uint64_t errors = 0;
};

HttpLoadResult RunHttpLoad(const std::string& base_url, const std::string& room,
                           const std::string& access_token, int clients,
                           std::chrono::seconds duration);

}  // namespace mxedge::coap_bench
