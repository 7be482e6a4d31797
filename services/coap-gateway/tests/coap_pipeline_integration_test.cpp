// CoapTransport + RequestPipeline over real UDP on 127.0.0.1 with an in-process upstream, driven
// by coap-client-openssl: a 20 KB answer through Block2, a 6 KB body through Block1, and Observe
// on /sync with real notifications and ACKs.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "coap_transport.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "request_pipeline.hpp"
#include "support/raw_coap_client.hpp"

namespace mxedge::coap_gateway {
namespace {

// Answers from a script on the calling (loop) thread; calls the script returns nullopt for are
// held until the test ends (then cancelled).
class ScriptedUpstream final : public ClientApiUpstream {
 public:
  using Script = std::function<std::optional<v1::HttpResult>(const v1::HttpCall&, int index)>;
  explicit ScriptedUpstream(Script script) : script_(std::move(script)) {}

  std::shared_ptr<UpstreamCall> Call(v1::HttpCall call, std::chrono::milliseconds,
                                     Callback done) override {
    int index;
    {
      std::lock_guard lock(mu_);
      calls_.push_back(call);
      index = static_cast<int>(calls_.size()) - 1;
    }
    if (auto result = script_(call, index)) {
      done(*std::move(result));
    } else {
      std::lock_guard lock(mu_);
      held_.push_back(std::move(done));
    }
    return std::make_shared<NoCancel>();
  }
  std::vector<v1::HttpCall> calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  struct NoCancel final : UpstreamCall {
    void Cancel() override {}
  };
  Script script_;
  std::mutex mu_;
  std::vector<v1::HttpCall> calls_;
  std::vector<Callback> held_;
};

v1::HttpResult Json(std::string body, int status = 200) {
  v1::HttpResult result;
  result.set_status(status);
  result.set_content_type("application/json");
  result.set_body(std::move(body));
  return result;
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CoapPipelineTest : public ::testing::Test {
 protected:
  void Start(ScriptedUpstream::Script script) {
    upstream_ = std::make_unique<ScriptedUpstream>(std::move(script));
    RequestPipelineSettings settings;
    pipeline_ = std::make_unique<RequestPipeline>(settings, *upstream_, metrics_,
                                                  common::SystemClock::Instance());
    auto port = testing::FreeUdpPort();
    ASSERT_TRUE(port.ok());
    port_ = *port;
    CoapTransportSettings transport_settings;
    transport_settings.dtls_port = 0;
    transport_settings.plain_port = port_;
    transport_ = std::make_unique<CoapTransport>(transport_settings, *pipeline_, metrics_,
                                                 common::SystemClock::Instance());
    pipeline_->Bind(*transport_, *transport_);
    ASSERT_TRUE(transport_->Start().ok());
    auto dir = mxedge::testing::TempDir::Create("coap-pipeline");
    ASSERT_TRUE(dir.ok());
    dir_ = std::make_unique<mxedge::testing::TempDir>(std::move(*dir));
  }
  void TearDown() override {
    if (transport_) {
      transport_->Stop();
    }
  }
  std::string Client(std::vector<std::string> args, const std::string& name, int seconds = 20) {
    mxedge::testing::SubprocessOptions options;
    options.argv = {"/usr/bin/coap-client-openssl", "-U"};
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    options.log_path = dir_->File(name + ".log");
    auto process = mxedge::testing::Subprocess::Start(options);
    EXPECT_TRUE(process.ok());
    if (!process.ok()) {
      return {};
    }
    EXPECT_TRUE((*process)->Wait(std::chrono::seconds(seconds)).ok());
    return ReadWhole(options.log_path);
  }
  std::string Uri(const std::string& path) {
    return "coap://127.0.0.1:" + std::to_string(port_) + path;
  }

  common::MetricsRegistry metrics_;
  std::unique_ptr<ScriptedUpstream> upstream_;
  std::unique_ptr<RequestPipeline> pipeline_;
  std::unique_ptr<CoapTransport> transport_;
  std::unique_ptr<mxedge::testing::TempDir> dir_;
  std::uint16_t port_ = 0;
};

TEST_F(CoapPipelineTest, TwentyKilobyteAnswerArrivesThroughBlock2) {
  const std::string padding(20000, 'q');
  Start([&](const v1::HttpCall&, int) { return Json(R"({"displayname":")" + padding + R"("})"); });
  std::string output = Client({"-A", "50", Uri("/_matrix/client/r0/profile/@a:b")}, "block2");
  EXPECT_NE(output.find(padding), std::string::npos) << output.substr(0, 400);
  EXPECT_EQ(upstream_->calls().size(), 1u);
}

TEST_F(CoapPipelineTest, SixKilobyteBodyArrivesThroughBlock1) {
  Start([](const v1::HttpCall&, int) { return Json(R"({"event_id":"$sent"})"); });
  const std::string body = R"({"msgtype":"m.text","body":")" + std::string(6000, 'b') + R"("})";
  ASSERT_TRUE(mxedge::testing::WriteFile(dir_->File("body.json"), body).ok());
  std::string output = Client({"-m", "put", "-b", "1024", "-t", "50", "-A", "50", "-f",
                               dir_->File("body.json"), Uri("/9/!room:x/m.room.message/txn1")},
                              "block1");
  EXPECT_NE(output.find("$sent"), std::string::npos) << output;
  auto calls = upstream_->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].body(), body);
  EXPECT_EQ(calls[0].path(), "/_matrix/client/r0/rooms/%21room:x/send/m.room.message/txn1");
}

TEST_F(CoapPipelineTest, ObserveSyncDeliversNotificationsToCoapClient) {
  // Polls 0..2 answer at once with s1..s3; later polls are held.
  Start([](const v1::HttpCall&, int index) -> std::optional<v1::HttpResult> {
    if (index > 2) {
      return std::nullopt;
    }
    return Json(R"({"next_batch":"batch-)" + std::to_string(index + 1) + R"(","rooms":{}})");
  });
  std::string output = Client({"-s", "3", "-A", "50", Uri("/7")}, "observe", 30);
  for (const char* batch : {"batch-1", "batch-2", "batch-3"}) {
    EXPECT_NE(output.find(batch), std::string::npos) << batch << "\n" << output;
  }
  auto calls = upstream_->calls();
  ASSERT_GE(calls.size(), 4u);
  EXPECT_EQ(calls[3].path(), "/_matrix/client/r0/sync");
  bool polled_from_last = false;
  for (const auto& param : calls[3].query()) {
    polled_from_last = polled_from_last || (param.key() == "since" && param.value() == "batch-3");
  }
  EXPECT_TRUE(polled_from_last);
  EXPECT_NE(
      metrics_.RenderText().find("mxedge_coap_gateway_observe_events_total{event=\"notified\"} 2"),
      std::string::npos);
}

}  // namespace
}  // namespace mxedge::coap_gateway
