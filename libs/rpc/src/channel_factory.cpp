#include "mxedge/rpc/channel_factory.hpp"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace mxedge::rpc {

grpc::ChannelArguments MakeChannelArguments(const ChannelOptions& options) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, static_cast<int>(options.keepalive_time.count()));
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, static_cast<int>(options.keepalive_timeout.count()));
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  args.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  args.SetMaxSendMessageSize(options.max_send_message_bytes);
  return args;
}

std::shared_ptr<grpc::Channel> CreateChannel(const ChannelOptions& options) {
  return grpc::CreateCustomChannel(options.target, grpc::InsecureChannelCredentials(),
                                   MakeChannelArguments(options));
}

}  // namespace mxedge::rpc
