#include "mxedge/rpc/channel_factory.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "grpc/grpc.h"

namespace mxedge::rpc {
namespace {

std::map<std::string, int> IntArgs(const grpc::ChannelArguments& args) {
  grpc_channel_args c_args;
  args.SetChannelArgs(&c_args);
  std::map<std::string, int> out;
  for (size_t i = 0; i < c_args.num_args; ++i) {
    if (c_args.args[i].type == GRPC_ARG_INTEGER) {
      out[c_args.args[i].key] = c_args.args[i].value.integer;
    }
  }
  return out;
}

TEST(ChannelFactoryTest, SetsKeepaliveAndMessageLimits) {
  ChannelOptions options{.target = "127.0.0.1:1",
                         .keepalive_time = std::chrono::milliseconds(15000),
                         .keepalive_timeout = std::chrono::milliseconds(4000),
                         .max_receive_message_bytes = 1024,
                         .max_send_message_bytes = 2048};
  std::map<std::string, int> args = IntArgs(MakeChannelArguments(options));
  EXPECT_EQ(args[GRPC_ARG_KEEPALIVE_TIME_MS], 15000);
  EXPECT_EQ(args[GRPC_ARG_KEEPALIVE_TIMEOUT_MS], 4000);
  EXPECT_EQ(args[GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS], 1);
  EXPECT_EQ(args[GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA], 0);
  EXPECT_EQ(args[GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH], 1024);
  EXPECT_EQ(args[GRPC_ARG_MAX_SEND_MESSAGE_LENGTH], 2048);
}

TEST(ChannelFactoryTest, CreatesAChannelWithoutConnecting) {
  auto channel = CreateChannel({.target = "127.0.0.1:1"});
  ASSERT_NE(channel, nullptr);
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_IDLE);
}

}  // namespace
}  // namespace mxedge::rpc
