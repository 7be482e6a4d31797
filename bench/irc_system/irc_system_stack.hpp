#pragma once
// The system under measurement for irc_system_bench: every process on 127.0.0.1 — redis-server,
// ngIRCd (limits raised, see mxedge/testing/ngircd.hpp), the in-process FakeHomeserver pushing AS
// transactions, one appservice-router and N irc-worker processes (the binaries of this build
// tree) — with one Matrix room statically mapped to one IRC channel, short ownership timings so a
// failover completes in seconds, and flood limits raised so the bench measures the bridge rather
// than the configured politeness towards the IRC server.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/fake_homeserver.hpp"
#include "mxedge/testing/ngircd.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::irc_bench {

inline constexpr char kNetwork[] = "local";
inline constexpr char kChannel[] = "#bench";
inline constexpr char kInternalToken[] = "irc-bench-internal-token";

struct IrcSystemOptions {
  std::string router_binary;
  std::string worker_binary;
  int workers = 2;
  // Worker ownership timings (config keys of the same names).
  std::string owner_timeout = "3s";
  std::string self_fence = "2s";
  std::string heartbeat_interval = "500ms";
  std::string claim_grace = "500ms";
  // The network's connect rate shared by the workers, and its burst.
  int connect_rate = 200;
  int connect_burst = 50;
};

class IrcSystemStack {
 public:
  // Starts everything and waits until the router and every worker answer /readyz with 200.
  static absl::StatusOr<std::unique_ptr<IrcSystemStack>> Start(IrcSystemOptions options);
  ~IrcSystemStack();
  IrcSystemStack(const IrcSystemStack&) = delete;
  IrcSystemStack& operator=(const IrcSystemStack&) = delete;

  testing::FakeHomeserver& homeserver() { return *homeserver_; }
  testing::Ngircd& ngircd() { return *ngircd_; }
  redis::HiredisClient& redis() { return *redis_client_; }
  const std::string& room_id() const { return room_id_; }
  int worker_count() const { return static_cast<int>(workers_.size()); }
  std::string worker_id(int index) const;
  testing::Subprocess& worker(int index) { return *workers_.at(index); }
  // The index of the worker whose id is `id`, or -1.
  int WorkerIndex(std::string_view id) const;

  // "@bu<i>:localhost" and the puppet nick the workers give it ("bu<i>[m]").
  static std::string UserId(int i);
  static std::string PuppetNick(int i);
  // Records the users as members of the portal room (irc:user-channels, as the worker does on
  // their m.room.member join) and adds them to irc:want, as the router does for a user it routes.
  absl::Status WantConnections(int first, int count);
  // The worker id owning the user's connection (irc:conn), or NotFound.
  absl::StatusOr<std::string> OwnerOf(const std::string& user_id);
  // A Matrix m.text event from `user_id` in the mapped room, as the homeserver pushes it.
  nlohmann::json TextEvent(const std::string& user_id, const std::string& body);

 private:
  IrcSystemStack(IrcSystemOptions options, testing::TempDir dir)
      : options_(std::move(options)), dir_(std::move(dir)) {}
  absl::Status StartRouter();
  absl::Status StartWorker(int index);
  absl::Status WaitReadyz(testing::Subprocess& process, int admin_port, const std::string& name);

  IrcSystemOptions options_;
  testing::TempDir dir_;
  http::CurlHttpClient http_;
  std::unique_ptr<testing::RedisServer> redis_server_;
  std::unique_ptr<redis::HiredisClient> redis_client_;
  std::unique_ptr<testing::Ngircd> ngircd_;
  std::unique_ptr<testing::FakeHomeserver> homeserver_;
  std::string room_id_;
  int matrix_out_port_ = 0;
  std::unique_ptr<testing::Subprocess> router_;
  std::vector<std::unique_ptr<testing::Subprocess>> workers_;
  uint64_t next_event_ = 1;
};

}  // namespace mxedge::irc_bench
