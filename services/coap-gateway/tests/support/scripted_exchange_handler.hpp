#pragma once
// An ExchangeHandler for transport tests: records what arrives and answers as scripted (now, or
// pending until the test completes the exchange through the transport). Called on the loop
// thread; the test thread waits on it with timeouts.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "exchange.hpp"

namespace mxedge::coap_gateway::testing {

class ScriptedExchangeHandler final : public ExchangeHandler {
 public:
  struct Received {
    InboundRequest request;
    ExchangeId id = 0;
  };
  struct Nack {
    SessionId session = 0;
    std::uint16_t message_id = 0;
    NackReason reason = NackReason::kTimeout;
  };

  // Decides the answer for each request; the default answers 2.05 with the payload "ok".
  void SetScript(std::function<HandleResult(const InboundRequest&)> script);

  HandleResult OnRequest(const InboundRequest& request, ExchangeId id) override;
  void OnNack(SessionId session, std::uint16_t message_id, NackReason reason) override;
  void OnSessionClosed(SessionId session) override;

  // The next request not yet taken, waiting up to `timeout`.
  std::optional<Received> NextRequest(std::chrono::milliseconds timeout);
  std::optional<Nack> NextNack(std::chrono::milliseconds timeout);
  std::optional<SessionId> NextClosedSession(std::chrono::milliseconds timeout);

 private:
  template <typename T>
  std::optional<T> Take(std::deque<T>& queue, std::chrono::milliseconds timeout);

  std::mutex mu_;
  std::condition_variable cv_;
  std::function<HandleResult(const InboundRequest&)> script_;
  std::deque<Received> requests_;
  std::deque<Nack> nacks_;
  std::deque<SessionId> closed_;
};

}  // namespace mxedge::coap_gateway::testing
