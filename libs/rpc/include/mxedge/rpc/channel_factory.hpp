#pragma once
// Plaintext channels to our own services (in-cluster; NetworkPolicy restricts who can connect),
// with keepalive so a dead peer is noticed within keepalive_time + keepalive_timeout even on an
// idle connection, and a bounded message size.
#include <chrono>
#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/support/channel_arguments.h"

namespace mxedge::rpc {

struct ChannelOptions {
  // `host:port`, `dns:///name:port`, `ipv4:127.0.0.1:50051`, ...
  std::string target;
  std::chrono::milliseconds keepalive_time{20000};
  std::chrono::milliseconds keepalive_timeout{10000};
  // Largest message accepted from the server.
  int max_receive_message_bytes = 64 * 1024 * 1024;
  // Largest message sent.
  int max_send_message_bytes = 64 * 1024 * 1024;
};

grpc::ChannelArguments MakeChannelArguments(const ChannelOptions& options);
std::shared_ptr<grpc::Channel> CreateChannel(const ChannelOptions& options);

}  // namespace mxedge::rpc
