#pragma once
// BridgeStack: one bridged channel as processes on 127.0.0.1: a redis-server, an ngIRCd, the
// FakeHomeserver, one appservice-router (irc network "libera", media links signed under
// http://media.test) and two irc-workers (by default) with `#bridge` statically mapped to a room:
// which worker holds a user's connection, or receives a channel, is the rendezvous hash's choice,
// so scenarios find the owner (OwnerOf) instead of assuming worker 0. Matrix events
// are pushed by the FakeHomeserver as AS transactions; what the ghosts send is read from the
// homeserver's recorded /send requests.
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/fake_homeserver.hpp"
#include "mxedge/testing/ngircd.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::irc_bridge_e2e {

inline constexpr char kNetwork[] = "libera";
inline constexpr char kChannel[] = "#bridge";
inline constexpr char kMediaBase[] = "http://media.test";

// What a scenario needs different from the default stack. The yaml snippets are appended verbatim:
// `network_yaml` inside the network's entry (4-space indented keys such as
// "    coalesce_window: 2s\n"), `worker_yaml` and `router_yaml` at the top level of each config.
struct BridgeStackOptions {
  // Two, as a deployment runs: connections and channel receivers spread over both.
  int workers = 2;
  std::string network_yaml;
  std::string worker_yaml;
  // Appended to worker i's config after `worker_yaml` when i < size() (e.g. a listen port each).
  std::vector<std::string> worker_yaml_each;
  std::string router_yaml;
  // Extra `KEY=value` environment entries for every worker process.
  std::vector<std::string> worker_env;
  // The network's nick_template (the worker's default is "$DISPLAY[m]"; scenarios whose joins
  // carry no display name get "alice[m]" either way).
  std::string nick_template = "$LOCALPART[m]";
};

// One m.room.message a ghost sent, as the homeserver received it.
struct GhostSend {
  std::string user_id;
  nlohmann::json content;
};

class BridgeStack {
 public:
  static absl::StatusOr<std::unique_ptr<BridgeStack>> Start(BridgeStackOptions options = {});
  ~BridgeStack();

  testing::FakeHomeserver& homeserver() { return *homeserver_; }
  testing::Ngircd& ircd() { return *ircd_; }
  const std::string& room_id() const { return room_id_; }
  redis::HiredisClient& redis() { return *redis_; }
  testing::RedisServer& redis_server() { return *redis_server_; }
  const std::string& matrix_out_address() const { return matrix_out_address_; }
  int worker_count() const { return static_cast<int>(workers_.size()); }
  // Worker `index`'s process (SIGKILL/SIGTERM it to test takeovers).
  testing::Subprocess& worker(int index) { return *workers_.at(index); }
  // Worker `index`'s id ("worker-bridge-<index>").
  static std::string WorkerId(int index);
  // The index of the worker owning `mxid`'s connection on the network (Redis irc:conn), or
  // nullopt while nobody owns it.
  std::optional<int> OwnerOf(const std::string& mxid);
  // The whole log of every worker, concatenated (for checks on what some worker logged).
  std::string WorkerLogs() const;

  // Pushes any event as an AS transaction (event_id, origin_server_ts and, when absent, room_id
  // are filled in); returns its event id.
  std::string Push(nlohmann::json event);
  // Pushes one m.room.message from `sender` with `content`; returns its event id.
  std::string PushMessage(const std::string& sender, nlohmann::json content);
  // Pushes `user`'s m.room.member join of the room.
  void PushJoin(const std::string& user);
  // Every m.room.message the bridge's ghosts sent, in order, repeats of one txn id once.
  std::vector<GhostSend> GhostSends() const;
  // Every upload the router made to the homeserver's media repository, bodies in order.
  std::vector<std::string> Uploads() const;
  // The tails of the router and worker logs, for failure messages.
  std::string Logs() const;

 private:
  BridgeStack() = default;
  // `count` free loopback ports, none of them given out before by this stack.
  absl::StatusOr<std::vector<int>> FreePorts(int count);
  absl::Status StartRouter();
  // Launches worker `index`; returns its admin port (the caller awaits its /readyz).
  absl::StatusOr<int> StartWorker(int index);

  std::unique_ptr<testing::RedisServer> redis_server_;
  std::unique_ptr<redis::HiredisClient> redis_;
  std::unique_ptr<testing::Ngircd> ircd_;
  std::unique_ptr<testing::FakeHomeserver> homeserver_;
  std::optional<testing::TempDir> dir_;
  std::unique_ptr<testing::Subprocess> router_;
  std::vector<std::unique_ptr<testing::Subprocess>> workers_;
  BridgeStackOptions options_;
  std::string matrix_out_address_;
  std::string room_id_;
  int64_t next_event_ = 0;
  std::set<int> ports_given_;
};

}  // namespace mxedge::irc_bridge_e2e
