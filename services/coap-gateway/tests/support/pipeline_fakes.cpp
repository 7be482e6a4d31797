#include "pipeline_fakes.hpp"

#include <algorithm>
#include <utility>

#include "absl/strings/str_split.h"

namespace mxedge::coap_gateway::testing {
namespace {

class FakeCall final : public UpstreamCall {
 public:
  explicit FakeCall(std::weak_ptr<FakeClientApiUpstream::Pending> pending)
      : pending_(std::move(pending)) {}
  void Cancel() override {
    auto pending = pending_.lock();
    if (pending && !pending->answered) {
      pending->cancelled = true;
      pending->answered = true;
      pending->done(absl::CancelledError("cancelled"));
    }
  }

 private:
  std::weak_ptr<FakeClientApiUpstream::Pending> pending_;
};

}  // namespace

void FakeTransport::Complete(ExchangeId id, OutboundMessage reply) {
  completed.emplace_back(id, std::move(reply));
}

absl::StatusOr<std::uint16_t> FakeTransport::SendConfirmable(SessionId session,
                                                             std::string_view token,
                                                             OutboundMessage message) {
  if (std::find(gone_sessions.begin(), gone_sessions.end(), session) != gone_sessions.end()) {
    return absl::NotFoundError("session gone");
  }
  const std::uint16_t mid = next_mid_++;
  confirmables.push_back(Sent{session, std::string(token), mid, std::move(message)});
  return mid;
}

int FakeLoopPoster::RunAll() {
  int ran = 0;
  while (!queue_.empty()) {
    auto work = std::move(queue_.front());
    queue_.pop_front();
    work();
    ++ran;
  }
  return ran;
}

std::shared_ptr<UpstreamCall> FakeClientApiUpstream::Call(v1::HttpCall call,
                                                          std::chrono::milliseconds deadline,
                                                          Callback done) {
  auto pending = std::make_shared<Pending>();
  pending->call = std::move(call);
  pending->deadline = deadline;
  pending->done = std::move(done);
  calls_.push_back(pending);
  return std::make_shared<FakeCall>(pending);
}

void FakeClientApiUpstream::Answer(std::size_t index, int status, std::string body,
                                   std::string content_type, std::int64_t retry_after_ms) {
  Pending& pending = at(index);
  if (pending.answered) {
    return;
  }
  pending.answered = true;
  v1::HttpResult result;
  result.set_status(status);
  result.set_body(std::move(body));
  result.set_content_type(std::move(content_type));
  result.set_retry_after_ms(retry_after_ms);
  pending.done(std::move(result));
}

void FakeClientApiUpstream::Fail(std::size_t index, absl::Status status) {
  Pending& pending = at(index);
  if (pending.answered) {
    return;
  }
  pending.answered = true;
  pending.done(std::move(status));
}

InboundRequest MakeRequest(SessionId session, std::uint16_t mid, std::uint8_t code,
                           std::vector<CoapOption> options, std::string payload, bool secure,
                           std::string token) {
  InboundRequest request;
  request.session = session;
  request.secure = secure;
  request.code = code;
  request.message_id = mid;
  request.token = std::move(token);
  request.options = std::move(options);
  request.payload = std::move(payload);
  return request;
}

std::vector<CoapOption> PathOptions(const std::string& path) {
  std::vector<CoapOption> options;
  for (absl::string_view segment : absl::StrSplit(path, '/', absl::SkipEmpty())) {
    options.push_back({kOptionUriPath, std::string(segment)});
  }
  return options;
}

}  // namespace mxedge::coap_gateway::testing
