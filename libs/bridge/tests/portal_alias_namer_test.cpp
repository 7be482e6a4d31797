#include "mxedge/bridge/portal_alias_namer.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

PortalAliasNamer Default() {
  absl::StatusOr<PortalAliasNamer> namer =
      PortalAliasNamer::Create(PortalAliasNamer::kDefaultTemplate, "hs.test");
  EXPECT_TRUE(namer.ok()) << namer.status();
  return *namer;
}

TEST(PortalAliasNamerTest, FormatsFoldedChannel) {
  irc::ISupport isupport;
  EXPECT_EQ(*Default().AliasFor("libera", "#Python[3]", isupport),
            "#irc_libera_#python{3}:hs.test");
  ASSERT_TRUE(isupport.ApplyToken("CASEMAPPING=ascii").ok());
  EXPECT_EQ(*Default().AliasFor("libera", "#Python[3]", isupport),
            "#irc_libera_#python[3]:hs.test");
}

TEST(PortalAliasNamerTest, ParsesAndFoldsByTheNetworksMapping) {
  irc::ISupport isupport;
  const auto lookup = [&](std::string_view network) -> const irc::ISupport* {
    return network == "libera" ? &isupport : nullptr;
  };
  absl::StatusOr<PortalChannel> channel = Default().Parse("#irc_libera_#Python:hs.test", lookup);
  ASSERT_TRUE(channel.ok()) << channel.status();
  EXPECT_EQ(channel->network, "libera");
  EXPECT_EQ(channel->channel, "#python");
  channel = Default().Parse("#irc_libera_##a_b:hs.test", lookup);
  ASSERT_TRUE(channel.ok());
  EXPECT_EQ(channel->channel, "##a_b");
}

TEST(PortalAliasNamerTest, ParseRejects) {
  irc::ISupport isupport;
  const auto lookup = [&](std::string_view network) -> const irc::ISupport* {
    return network == "libera" ? &isupport : nullptr;
  };
  EXPECT_EQ(Default().Parse("#irc_oftc_#a:hs.test", lookup).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Default().Parse("#irc_libera_#a:else.test", lookup).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Default().Parse("#random:hs.test", lookup).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Default().Parse("#irc_libera_python:hs.test", lookup).status().code(),
            absl::StatusCode::kInvalidArgument);  // no CHANTYPES prefix
  EXPECT_EQ(
      Default().Parse("#irc_libera_#" + std::string(60, 'a') + ":hs.test", lookup).status().code(),
      absl::StatusCode::kInvalidArgument);  // over CHANNELLEN
}

TEST(PortalAliasNamerTest, AliasForRejectsBadChannels) {
  irc::ISupport isupport;
  EXPECT_FALSE(Default().AliasFor("libera", "python", isupport).ok());
  EXPECT_FALSE(Default().AliasFor("libera", "#a b", isupport).ok());
  EXPECT_FALSE(Default().AliasFor("libera", "#a:b", isupport).ok());
  EXPECT_FALSE(Default().AliasFor("libera", "#a\x01", isupport).ok());
  EXPECT_FALSE(Default().AliasFor("LIBERA", "#a", isupport).ok());
  EXPECT_FALSE(PortalAliasNamer::Create("irc_$NETWORK", "hs.test").ok());
}

}  // namespace
}  // namespace mxedge::bridge
