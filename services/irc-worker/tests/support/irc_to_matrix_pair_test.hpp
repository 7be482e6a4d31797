#pragma once
// A fixture of two workers' IrcToMatrix ("w1", "w2") sharing in-memory line records, puppet nicks
// and channel receivers, as two replicas share Redis: network "local", channel #mxedge mapped to
// !room:example.org, ghosts irc_$NETWORK_$NICK on example.org.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "in_memory_channel_receivers.hpp"
#include "in_memory_line_records.hpp"
#include "in_memory_puppet_nicks.hpp"
#include "irc_to_matrix.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "support/recording_sender.hpp"

namespace mxedge::irc_worker {

// A line in #mxedge on "local", seen by `receiver`'s connection, said by `source`.
inline ChannelLine LocalChannelLine(std::string text, std::string receiver = "@alice:example.org",
                                    std::string source = "Bob!bob@host") {
  return {.network = "local",
          .receiver_mxid = std::move(receiver),
          .source = std::move(source),
          .channel = "#mxedge",
          .text = std::move(text)};
}

class IrcToMatrixPairTest : public ::testing::Test {
 protected:
  // `coalesce_window` zero: every line is its own message.
  explicit IrcToMatrixPairTest(std::chrono::milliseconds coalesce_window)
      : records_(clock_),
        receivers_(clock_),
        w1_(records_, nicks_, receivers_, sender_, Channels(), Options("w1", coalesce_window)),
        w2_(records_, nicks_, receivers_, sender_, Channels(), Options("w2", coalesce_window)) {}

  static std::map<std::string, ChannelMapping, std::less<>> Channels() {
    std::map<std::string, ChannelMapping, std::less<>> channels;
    channels.emplace("local", ChannelMapping::Parse({"#mxedge=!room:example.org"}).value());
    return channels;
  }

  static IrcToMatrixOptions Options(std::string worker, std::chrono::milliseconds coalesce_window) {
    IrcToMatrixOptions options{.worker_id = std::move(worker),
                               .server_name = "example.org",
                               .ghost_templates = {{"local", "irc_$NETWORK_$NICK"}},
                               .receiver_lease = std::chrono::seconds(30),
                               .replay_window = std::chrono::seconds(45)};
    if (coalesce_window.count() > 0) {
      options.coalesce_windows = {{"local", coalesce_window}};
    }
    return options;
  }

  mxedge::testing::FakeClock clock_;
  InMemoryLineRecords records_;
  InMemoryPuppetNicks nicks_;
  InMemoryChannelReceivers receivers_;
  RecordingSender sender_;
  IrcToMatrix w1_;
  IrcToMatrix w2_;
};

}  // namespace mxedge::irc_worker
