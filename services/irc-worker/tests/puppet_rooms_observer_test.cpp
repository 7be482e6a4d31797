#include "puppet_rooms_observer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_matrix_rooms.hpp"
#include "fake_puppets.hpp"
#include "in_memory_bridged_rooms.hpp"
#include "mxedge/irc/parser.hpp"
#include "recording_observer.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kUser[] = "@alice:hs";

class PuppetRoomsObserverTest : public ::testing::Test {
 protected:
  PuppetRoomsObserverTest()
      : portals_(
            rooms_, matrix_,
            *bridge::PortalAliasNamer::Create(bridge::PortalAliasNamer::kDefaultTemplate, "hs"),
            {}),
        admin_(rooms_, matrix_, puppets_, portals_, Networks()),
        inner_(std::make_shared<RecordingObserver>()),
        observer_(ConnectionKey{"libera", kUser}, inner_, queue_, admin_, rooms_, puppets_) {
    EXPECT_TRUE(rooms_.SetAdminRoom("libera", kUser, "!dm:hs").ok());
  }

  static std::map<std::string, AdminNetwork, std::less<>> Networks() {
    std::map<std::string, AdminNetwork, std::less<>> out;
    out.emplace("libera", AdminNetwork{.bot_user_id = "@irc_libera:hs"});
    return out;
  }

  // Runs what the observer posted (the queue holds it already: no wait).
  void RunPosted() {
    for (auto& fn : queue_.Take(std::chrono::steady_clock::time_point::min())) {
      fn();
    }
  }

  void Line(std::string_view text) { observer_.OnLine(*irc::ParseMessage(text)); }

  InMemoryBridgedRooms rooms_;
  FakeMatrixRooms matrix_;
  FakePuppets puppets_;
  PortalCreator portals_;
  AdminRoom admin_;
  WorkQueue queue_;
  std::shared_ptr<RecordingObserver> inner_;
  PuppetRoomsObserver observer_;
};

TEST_F(PuppetRoomsObserverTest, RegistrationIsToldAndTheUsersChannelsAreRejoined) {
  ASSERT_TRUE(rooms_.AddUserChannel("libera", kUser, "#python").ok());
  ASSERT_TRUE(rooms_.AddUserChannel("libera", kUser, "#rust").ok());
  observer_.OnRegistered("alice[m]");
  EXPECT_THAT(inner_->events(), ElementsAre("registered alice[m]"));
  EXPECT_THAT(matrix_.notices, IsEmpty());  // nothing happens on the IRC loop itself
  RunPosted();
  EXPECT_THAT(matrix_.NoticeBodies(), ElementsAre("Connected to libera as alice[m]."));
  EXPECT_EQ(matrix_.notices[0].room_id, "!dm:hs");
  EXPECT_THAT(puppets_.lines,
              ElementsAre("libera @alice:hs JOIN #python", "libera @alice:hs JOIN #rust"));
}

TEST_F(PuppetRoomsObserverTest, ATakenNickAfterRegistrationIsTold) {
  // During registration the session picks another nick itself: no notice.
  Line(":srv 433 * alice[m] :Nickname is already in use");
  observer_.OnRegistered("alice[m]_");
  Line(":srv 433 alice[m]_ Alice :Nickname is already in use");
  Line(":bob!b@h PRIVMSG #python :hi");
  RunPosted();
  EXPECT_THAT(
      matrix_.NoticeBodies(),
      ElementsAre(HasSubstr("Connected"), "The nick Alice is taken; your nick is unchanged."));
  EXPECT_EQ(inner_->lines().size(), 3u);
}

TEST_F(PuppetRoomsObserverTest, LostConnectionsKLinesAndSaslFailuresAreTold) {
  observer_.OnSaslResult(false, "Invalid credentials");
  observer_.OnClosed({CloseReason::kBanned, "K-lined"});
  observer_.OnClosed({CloseReason::kLocal, ""});
  RunPosted();
  EXPECT_THAT(matrix_.NoticeBodies(), ElementsAre(HasSubstr("SASL login to libera failed"),
                                                  HasSubstr("banned from the server (K-line)")));
  // Each notice has its own idempotency key.
  EXPECT_NE(matrix_.notices[0].key, matrix_.notices[1].key);
  EXPECT_THAT(inner_->events(),
              ElementsAre("sasl failed Invalid credentials", "closed banned", "closed local"));
}

TEST_F(PuppetRoomsObserverTest, AUserWithoutAdminRoomGetsNoNotices) {
  ASSERT_TRUE(rooms_.Remove("!dm:hs").value());
  observer_.OnClosed({CloseReason::kPingTimeout, ""});
  RunPosted();
  EXPECT_THAT(matrix_.notices, IsEmpty());
}

}  // namespace
}  // namespace mxedge::irc_worker
