#include "sink_channel_cache.hpp"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace mxedge::appservice_router {
namespace {

constexpr int kKeepaliveTimeMs = 20000;
constexpr int kKeepaliveTimeoutMs = 10000;
constexpr int kMaxMessageBytes = 64 * 1024 * 1024;

}  // namespace

std::shared_ptr<v1::EventSink::Stub> SinkChannelCache::StubFor(std::string_view address) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = stubs_.find(address);
  if (it != stubs_.end()) {
    return it->second;
  }
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs);
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  args.SetMaxSendMessageSize(kMaxMessageBytes);
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(std::string(address), grpc::InsecureChannelCredentials(), args);
  auto stub = std::shared_ptr<v1::EventSink::Stub>(v1::EventSink::NewStub(channel));
  stubs_.emplace(std::string(address), stub);
  return stub;
}

size_t SinkChannelCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stubs_.size();
}

}  // namespace mxedge::appservice_router
