#pragma once
// GrpcRemotePuppetLines: RemotePuppetLines over Redis (the connection's owner and its
// `grpc_address` in `irc:worker:<id>`) and the owner's IrcControl.SendRaw, with the internal
// token and a deadline. One channel per owner address, kept. Thread-safe when the client is.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "irc_keys.hpp"
#include "mxedge/redis/redis_client.hpp"
#include "mxedge/v1/irc_control.grpc.pb.h"
#include "remote_puppet_lines.hpp"

namespace mxedge::irc_worker {

class GrpcRemotePuppetLines final : public RemotePuppetLines {
 public:
  // `client` must outlive this. `self_worker_id`: this worker, never asked.
  GrpcRemotePuppetLines(redis::RedisClient& client, IrcKeys keys, std::string self_worker_id,
                        std::string internal_token, std::chrono::milliseconds timeout);

  absl::Status SendLine(std::string_view network, std::string_view mxid, std::string line) override;

 private:
  v1::IrcControl::Stub& StubFor(const std::string& address);

  redis::RedisClient& client_;
  IrcKeys keys_;
  std::string self_;
  std::string internal_token_;
  std::chrono::milliseconds timeout_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<v1::IrcControl::Stub>> stubs_;  // address → stub
};

}  // namespace mxedge::irc_worker
