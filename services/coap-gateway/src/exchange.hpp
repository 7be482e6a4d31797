#pragma once
// The boundary between the libcoap transport (the only code that includes <coap3/coap.h>) and the
// gateway's protocol logic (pure, unit-tested with a fake transport).
//
// Threading: every call in this file happens on the transport's loop thread, except
// LoopPoster::Post, which any thread may call.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/msc3079/coap_code.hpp"

namespace mxedge::coap_gateway {

// Identifies one CoAP session (one DTLS session, or one UDP peer on the plain endpoint). Assigned
// by the transport, never reused within a process.
using SessionId = std::uint64_t;

// Identifies one request the logic answered "pending" for, until Transport::Complete.
using ExchangeId = std::uint64_t;

// CoAP option numbers the gateway reads or writes (RFC 7252, 7641, 7959, MSC3079).
inline constexpr std::uint16_t kOptionETag = 4;
inline constexpr std::uint16_t kOptionObserve = 6;
inline constexpr std::uint16_t kOptionUriPath = 11;
inline constexpr std::uint16_t kOptionContentFormat = 12;
inline constexpr std::uint16_t kOptionMaxAge = 14;
inline constexpr std::uint16_t kOptionUriQuery = 15;
inline constexpr std::uint16_t kOptionAccept = 17;
inline constexpr std::uint16_t kOptionBlock2 = 23;
inline constexpr std::uint16_t kOptionBlock1 = 27;
inline constexpr std::uint16_t kOptionSize2 = 28;
inline constexpr std::uint16_t kOptionSize1 = 60;
inline constexpr std::uint16_t kOptionAccessToken = 256;
inline constexpr std::uint16_t kOptionEnumVersion = 257;

enum class MessageType : std::uint8_t { kConfirmable, kNonConfirmable };

// One option as it travels: number and raw value bytes (uint options big-endian, minimal length).
struct CoapOption {
  std::uint16_t number = 0;
  std::string value;
  friend bool operator==(const CoapOption&, const CoapOption&) = default;
};

// A request as the transport received it. Duplicates (same session and message id) are passed on
// too: de-duplication is the logic's job.
struct InboundRequest {
  SessionId session = 0;
  // Arrived over DTLS. Sticky access tokens are only kept on secure sessions.
  bool secure = false;
  MessageType type = MessageType::kConfirmable;
  // Raw request code: 1 GET, 2 POST, 3 PUT, 4 DELETE, 5 FETCH, 6 PATCH, 7 iPATCH, ...
  std::uint8_t code = 0;
  std::uint16_t message_id = 0;
  // 0..8 bytes.
  std::string token;
  // In wire order.
  std::vector<CoapOption> options;
  std::string payload;
};

// A response or notification. The transport sorts the options by number and writes the token.
struct OutboundMessage {
  msc3079::CoapCode code;
  std::vector<CoapOption> options;
  std::string payload;
  friend bool operator==(const OutboundMessage&, const OutboundMessage&) = default;
};

// Either an answer now, or "pending": the logic calls Transport::Complete(id, …) later. The
// transport piggybacks a completion that arrives within its window on the ACK, otherwise it sends
// the empty ACK when the window expires and the answer as a separate CON.
struct HandleResult {
  bool pending = false;
  OutboundMessage reply;  // meaningful when !pending
  static HandleResult Now(OutboundMessage reply) { return {false, std::move(reply)}; }
  static HandleResult Pending() { return {true, {}}; }
};

// Why the transport gave up on a confirmable message it sent.
enum class NackReason : std::uint8_t {
  kTimeout,  // never acknowledged after all retransmissions
  kReset,    // the peer answered RST
  kSessionGone,
};

// Implemented by the transport; used by the logic on the loop thread.
class Transport {
 public:
  virtual ~Transport() = default;
  // Answers a request the logic returned HandleResult::Pending() for. Unknown ids (the session
  // went away meanwhile) are ignored.
  virtual void Complete(ExchangeId id, OutboundMessage reply) = 0;
  // Sends a confirmable message (an Observe notification) with `token` on `session`; returns the
  // message id it got. Errors: the session is gone, or the message does not fit.
  virtual absl::StatusOr<std::uint16_t> SendConfirmable(SessionId session, std::string_view token,
                                                        OutboundMessage message) = 0;
};

// Implemented by the logic; called by the transport on the loop thread.
class ExchangeHandler {
 public:
  virtual ~ExchangeHandler() = default;
  virtual HandleResult OnRequest(const InboundRequest& request, ExchangeId id) = 0;
  // A confirmable message from SendConfirmable failed.
  virtual void OnNack(SessionId session, std::uint16_t message_id, NackReason reason) = 0;
  // A session ended (DTLS close, idle timeout, eviction). Its pending exchanges are dropped.
  virtual void OnSessionClosed(SessionId session) = 0;
};

// Runs work on the loop thread. Thread-safe.
class LoopPoster {
 public:
  virtual ~LoopPoster() = default;
  virtual void Post(std::function<void()> work) = 0;
};

}  // namespace mxedge::coap_gateway
