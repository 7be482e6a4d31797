// Fuzzes the coap-gateway's RequestPipeline: a sequence of CoAP requests (any code, options and
// payload) on a few sessions, with upstream answers of every kind, through de-duplication,
// Block1/Block2, translation, Observe and session teardown.
//
// Input: records until the data runs out. Record: byte 0 = session (bits 0-1), secure (0x04),
// NON (0x08), answer kind for its upstream call (bits 4-6: 200 small, 200 large, 429, 401 error,
// unreachable, cancelled, not JSON, none), close the session afterwards (0x80); byte 1 = code;
// byte 2 = message id; byte 3 = option count; then per option: number (2 bytes), length (1
// byte), value; then payload length (1 byte, times 16) and payload.
// Traps when an answer carries code 0.00 or a payload over 1024 bytes (it would not fit a
// datagram), or a notification does.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mxedge/testing/fake_clock.hpp"
#include "request_pipeline.hpp"
#include "support/pipeline_fakes.hpp"

namespace {

using mxedge::coap_gateway::CoapOption;
using mxedge::coap_gateway::InboundRequest;
using mxedge::coap_gateway::MessageType;
using mxedge::coap_gateway::OutboundMessage;

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  std::uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::string Bytes(std::size_t n) {
    n = std::min(n, size_ - std::min(size_, pos_));
    std::string out(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

void Check(const OutboundMessage& message) {
  if (message.code.raw() == 0 || message.payload.size() > 1024) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mxedge::coap_gateway;
  mxedge::testing::FakeClock clock;
  mxedge::common::MetricsRegistry metrics;
  testing::FakeTransport transport;
  testing::FakeLoopPoster poster;
  testing::FakeClientApiUpstream upstream;
  RequestPipelineSettings settings;
  settings.translate.max_body_bytes = 8192;
  settings.block1.max_body_bytes = 8192;
  RequestPipeline pipeline(settings, upstream, metrics, clock);
  pipeline.Bind(transport, poster);

  Reader in(data, size);
  ExchangeId id = 1;
  for (int records = 0; !in.empty() && records < 64; ++records) {
    const std::uint8_t flags = in.Byte();
    InboundRequest request;
    request.session = 1 + (flags & 0x03);
    request.secure = (flags & 0x04) != 0;
    request.type = (flags & 0x08) ? MessageType::kNonConfirmable : MessageType::kConfirmable;
    request.code = in.Byte();
    request.message_id = in.Byte();
    request.token = "tk";
    const int options = in.Byte() % 16;
    for (int i = 0; i < options; ++i) {
      const std::uint16_t number = static_cast<std::uint16_t>((in.Byte() << 8) | in.Byte());
      const std::size_t length = in.Byte();
      request.options.push_back(CoapOption{number, in.Bytes(length)});
    }
    std::stable_sort(request.options.begin(), request.options.end(),
                     [](const CoapOption& a, const CoapOption& b) { return a.number < b.number; });
    request.payload = in.Bytes(static_cast<std::size_t>(in.Byte()) * 16);

    const std::size_t calls_before = upstream.size();
    HandleResult result = pipeline.OnRequest(request, id++);
    if (!result.pending) {
      Check(result.reply);
    }
    for (std::size_t call = calls_before; call < upstream.size(); ++call) {
      switch ((flags >> 4) & 0x07) {
        case 0:
          upstream.Answer(call, 200, R"({"next_batch":"s)" + std::to_string(id) + R"("})");
          break;
        case 1:
          upstream.Answer(call, 200, R"({"pad":")" + std::string(5000, 'x') + R"("})");
          break;
        case 2:
          upstream.Answer(call, 429, R"({"errcode":"M_LIMIT_EXCEEDED"})", "application/json", 1500);
          break;
        case 3:
          upstream.Answer(call, 401, R"({"errcode":"M_UNKNOWN_TOKEN","error":"x"})");
          break;
        case 4:
          upstream.Fail(call, absl::UnavailableError("down"));
          break;
        case 5:
          upstream.Fail(call, absl::CancelledError("cancelled"));
          break;
        case 6:
          upstream.Answer(call, 200, "{not json", "application/json");
          break;
        default:
          break;
      }
    }
    poster.RunAll();
    if (flags & 0x80) {
      pipeline.OnSessionClosed(request.session);
    }
  }
  for (const auto& [completed, reply] : transport.completed) {
    Check(reply);
  }
  for (const auto& sent : transport.confirmables) {
    Check(sent.message);
  }
  return 0;
}
