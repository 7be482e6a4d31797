#include "scripted_exchange_handler.hpp"

#include <utility>

namespace mxedge::coap_gateway::testing {

void ScriptedExchangeHandler::SetScript(std::function<HandleResult(const InboundRequest&)> script) {
  std::lock_guard lock(mu_);
  script_ = std::move(script);
}

HandleResult ScriptedExchangeHandler::OnRequest(const InboundRequest& request, ExchangeId id) {
  std::function<HandleResult(const InboundRequest&)> script;
  {
    std::lock_guard lock(mu_);
    script = script_;
    requests_.push_back(Received{request, id});
  }
  cv_.notify_all();
  if (script) {
    return script(request);
  }
  return HandleResult::Now(OutboundMessage{msc3079::kCoapContent, {}, "ok"});
}

void ScriptedExchangeHandler::OnNack(SessionId session, std::uint16_t message_id,
                                     NackReason reason) {
  {
    std::lock_guard lock(mu_);
    nacks_.push_back(Nack{session, message_id, reason});
  }
  cv_.notify_all();
}

void ScriptedExchangeHandler::OnSessionClosed(SessionId session) {
  {
    std::lock_guard lock(mu_);
    closed_.push_back(session);
  }
  cv_.notify_all();
}

template <typename T>
std::optional<T> ScriptedExchangeHandler::Take(std::deque<T>& queue,
                                               std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, timeout, [&] { return !queue.empty(); })) {
    return std::nullopt;
  }
  T value = std::move(queue.front());
  queue.pop_front();
  return value;
}

std::optional<ScriptedExchangeHandler::Received> ScriptedExchangeHandler::NextRequest(
    std::chrono::milliseconds timeout) {
  return Take(requests_, timeout);
}

std::optional<ScriptedExchangeHandler::Nack> ScriptedExchangeHandler::NextNack(
    std::chrono::milliseconds timeout) {
  return Take(nacks_, timeout);
}

std::optional<SessionId> ScriptedExchangeHandler::NextClosedSession(
    std::chrono::milliseconds timeout) {
  return Take(closed_, timeout);
}

}  // namespace mxedge::coap_gateway::testing
