#include "mxedge/bridge/bridge_info.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

using nlohmann::json;

const NetworkInfo kLibera{.id = "libera",
                          .displayname = "Libera.Chat",
                          .domain = "irc.libera.chat",
                          .icon = "mxc://hs/icon"};

TEST(BridgeInfoTest, StateKeyEncodesTheChannel) {
  EXPECT_EQ(BridgeInfoStateKey("libera", "#python"), "mxedge://irc/libera/%23python");
  EXPECT_EQ(BridgeInfoStateKey("libera", "#a/b%"), "mxedge://irc/libera/%23a%2Fb%25");
}

TEST(BridgeInfoTest, Content) {
  const json content = BridgeInfoContent("@ircbot:hs", kLibera, "#python");
  EXPECT_EQ(content, json::parse(R"({
    "bridgebot": "@ircbot:hs",
    "creator": "@ircbot:hs",
    "protocol": {"id": "irc", "displayname": "IRC"},
    "network": {"id": "libera", "displayname": "Libera.Chat",
                "external_url": "irc://irc.libera.chat", "avatar_url": "mxc://hs/icon"},
    "channel": {"id": "#python", "displayname": "#python",
                "external_url": "irc://irc.libera.chat/python"}
  })"));
  const json bare = BridgeInfoContent("@b:hs", NetworkInfo{.id = "n"}, "&local");
  EXPECT_EQ(bare["network"], json({{"id", "n"}, {"displayname", "n"}}));
  EXPECT_FALSE(bare["channel"].contains("external_url"));
}

TEST(ThirdPartyProtocolTest, FieldsAndInstances) {
  const json protocol =
      ThirdPartyProtocol({kLibera, NetworkInfo{.id = "oftc", .domain = "irc.oftc.net"}});
  EXPECT_EQ(protocol["user_fields"], json({"domain", "nick"}));
  EXPECT_EQ(protocol["location_fields"], json({"domain", "channel"}));
  for (const char* field : {"domain", "nick", "channel"}) {
    EXPECT_TRUE(protocol["field_types"][field].contains("regexp")) << field;
    EXPECT_TRUE(protocol["field_types"][field].contains("placeholder")) << field;
  }
  ASSERT_EQ(protocol["instances"].size(), 2u);
  EXPECT_EQ(protocol["instances"][0], json({{"network_id", "libera"},
                                            {"desc", "Libera.Chat"},
                                            {"icon", "mxc://hs/icon"},
                                            {"fields", {{"domain", "irc.libera.chat"}}}}));
  EXPECT_EQ(protocol["instances"][1]["desc"], "oftc");
}

}  // namespace
}  // namespace mxedge::bridge
