#pragma once
// The Redis keys of irc-worker ownership and de-dup records, all under one prefix ("mxedge:"):
//   irc:workers                          zset  worker id → last heartbeat (Redis TIME, unix ms)
//   irc:worker:<id>                      hash  grpc_address, epoch, capacity, connections, draining
//   irc:worker-epoch                     int   INCR at every registration
//   irc:want:<network>                   set   mxids that should have a connection
//   irc:conn:<network>:<mxid>            str   "<worker_id>:<epoch>" owning that connection
//   irc:owned:<network>:<worker_id>      set   mxids whose irc:conn names that worker
//   irc:connect-rate:<network>           hash  the network's connect token bucket
//   irc:sent:<event_id>                  str   Matrix→IRC idempotency record
//   irc:line:<network>:<key>             str   IRC→Matrix de-dup record
//   irc:line-pending:<network>:<worker>  hash  line key → payload of that worker's pending lines
//   irc:nick:<network>:<folded nick>     str   mxid of our puppet using that nick
//   irc:recv:<network>:<folded channel>  str   "<worker_id>:<mxid>" receiving that channel
// Some scripts also reach keys built from a prefix passed in ARGV (a worker's hash, a connection's
// record): that needs one Redis, not a Cluster, which is what mxedge runs.
// The appservice-router reads irc:workers, irc:worker:<id> (grpc_address) and irc:conn, and adds
// to irc:want.
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace mxedge::irc_worker {

inline constexpr std::string_view kDefaultKeyPrefix = "mxedge:";

class IrcKeys {
 public:
  explicit IrcKeys(std::string prefix = std::string(kDefaultKeyPrefix));

  const std::string& prefix() const { return prefix_; }
  std::string Workers() const;
  std::string Worker(std::string_view worker_id) const;
  std::string WorkerEpoch() const;
  std::string Want(std::string_view network) const;
  std::string Conn(std::string_view network, std::string_view mxid) const;
  std::string Owned(std::string_view network, std::string_view worker_id) const;
  std::string ConnectRate(std::string_view network) const;
  std::string Sent(std::string_view event_id) const;
  std::string Line(std::string_view network, std::string_view line_key) const;
  std::string LinePending(std::string_view network, std::string_view worker_id) const;
  std::string Nick(std::string_view network, std::string_view folded_nick) const;
  std::string Receiver(std::string_view network, std::string_view folded_channel) const;

 private:
  std::string prefix_;
};

// The rendezvous key of a connection, as the router hashes it: "<network>:<mxid>".
std::string RoutingKey(std::string_view network, std::string_view mxid);

// A network name: 1..64 bytes of letters, digits, '-', '_' and '.' (it is part of keys and of
// "<network>:<mxid>"). InvalidArgumentError otherwise.
absl::Status ValidateNetwork(std::string_view network);

// A key part taken from outside (mxid, event id, nick, channel, line key): 1..512 bytes without
// spaces or control characters. InvalidArgumentError naming `what` otherwise.
absl::Status ValidateKeyPart(std::string_view what, std::string_view value);

}  // namespace mxedge::irc_worker
