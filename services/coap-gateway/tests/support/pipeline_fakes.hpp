#pragma once
// Fakes for the pipeline's unit tests: a Transport that records answers and notifications, a
// LoopPoster whose queue the test runs, and a ClientApiUpstream whose calls the test answers.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exchange.hpp"
#include "upstream.hpp"

namespace mxedge::coap_gateway::testing {

class FakeTransport final : public Transport {
 public:
  struct Sent {
    SessionId session = 0;
    std::string token;
    std::uint16_t message_id = 0;
    OutboundMessage message;
  };

  void Complete(ExchangeId id, OutboundMessage reply) override;
  absl::StatusOr<std::uint16_t> SendConfirmable(SessionId session, std::string_view token,
                                                OutboundMessage message) override;

  // Exchange id → the answer given through Complete, in order.
  std::vector<std::pair<ExchangeId, OutboundMessage>> completed;
  std::vector<Sent> confirmables;
  // Sessions for which SendConfirmable fails (gone).
  std::vector<SessionId> gone_sessions;

 private:
  std::uint16_t next_mid_ = 1000;
};

class FakeLoopPoster final : public LoopPoster {
 public:
  void Post(std::function<void()> work) override { queue_.push_back(std::move(work)); }
  // Runs queued work (including work queued meanwhile); returns how many ran.
  int RunAll();

 private:
  std::deque<std::function<void()>> queue_;
};

class FakeClientApiUpstream final : public ClientApiUpstream {
 public:
  struct Pending {
    v1::HttpCall call;
    std::chrono::milliseconds deadline{0};
    Callback done;
    bool cancelled = false;
    bool answered = false;
  };

  std::shared_ptr<UpstreamCall> Call(v1::HttpCall call, std::chrono::milliseconds deadline,
                                     Callback done) override;

  std::size_t size() const { return calls_.size(); }
  Pending& at(std::size_t index) { return *calls_.at(index); }
  const v1::HttpCall& last_call() const { return calls_.back()->call; }
  // Answers call `index` (once) with an HTTP result or a transport failure.
  void Answer(std::size_t index, int status, std::string body,
              std::string content_type = "application/json", std::int64_t retry_after_ms = 0);
  void Fail(std::size_t index, absl::Status status);

 private:
  std::vector<std::shared_ptr<Pending>> calls_;
};

// An InboundRequest from pieces.
InboundRequest MakeRequest(SessionId session, std::uint16_t mid, std::uint8_t code,
                           std::vector<CoapOption> options, std::string payload = {},
                           bool secure = true, std::string token = "t1");
// Uri-Path options for "/a/b/c" (no leading slash needed).
std::vector<CoapOption> PathOptions(const std::string& path);

}  // namespace mxedge::coap_gateway::testing
