// IrcToMatrix's message rendering: NOTICE, ACTION, mIRC formatting, pills for puppets, charsets,
// and what a pending line keeps of it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "in_memory_channel_receivers.hpp"
#include "in_memory_line_records.hpp"
#include "in_memory_puppet_nicks.hpp"
#include "irc_to_matrix.hpp"
#include "mxedge/irc/case_mapping.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

class CollectingSender : public MatrixSender {
 public:
  absl::Status Send(const GhostMessage& message) override {
    sent.push_back(message);
    return absl::OkStatus();
  }
  std::vector<GhostMessage> sent;
};

class IrcToMatrixRenderingTest : public ::testing::Test {
 protected:
  IrcToMatrixRenderingTest()
      : records_(clock_),
        receivers_(clock_),
        bridge_(records_, nicks_, receivers_, sender_, Channels(), Options()) {}

  static std::map<std::string, ChannelMapping, std::less<>> Channels() {
    std::map<std::string, ChannelMapping, std::less<>> channels;
    channels.emplace("local", ChannelMapping::Parse({"#mxedge=!room:example.org"}).value());
    channels.emplace("legacy", ChannelMapping::Parse({"#old=!old:example.org"}).value());
    return channels;
  }
  static IrcToMatrixOptions Options() {
    IrcToMatrixOptions options{
        .worker_id = "w1",
        .server_name = "example.org",
        .ghost_templates = {{"local", "irc_$NETWORK_$NICK"}, {"legacy", "irc_$NETWORK_$NICK"}}};
    options.charsets = {{"legacy", bridge::FallbackCharset::kCp1252}};
    return options;
  }

  // Bridges one line from bob and returns what was sent for it.
  GhostMessage Bridge(std::string text, std::string command = "PRIVMSG",
                      std::string network = "local", std::string channel = "#mxedge") {
    ChannelLine line{.network = network,
                     .receiver_mxid = "@alice:example.org",
                     .source = "Bob!bob@host",
                     .channel = channel,
                     .text = std::move(text),
                     .command = std::move(command)};
    absl::StatusOr<LineFate> fate = bridge_.OnChannelLine(line, Now());
    EXPECT_TRUE(fate.ok()) << fate.status();
    EXPECT_EQ(fate.value_or(LineFate::kNotMapped), LineFate::kBridged);
    if (sender_.sent.empty()) {
      return {};
    }
    return sender_.sent.back();
  }
  std::chrono::steady_clock::time_point Now() {
    elapsed_ += 1ms;
    return std::chrono::steady_clock::time_point{} + elapsed_;
  }

  mxedge::testing::FakeClock clock_;
  InMemoryLineRecords records_;
  InMemoryPuppetNicks nicks_;
  InMemoryChannelReceivers receivers_;
  CollectingSender sender_;
  IrcToMatrix bridge_;
  std::chrono::milliseconds elapsed_{1'000};
};

TEST_F(IrcToMatrixRenderingTest, PrivmsgNoticeAndActionBecomeTheirMsgtypes) {
  GhostMessage text = Bridge("hello");
  EXPECT_EQ(text.msgtype, "m.text");
  EXPECT_EQ(text.body, "hello");
  EXPECT_EQ(text.formatted_body, "");
  EXPECT_EQ(text.ghost_mxid, "@irc_local_bob:example.org");
  GhostMessage notice = Bridge("the build is green", "NOTICE");
  EXPECT_EQ(notice.msgtype, "m.notice");
  EXPECT_EQ(notice.body, "the build is green");
  GhostMessage action = Bridge(
      "\x01"
      "ACTION waves\x01");
  EXPECT_EQ(action.msgtype, "m.emote");
  EXPECT_EQ(action.body, "waves");
}

TEST_F(IrcToMatrixRenderingTest, MircFormattingBecomesFormattedBody) {
  GhostMessage message = Bridge(
      "a \x02"
      "bold\x02 and \x03"
      "04red\x03 word");
  EXPECT_EQ(message.body, "a bold and red word");
  EXPECT_THAT(message.formatted_body, HasSubstr("<b>bold</b>"));
  EXPECT_THAT(message.formatted_body, HasSubstr("red</font>"));
}

TEST_F(IrcToMatrixRenderingTest, PuppetNicksBecomePillsAndMentions) {
  ASSERT_TRUE(nicks_.Set("local", irc::CaseMapping().Fold("Alice[m]"), "@alice:example.org").ok());
  GhostMessage message = Bridge("alice[m]: lunch?");
  EXPECT_EQ(message.body, "alice[m]: lunch?");
  EXPECT_THAT(message.formatted_body,
              HasSubstr("<a href=\"https://matrix.to/#/@alice:example.org\">alice[m]</a>"));
  EXPECT_THAT(message.mentions, ElementsAre("@alice:example.org"));
  GhostMessage plain = Bridge("nobody named here");
  EXPECT_TRUE(plain.mentions.empty());
  EXPECT_EQ(plain.formatted_body, "");
}

TEST_F(IrcToMatrixRenderingTest, LinesThatAreNotUtf8AreDecodedWithTheNetworksCharset) {
  EXPECT_EQ(Bridge("caf\xe9").body, "café");
  EXPECT_EQ(Bridge("\x80 5", "PRIVMSG", "legacy", "#old").body, "€ 5");
}

TEST_F(IrcToMatrixRenderingTest, OtherCtcpsAreNotBridged) {
  ChannelLine line{.network = "local",
                   .receiver_mxid = "@alice:example.org",
                   .source = "Bob!bob@host",
                   .channel = "#mxedge",
                   .text = "\x01VERSION\x01",
                   .command = "NOTICE"};
  EXPECT_EQ(bridge_.OnChannelLine(line, Now()).value(), LineFate::kNotMapped);
  EXPECT_TRUE(sender_.sent.empty());
}

TEST_F(IrcToMatrixRenderingTest, PuppetNicksAreRecordedAndMovedOnNickChanges) {
  ASSERT_TRUE(bridge_.OnPuppetNick("local", "@alice:example.org", "", "Alice[m]").ok());
  EXPECT_EQ(nicks_.Lookup("local", irc::CaseMapping().Fold("alice[m]")).value(),
            "@alice:example.org");
  ASSERT_TRUE(bridge_.OnPuppetNick("local", "@alice:example.org", "Alice[m]", "Ally").ok());
  EXPECT_FALSE(nicks_.Lookup("local", irc::CaseMapping().Fold("alice[m]")).value().has_value());
  EXPECT_THAT(Bridge("ally: hi").mentions, ElementsAre("@alice:example.org"));
  // Lines from the puppet itself are not bridged back.
  ChannelLine own{.network = "local",
                  .receiver_mxid = "@alice:example.org",
                  .source = "Ally!a@h",
                  .channel = "#mxedge",
                  .text = "mine"};
  EXPECT_EQ(bridge_.OnChannelLine(own, Now()).value(), LineFate::kOwnPuppet);
  // Once the puppet is gone, an IRC user with that nick is bridged.
  ASSERT_TRUE(bridge_.OnPuppetGone("local", "@alice:example.org", "Ally").ok());
  EXPECT_FALSE(nicks_.Lookup("local", irc::CaseMapping().Fold("ally")).value().has_value());
  EXPECT_EQ(bridge_.OnChannelLine(own, Now()).value(), LineFate::kBridged);
}

TEST(PendingPayloadTest, KeepsFormattingAndMentions) {
  GhostMessage message{.room_id = "!r:hs",
                       .ghost_mxid = "@irc_local_bob:hs",
                       .msgtype = "m.notice",
                       .body = "hi alice",
                       .formatted_body = "hi <a href=\"https://matrix.to/#/@alice:hs\">alice</a>",
                       .mentions = {"@alice:hs"}};
  absl::StatusOr<GhostMessage> decoded = DecodePendingPayload(EncodePendingPayload(message));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, message);
}

TEST(PendingPayloadTest, ReadsPayloadsWithoutTheNewFieldsAndRefusesBadOnes) {
  absl::StatusOr<GhostMessage> old =
      DecodePendingPayload(R"({"room":"!r:hs","ghost":"@g:hs","msgtype":"m.text","body":"x"})");
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(old->formatted_body, "");
  EXPECT_TRUE(old->mentions.empty());
  EXPECT_TRUE(absl::IsDataLoss(
      DecodePendingPayload(
          R"({"room":"!r:hs","ghost":"@g:hs","msgtype":"m.text","body":"x","mentions":"@a:hs"})")
          .status()));
  EXPECT_TRUE(absl::IsDataLoss(
      DecodePendingPayload(
          R"({"room":"!r:hs","ghost":"@g:hs","msgtype":"m.text","body":"x","mentions":[1]})")
          .status()));
  EXPECT_TRUE(absl::IsDataLoss(
      DecodePendingPayload(
          R"({"room":"!r:hs","ghost":"@g:hs","msgtype":"m.text","body":"x","formatted_body":2})")
          .status()));
}

}  // namespace
}  // namespace mxedge::irc_worker
