#pragma once
// The whole IRC path as processes on 127.0.0.1 for the failover tests: a redis-server (AOF on),
// an ngIRCd, the FakeHomeserver pushing AS transactions, one appservice-router and N irc-workers
// (the first one optionally behind a TcpProxy to Redis), one Matrix room mapped to one channel.
//
// Matrix → IRC traffic is m.text events from "@<user>:localhost" pushed by the FakeHomeserver;
// IRC → Matrix traffic is what the homeserver received on /send, counted per distinct event
// (user, txn id): the router sends a line's idempotency key as the txn id, so a re-send of the
// same line is the same event, and only a line bridged under two keys counts twice.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/testing/fake_homeserver.hpp"
#include "mxedge/testing/inspircd.hpp"
#include "mxedge/testing/ngircd.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/tcp_proxy.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "worker_process.hpp"

namespace mxedge::irc_e2e {

inline constexpr char kNetwork[] = "libera";
inline constexpr char kChannel[] = "#failover";
// The bearer token of every gRPC call between the stack's processes.
inline constexpr char kInternalToken[] = "irc-e2e-internal-token";

struct StackOptions {
  int workers = 3;
  WorkerTimings timings;
  bool proxy_first_worker = false;  // worker 0 reaches Redis through a TcpProxy
  // The IRC server: ngIRCd (no IRCv3 message tags) or InspIRCd 3 (message-tags, msgid,
  // server-time, echo-message).
  bool inspircd = false;
};

// What the homeserver received from the bridge's ghosts.
struct MatrixTally {
  std::map<std::string, int, std::less<>> events_by_body;    // distinct events per body
  int64_t requests = 0;                                      // /send calls, repeats included
  std::map<std::string, int, std::less<>> requests_by_body;  // /send calls per body
  // "<txn id> <body>" → /send calls, for the (user, txn) sent more than once.
  std::map<std::string, int, std::less<>> repeated_sends;
  int64_t DistinctWithPrefix(std::string_view prefix) const;
  int64_t EventsWithPrefix(std::string_view prefix) const;
  int64_t RequestsWithPrefix(std::string_view prefix) const;
};

class IrcStack {
 public:
  static absl::StatusOr<std::unique_ptr<IrcStack>> Start(StackOptions options);
  ~IrcStack();

  testing::RedisServer& redis_server() { return *redis_server_; }
  // The ngIRCd (not with options.inspircd).
  testing::Ngircd& ircd() { return *ircd_; }
  // The InspIRCd, null unless options.inspircd.
  testing::Inspircd* inspircd() { return inspircd_.get(); }
  // The port of whichever IRC server runs.
  int ircd_port() const { return ircd_ != nullptr ? ircd_->port() : inspircd_->port(); }
  testing::FakeHomeserver& homeserver() { return *homeserver_; }
  redis::HiredisClient& redis() { return *redis_; }
  testing::TcpProxy* proxy() { return proxy_.get(); }
  const std::string& room_id() const { return room_id_; }
  int worker_count() const { return static_cast<int>(workers_.size()); }
  WorkerProcess& worker(int i) { return *workers_[i]; }
  // Index of the worker with `id`, -1 when none.
  int WorkerIndex(std::string_view id) const;
  std::string RouterLogTail() const { return router_->LogTail(); }
  std::string Logs();  // the tails of every process log, for failure messages

  // Queues `mxid`'s join of the room (its puppet then JOINs the channel).
  void JoinRoom(const std::string& mxid);
  // Queues m.text events from `mxid` with bodies "<prefix><n>" for n in [first, first+count).
  void SendMatrix(const std::string& mxid, std::string_view prefix, int first, int count);
  MatrixTally TallyMatrix() const;

  // The worker id owning (kNetwork, mxid) per `irc:conn`, empty when unowned.
  absl::StatusOr<std::string> OwnerOf(std::string_view mxid);
  // `irc:recv` of the channel: "<worker_id>:<mxid>", empty when nobody receives it.
  absl::StatusOr<std::string> Receiver();
  // The heartbeat (Redis ms) of a worker in `irc:workers`, 0 when not registered.
  absl::StatusOr<int64_t> HeartbeatOf(std::string_view worker_id);

 private:
  IrcStack() = default;
  absl::Status StartRouter();

  StackOptions options_;
  std::unique_ptr<testing::RedisServer> redis_server_;
  std::unique_ptr<testing::Ngircd> ircd_;
  std::unique_ptr<testing::Inspircd> inspircd_;
  std::unique_ptr<testing::FakeHomeserver> homeserver_;
  std::unique_ptr<redis::HiredisClient> redis_;
  std::unique_ptr<testing::TcpProxy> proxy_;
  std::optional<testing::TempDir> router_dir_;
  std::unique_ptr<testing::Subprocess> router_;
  std::string matrix_out_address_;
  std::string room_id_;
  std::vector<std::unique_ptr<WorkerProcess>> workers_;
  int64_t next_event_ = 0;
};

// Polls `condition` every 50 ms until it holds or `deadline` passes.
bool WaitFor(std::chrono::milliseconds deadline, const std::function<bool()>& condition);

}  // namespace mxedge::irc_e2e
