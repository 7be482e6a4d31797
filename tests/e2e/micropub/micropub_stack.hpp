#pragma once
// The micropub path as processes on 127.0.0.1: redis-server, the FakeHomeserver (in process),
// one appservice-router, one micropub and the test site (node: @benjifs/micropub with a scripted
// IndieAuth server). Users talk to the bot by events pushed through the homeserver; the bot's
// answers are read back from the homeserver's record of the notices it was asked to send.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/testing/fake_homeserver.hpp"
#include "mxedge/testing/micropub_site.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::micropub_e2e {

inline constexpr char kBot[] = "@micropub:localhost";

class MicropubStack {
 public:
  // Starts everything and waits until the router and micropub answer /readyz 200.
  static absl::StatusOr<std::unique_ptr<MicropubStack>> Start();
  ~MicropubStack();
  MicropubStack(const MicropubStack&) = delete;
  MicropubStack& operator=(const MicropubStack&) = delete;

  testing::FakeHomeserver& homeserver() { return *homeserver_; }
  testing::MicropubSite& site() { return *site_; }

  // A room created by `user` with the bot invited (as a DM); waits for the bot's welcome.
  absl::StatusOr<std::string> OpenDm(const std::string& user);
  // Pushes one event from `sender` into `room_id` and returns its event id.
  std::string Send(const std::string& room_id, const std::string& sender, const std::string& type,
                   nlohmann::json content, nlohmann::json extra = nlohmann::json::object());
  std::string SendText(const std::string& room_id, const std::string& sender,
                       const std::string& body);
  // The bodies of the notices the bot sent to `room_id`, in order.
  std::vector<std::string> Notices(const std::string& room_id) const;
  // Waits until the bot has sent more than `seen` notices to `room_id`; returns the next one.
  absl::StatusOr<std::string> NextNotice(
      const std::string& room_id, size_t seen,
      std::chrono::milliseconds deadline = std::chrono::milliseconds(20'000));
  // Sends `body` and returns the bot's answer to it.
  absl::StatusOr<std::string> Ask(const std::string& room_id, const std::string& sender,
                                  const std::string& body);

  // GET without following redirects.
  absl::StatusOr<http::Response> Get(const std::string& url);
  // Uploads `bytes` to the homeserver's media repository; the mxc:// URI.
  absl::StatusOr<std::string> UploadMedia(const std::string& bytes,
                                          const std::string& content_type);

  std::string MicropubLogTail(size_t max_bytes = 8192) const;
  // The lines of micropub's and the router's logs above DEBUG.
  std::vector<std::string> LogLinesAboveDebug() const;
  std::string RouterLogTail(size_t max_bytes = 4096) const;

 private:
  explicit MicropubStack(testing::TempDir dir) : dir_(std::move(dir)) {}
  // Both services on fresh ports; Aborted when one found a port taken (start again).
  absl::Status StartServices();
  void StopServices();
  absl::Status StartRouter();
  absl::Status StartMicropub();
  absl::Status WaitReady(int admin_port, testing::Subprocess& process);

  testing::TempDir dir_;
  std::unique_ptr<testing::RedisServer> redis_;
  std::unique_ptr<testing::FakeHomeserver> homeserver_;
  std::unique_ptr<testing::MicropubSite> site_;
  std::unique_ptr<testing::Subprocess> router_;
  std::unique_ptr<testing::Subprocess> micropub_;
  http::CurlHttpClient http_{http::CurlHttpClientOptions{}};
  int router_ports_[4] = {0, 0, 0, 0};  // AS API, admin, ClientApi, MatrixOut
  int micropub_ports_[3] = {0, 0, 0};   // HTTP, gRPC, admin
  int64_t next_event_ = 0;
  int attempt_ = 0;
};

}  // namespace mxedge::micropub_e2e
