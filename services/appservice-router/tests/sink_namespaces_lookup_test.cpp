#include "sink_namespaces_lookup.hpp"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mxedge::appservice_router {
namespace {

TEST(SinkTargetTest, NamesRoundTrip) {
  EXPECT_EQ(SinkTarget::Irc("libera").name, "irc:libera");
  EXPECT_EQ(SinkTarget::FromName("irc:libera"), SinkTarget::Irc("libera"));
  EXPECT_EQ(SinkTarget::FromName("micropub"), SinkTarget::Micropub());
  EXPECT_FALSE(SinkTarget::FromName("irc:").has_value());
  EXPECT_FALSE(SinkTarget::FromName("smtp").has_value());
  EXPECT_TRUE(SinkTarget::Irc("oftc").is_irc());
  EXPECT_FALSE(SinkTarget::Micropub().is_irc());
}

TEST(NamespacesUserSinkLookupTest, GhostsBotsAndMicropubBotMapToTheirSink) {
  Config config;
  config.homeserver.server_name = "example.org";
  IrcNetworkConfig libera;
  libera.id = "libera";
  config.irc_networks = {libera};
  absl::StatusOr<Namespaces> namespaces = Namespaces::Create(config);
  ASSERT_TRUE(namespaces.ok()) << namespaces.status();
  NamespacesUserSinkLookup lookup(*namespaces);
  EXPECT_EQ(lookup.SinkOfUser("@irc_libera_alice:example.org"), SinkTarget::Irc("libera"));
  EXPECT_EQ(lookup.SinkOfUser("@irc_libera:example.org"), SinkTarget::Irc("libera"));
  EXPECT_EQ(lookup.SinkOfUser("@micropub:example.org"), SinkTarget::Micropub());
  EXPECT_FALSE(lookup.SinkOfUser("@alice:example.org").has_value());
  EXPECT_FALSE(lookup.SinkOfUser("@irc_libera_alice:elsewhere.org").has_value());
  // The names match the namespaces' own sink names (idempotency keys depend on it).
  for (const SinkRef& ref : namespaces->sinks()) {
    EXPECT_EQ(SinkTargetOf(ref).name, ref.Name());
  }
}

}  // namespace
}  // namespace mxedge::appservice_router
