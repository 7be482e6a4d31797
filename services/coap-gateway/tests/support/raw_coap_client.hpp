#pragma once
// A UDP socket on 127.0.0.1 that sends hand-built CoAP messages and reads raw answers, so tests
// can check message types, MIDs and tokens on the wire. No libcoap.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "exchange.hpp"

namespace mxedge::coap_gateway::testing {

enum class RawType : std::uint8_t { kCon = 0, kNon = 1, kAck = 2, kRst = 3 };

struct RawMessage {
  RawType type = RawType::kCon;
  std::uint8_t code = 0;
  std::uint16_t mid = 0;
  std::string token;
  std::vector<CoapOption> options;  // any order; encoded sorted
  std::string payload;

  // The value of the first option `number`, if present.
  std::optional<std::string> Option(std::uint16_t number) const;
};

std::string EncodeRaw(const RawMessage& message);
absl::StatusOr<RawMessage> DecodeRaw(std::string_view datagram);

// A UDP port on 127.0.0.1 that was free a moment ago.
absl::StatusOr<std::uint16_t> FreeUdpPort();

class RawCoapClient {
 public:
  static absl::StatusOr<RawCoapClient> Connect(std::uint16_t port);
  RawCoapClient(RawCoapClient&& other) noexcept;
  RawCoapClient& operator=(RawCoapClient&&) = delete;
  RawCoapClient(const RawCoapClient&) = delete;
  ~RawCoapClient();

  absl::Status Send(const RawMessage& message);
  // Sends `datagram` as it is (malformed input).
  absl::Status SendBytes(std::string_view datagram);
  // The next datagram, decoded; DeadlineExceeded when none arrives within `timeout`.
  absl::StatusOr<RawMessage> Receive(std::chrono::milliseconds timeout);

 private:
  explicit RawCoapClient(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace mxedge::coap_gateway::testing
