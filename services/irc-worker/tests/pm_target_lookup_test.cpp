#include "pm_target_lookup.hpp"

#include <gtest/gtest.h>

#include "in_memory_pm_rooms.hpp"

namespace mxedge::irc_worker {
namespace {

class OnePortal final : public PortalLookup {
 public:
  std::optional<std::string> PortalRoom(std::string_view network,
                                        std::string_view folded_channel) const override {
    return network == "local" && folded_channel == "#chan" ? std::optional<std::string>("!p:hs")
                                                           : std::nullopt;
  }
  std::optional<std::string> PortalChannel(std::string_view network,
                                           std::string_view room_id) const override {
    return network == "local" && room_id == "!p:hs" ? std::optional<std::string>("#chan")
                                                    : std::nullopt;
  }
};

TEST(PmTargetLookupTest, PortalsFirstThenPrivateChatsAnswerWithTheNick) {
  InMemoryPmRooms pms;
  ASSERT_TRUE(pms.Add(PmRoom{.room_id = "!dm:hs",
                             .network = "local",
                             .owner = "@alice:example.org",
                             .nick = "bob"})
                  .ok());
  PmTargetLookup lookup(std::make_shared<OnePortal>(), pms);
  EXPECT_EQ(lookup.PortalChannel("local", "!p:hs"), std::optional<std::string>("#chan"));
  EXPECT_EQ(lookup.PortalChannel("local", "!dm:hs"), std::optional<std::string>("bob"));
  EXPECT_EQ(lookup.PortalChannel("other", "!dm:hs"), std::nullopt);
  EXPECT_EQ(lookup.PortalChannel("local", "!none:hs"), std::nullopt);
  EXPECT_EQ(lookup.PortalChannel("local", "not a room"), std::nullopt);
  EXPECT_EQ(lookup.PortalRoom("local", "#chan"), std::optional<std::string>("!p:hs"));
  EXPECT_EQ(lookup.PortalRoom("local", "bob"), std::nullopt);
  // A rename is seen at once: private chats are not cached.
  ASSERT_TRUE(pms.Rename("local", "@alice:example.org", "bob", "robert").ok());
  EXPECT_EQ(lookup.PortalChannel("local", "!dm:hs"), std::optional<std::string>("robert"));
}

TEST(PmTargetLookupTest, WorksWithoutPortals) {
  InMemoryPmRooms pms;
  PmTargetLookup lookup(nullptr, pms);
  EXPECT_EQ(lookup.PortalRoom("local", "#chan"), std::nullopt);
  EXPECT_EQ(lookup.PortalChannel("local", "!dm:hs"), std::nullopt);
}

}  // namespace
}  // namespace mxedge::irc_worker
