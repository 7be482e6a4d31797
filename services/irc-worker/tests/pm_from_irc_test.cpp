#include "pm_from_irc.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_ghost_profiles.hpp"
#include "fake_matrix_rooms.hpp"
#include "in_memory_line_records.hpp"
#include "in_memory_pm_rooms.hpp"
#include "in_memory_puppet_nicks.hpp"
#include "mxedge/testing/fake_clock.hpp"
#include "support/recording_sender.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using namespace std::chrono_literals;

std::map<std::string, bridge::GhostNamer, std::less<>> Namers() {
  std::map<std::string, bridge::GhostNamer, std::less<>> namers;
  namers.emplace("local", bridge::GhostNamer::Create("irc_$NETWORK_$NICK", "example.org").value());
  return namers;
}

PrivateLine Line(std::string text, std::string source = "Bob!bob@host") {
  return {.network = "local",
          .receiver_mxid = "@alice:example.org",
          .source = std::move(source),
          .target = "alice[m]",
          .text = std::move(text)};
}

class PmFromIrcTest : public ::testing::Test {
 protected:
  PmFromIrcTest()
      : records_(clock_),
        pm_(pms_, matrix_, profiles_, records_, nicks_, sender_, Namers(),
            PmFromIrcOptions{.worker_id = "w1", .charsets = {}, .occurrence_window = 90s}) {}

  absl::StatusOr<PmFate> Receive(const PrivateLine& line) {
    return pm_.OnPrivateLine(line, clock_.SteadyNow());
  }

  mxedge::testing::FakeClock clock_;
  InMemoryPmRooms pms_;
  FakeMatrixRooms matrix_;
  FakeGhostProfiles profiles_;
  InMemoryLineRecords records_;
  InMemoryPuppetNicks nicks_;
  RecordingSender sender_;
  PmFromIrc pm_;
};

TEST_F(PmFromIrcTest, FirstMessageCreatesTheRoomAsTheGhostAndSendsTheLine) {
  EXPECT_EQ(Receive(Line("hello alice")).value(), PmFate::kBridged);
  ASSERT_EQ(matrix_.created.size(), 1u);
  const RoomCreation& creation = matrix_.created[0];
  EXPECT_EQ(creation.as_user, "@irc_local_bob:example.org");
  EXPECT_TRUE(creation.is_direct);
  EXPECT_FALSE(creation.public_chat);
  EXPECT_THAT(creation.invite, ElementsAre("@alice:example.org"));
  EXPECT_EQ(profiles_.display_names["@irc_local_bob:example.org"], "Bob");
  EXPECT_EQ(pms_.RoomOf("local", "@alice:example.org", "bob").value(),
            std::optional<std::string>("!room1:hs"));
  ASSERT_EQ(sender_.sent.size(), 1u);
  const GhostMessage& sent = sender_.sent[0];
  EXPECT_EQ(sent.room_id, "!room1:hs");
  EXPECT_EQ(sent.ghost_mxid, "@irc_local_bob:example.org");
  EXPECT_EQ(sent.msgtype, "m.text");
  EXPECT_EQ(sent.body, "hello alice");
  EXPECT_TRUE(sent.idempotency_key.starts_with("irc:local:h:")) << sent.idempotency_key;
  // Done, not left pending.
  EXPECT_TRUE(records_.ListPending("local", "w1").value().empty());
}

TEST_F(PmFromIrcTest, LaterMessagesReuseTheRoomAndIdenticalLinesStaySeparate) {
  ASSERT_TRUE(Receive(Line("ok")).ok());
  clock_.Advance(1s);
  EXPECT_EQ(Receive(Line("ok")).value(), PmFate::kBridged);
  EXPECT_EQ(matrix_.created.size(), 1u);
  ASSERT_EQ(sender_.sent.size(), 2u);
  EXPECT_EQ(sender_.sent[1].room_id, sender_.sent[0].room_id);
  EXPECT_NE(sender_.sent[1].idempotency_key, sender_.sent[0].idempotency_key);
}

TEST_F(PmFromIrcTest, NickCaseDoesNotMakeASecondRoom) {
  ASSERT_TRUE(Receive(Line("one", "Bob!bob@host")).ok());
  ASSERT_TRUE(Receive(Line("two", "BOB!bob@host")).ok());
  EXPECT_EQ(matrix_.created.size(), 1u);
  EXPECT_EQ(sender_.sent[1].ghost_mxid, "@irc_local_bob:example.org");
}

TEST_F(PmFromIrcTest, AMessageWithAMsgidIsBridgedOnce) {
  PrivateLine line = Line("hi");
  line.msgid = "abc123";
  EXPECT_EQ(Receive(line).value(), PmFate::kBridged);
  EXPECT_EQ(Receive(line).value(), PmFate::kAlreadyHandled);
  EXPECT_EQ(sender_.sent.size(), 1u);
  EXPECT_EQ(sender_.sent[0].idempotency_key, "irc:local:id:abc123");
}

TEST_F(PmFromIrcTest, NoticeAndActionKeepTheirMsgtypes) {
  PrivateLine notice = Line("server says");
  notice.command = "NOTICE";
  ASSERT_EQ(Receive(notice).value(), PmFate::kBridged);
  ASSERT_EQ(Receive(Line("\x01"
                         "ACTION waves\x01"))
                .value(),
            PmFate::kBridged);
  ASSERT_EQ(sender_.sent.size(), 2u);
  EXPECT_EQ(sender_.sent[0].msgtype, "m.notice");
  EXPECT_EQ(sender_.sent[1].msgtype, "m.emote");
  EXPECT_EQ(sender_.sent[1].body, "waves");
}

TEST_F(PmFromIrcTest, OtherCtcpsAreNotMessagesAndCreateNoRoom) {
  EXPECT_EQ(Receive(Line("\x01VERSION\x01")).value(), PmFate::kNotMessage);
  EXPECT_TRUE(matrix_.created.empty());
  EXPECT_TRUE(sender_.sent.empty());
}

TEST_F(PmFromIrcTest, FormattingBecomesHtml) {
  ASSERT_EQ(Receive(Line("\x02"
                         "bold\x02 text"))
                .value(),
            PmFate::kBridged);
  EXPECT_EQ(sender_.sent[0].body, "bold text");
  EXPECT_EQ(sender_.sent[0].formatted_body, "<b>bold</b> text");
}

TEST_F(PmFromIrcTest, LinesFromOurOwnPuppetsAreNotBridged) {
  // Puppet nicks are recorded folded (rfc1459: [ ] fold to { }).
  ASSERT_TRUE(nicks_.Set("local", "carol{m}", "@carol:example.org").ok());
  EXPECT_EQ(Receive(Line("hi", "carol[m]!c@host")).value(), PmFate::kOwnPuppet);
  EXPECT_TRUE(matrix_.created.empty());
}

TEST_F(PmFromIrcTest, AMatrixOutFailureLeavesTheLinePendingForAResend) {
  sender_.result = absl::UnavailableError("router down");
  EXPECT_TRUE(absl::IsUnavailable(Receive(Line("hello")).status()));
  std::vector<PendingLine> pending = records_.ListPending("local", "w1").value();
  ASSERT_EQ(pending.size(), 1u);
  absl::StatusOr<GhostMessage> payload = DecodePendingPayload(pending[0].payload);
  ASSERT_TRUE(payload.ok()) << payload.status();
  EXPECT_EQ(payload->room_id, "!room1:hs");
  EXPECT_EQ(payload->ghost_mxid, "@irc_local_bob:example.org");
  EXPECT_EQ(payload->body, "hello");
}

TEST_F(PmFromIrcTest, ARoomCreationFailureSendsNothing) {
  matrix_.fail_next = absl::UnavailableError("create room: M_LIMIT_EXCEEDED");
  EXPECT_TRUE(absl::IsUnavailable(Receive(Line("hello")).status()));
  EXPECT_TRUE(sender_.sent.empty());
  EXPECT_EQ(pms_.RoomOf("local", "@alice:example.org", "bob").value(), std::nullopt);
  // The next line creates the room.
  EXPECT_EQ(Receive(Line("again")).value(), PmFate::kBridged);
}

TEST_F(PmFromIrcTest, MalformedLinesAreRefusedPrecisely) {
  EXPECT_TRUE(absl::IsInvalidArgument(Receive(Line("hi", "")).status()));
  PrivateLine other = Line("hi");
  other.network = "elsewhere";
  EXPECT_TRUE(absl::IsInvalidArgument(Receive(other).status()));
}

TEST_F(PmFromIrcTest, ANickChangeMovesTheRoomAndSwapsTheGhosts) {
  ASSERT_TRUE(Receive(Line("hi")).ok());
  ASSERT_TRUE(pm_.OnNickChange("local", "@alice:example.org", "Bob", "Robert").ok());
  EXPECT_EQ(pms_.RoomOf("local", "@alice:example.org", "bob").value(), std::nullopt);
  EXPECT_EQ(pms_.RoomOf("local", "@alice:example.org", "robert").value(),
            std::optional<std::string>("!room1:hs"));
  ASSERT_EQ(matrix_.invites.size(), 1u);
  EXPECT_EQ(matrix_.invites[0].as_user, "@irc_local_bob:example.org");
  EXPECT_EQ(matrix_.invites[0].other, "@irc_local_robert:example.org");
  ASSERT_EQ(matrix_.joins.size(), 1u);
  EXPECT_EQ(matrix_.joins[0].as_user, "@irc_local_robert:example.org");
  ASSERT_EQ(matrix_.leaves.size(), 1u);
  EXPECT_EQ(matrix_.leaves[0].as_user, "@irc_local_bob:example.org");
  EXPECT_EQ(profiles_.display_names["@irc_local_robert:example.org"], "Robert");
  // Lines from the new nick go to the same room as the new ghost.
  ASSERT_TRUE(Receive(Line("still me", "Robert!bob@host")).ok());
  EXPECT_EQ(matrix_.created.size(), 1u);
  EXPECT_EQ(sender_.sent.back().room_id, "!room1:hs");
  EXPECT_EQ(sender_.sent.back().ghost_mxid, "@irc_local_robert:example.org");
}

TEST_F(PmFromIrcTest, ANickChangeWithoutARoomOrOnlyInCaseDoesNothing) {
  EXPECT_TRUE(pm_.OnNickChange("local", "@alice:example.org", "Dave", "David").ok());
  ASSERT_TRUE(Receive(Line("hi")).ok());
  EXPECT_TRUE(pm_.OnNickChange("local", "@alice:example.org", "Bob", "BOB").ok());
  EXPECT_TRUE(matrix_.invites.empty());
  EXPECT_EQ(pms_.RoomOf("local", "@alice:example.org", "bob").value(),
            std::optional<std::string>("!room1:hs"));
}

}  // namespace
}  // namespace mxedge::irc_worker
