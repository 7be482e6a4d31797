#include "mxedge/irc/cap.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc {
namespace {

CapReply MustParseCap(std::string_view line) {
  absl::StatusOr<Message> m = ParseMessage(line);
  EXPECT_TRUE(m.ok()) << m.status();
  absl::StatusOr<CapReply> reply = ParseCapReply(*m);
  EXPECT_TRUE(reply.ok()) << reply.status();
  return reply.ok() ? *reply : CapReply{};
}

std::string CapError(std::string_view line) {
  absl::StatusOr<Message> m = ParseMessage(line);
  EXPECT_TRUE(m.ok()) << m.status();
  absl::StatusOr<CapReply> reply = ParseCapReply(*m);
  EXPECT_FALSE(reply.ok());
  return std::string(reply.status().message());
}

TEST(ParseCapReplyTest, MultiLineLs302WithValues) {
  const CapReply first = MustParseCap(":irc.example CAP * LS * :multi-prefix sasl=PLAIN,EXTERNAL");
  EXPECT_EQ(first.subcommand, CapSubcommand::kLs);
  EXPECT_TRUE(first.more);
  ASSERT_EQ(first.capabilities.size(), 2u);
  EXPECT_EQ(first.capabilities[0], (Capability{"multi-prefix", ""}));
  EXPECT_EQ(first.capabilities[1], (Capability{"sasl", "PLAIN,EXTERNAL"}));
  const CapReply last = MustParseCap(":irc.example CAP * LS :message-tags server-time");
  EXPECT_FALSE(last.more);
  EXPECT_EQ(last.capabilities.size(), 2u);
}

TEST(ParseCapReplyTest, AckWithDisableNakNewDel) {
  const CapReply ack = MustParseCap(":s CAP me ACK :sasl -away-notify");
  EXPECT_EQ(ack.subcommand, CapSubcommand::kAck);
  ASSERT_EQ(ack.capabilities.size(), 2u);
  EXPECT_FALSE(ack.capabilities[0].disable);
  EXPECT_TRUE(ack.capabilities[1].disable);
  EXPECT_EQ(ack.capabilities[1].name, "away-notify");
  EXPECT_EQ(MustParseCap(":s CAP me NAK :sasl").subcommand, CapSubcommand::kNak);
  EXPECT_EQ(MustParseCap(":s CAP me NEW :chghost").subcommand, CapSubcommand::kNew);
  EXPECT_EQ(MustParseCap(":s CAP me DEL :chghost").subcommand, CapSubcommand::kDel);
  EXPECT_TRUE(MustParseCap(":s CAP me LS :").capabilities.empty());
  EXPECT_EQ(MustParseCap(":s CAP me ack sasl").subcommand, CapSubcommand::kAck);
}

TEST(ParseCapReplyTest, MalformedRepliesArePrecise) {
  EXPECT_EQ(CapError(":s NOTICE * :x"), "expected a CAP message, not \"NOTICE\"");
  EXPECT_EQ(CapError(":s CAP * LS"), "CAP message has 2 parameters, fewer than 3");
  EXPECT_EQ(CapError(":s CAP * FOO :x"), "CAP subcommand \"FOO\" is not known");
  EXPECT_EQ(CapError(":s CAP * LS :a =b"), "CAP list has a capability without a name in \"a =b\"");
  EXPECT_EQ(CapError(":s CAP * ACK :-"), "CAP list has a capability without a name in \"-\"");
}

TEST(ChooseCapabilitiesTest, WantedOfferedAndNotYetEnabled) {
  const std::map<std::string, std::string> offered = {
      {"sasl", "PLAIN"}, {"message-tags", ""}, {"server-time", ""}, {"chghost", ""}};
  const std::vector<std::string> wanted = {"message-tags", "server-time", "echo-message", "sasl",
                                           "message-tags"};
  EXPECT_EQ(ChooseCapabilities(offered, wanted),
            (std::vector<std::string>{"message-tags", "server-time", "sasl"}));
  EXPECT_EQ(ChooseCapabilities(offered, wanted, {"sasl"}),
            (std::vector<std::string>{"message-tags", "server-time"}));
}

TEST(CapabilityStateTest, AccumulatesLsThenTracksAckNewDel) {
  CapabilityState state;
  state.Apply(MustParseCap(":s CAP * LS * :sasl=PLAIN,EXTERNAL multi-prefix"));
  EXPECT_FALSE(state.ls_complete());
  state.Apply(MustParseCap(":s CAP * LS :message-tags"));
  EXPECT_TRUE(state.ls_complete());
  EXPECT_EQ(state.offered().size(), 3u);
  EXPECT_EQ(state.OfferedValue("sasl"), "PLAIN,EXTERNAL");
  EXPECT_EQ(state.OfferedValue("chghost"), std::nullopt);
  state.Apply(MustParseCap(":s CAP me ACK :sasl multi-prefix"));
  EXPECT_TRUE(state.IsEnabled("sasl"));
  state.Apply(MustParseCap(":s CAP me ACK :-multi-prefix"));
  EXPECT_FALSE(state.IsEnabled("multi-prefix"));
  state.Apply(MustParseCap(":s CAP me NAK :message-tags"));
  EXPECT_FALSE(state.IsEnabled("message-tags"));
  state.Apply(MustParseCap(":s CAP me NEW :chghost=1"));
  EXPECT_EQ(state.OfferedValue("chghost"), "1");
  state.Apply(MustParseCap(":s CAP me DEL :sasl"));
  EXPECT_FALSE(state.IsEnabled("sasl"));
  EXPECT_EQ(state.OfferedValue("sasl"), std::nullopt);
  // A fresh LS replaces what was offered.
  state.Apply(MustParseCap(":s CAP me LS :away-notify"));
  EXPECT_EQ(state.offered().size(), 1u);
}

}  // namespace
}  // namespace mxedge::irc
