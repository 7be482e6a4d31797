#include "mxedge/bridge/ghost_namer.hpp"

#include <gtest/gtest.h>

namespace mxedge::bridge {
namespace {

GhostNamer Default() {
  absl::StatusOr<GhostNamer> namer = GhostNamer::Create(GhostNamer::kDefaultTemplate, "hs.test");
  EXPECT_TRUE(namer.ok()) << namer.status();
  return *namer;
}

TEST(GhostNamerTest, FoldsAndEscapesNick) {
  const irc::CaseMapping rfc1459;
  EXPECT_EQ(*Default().UserIdFor("libera", "alice", rfc1459), "@irc_libera_alice:hs.test");
  EXPECT_EQ(*Default().UserIdFor("libera", "Alice[m]", rfc1459),
            "@irc_libera_alice=7bm=7d:hs.test");
  EXPECT_EQ(*Default().UserIdFor("libera", "ALICE{M}", rfc1459),
            *Default().UserIdFor("libera", "alice[m]", rfc1459));
  const irc::CaseMapping ascii(irc::CaseMapping::Kind::kAscii);
  EXPECT_EQ(*Default().UserIdFor("oftc", "A[b]", ascii), "@irc_oftc_a=5bb=5d:hs.test");
}

TEST(GhostNamerTest, ParsesBackToFoldedNick) {
  const irc::CaseMapping rfc1459;
  for (std::string_view nick : {"alice", "Bob_", "x|y^", "we-ird`"}) {
    absl::StatusOr<std::string> id = Default().UserIdFor("my-net", nick, rfc1459);
    ASSERT_TRUE(id.ok());
    absl::StatusOr<GhostId> back = Default().Parse(*id);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->network, "my-net");
    EXPECT_TRUE(rfc1459.Equal(back->nick, nick)) << back->nick;
  }
}

TEST(GhostNamerTest, NickWithUnderscoreParsesUnambiguously) {
  absl::StatusOr<GhostId> back = Default().Parse("@irc_libera_foo_bar_:hs.test");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->network, "libera");
  EXPECT_EQ(back->nick, "foo_bar_");
}

TEST(GhostNamerTest, ParseRejectsForeignIds) {
  EXPECT_EQ(Default().Parse("@irc_libera_alice:other.test").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Default().Parse("@alice:hs.test").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Default().Parse("not an id").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Default().Parse("@irc_libera_a=zz:hs.test").status().code(),
            absl::StatusCode::kInvalidArgument);  // the form fits, the escape does not
  EXPECT_EQ(Default().Parse("@irc_libera_=61:hs.test").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(Default().IsGhost("@irc_libera_Alice:hs.test"));
}

TEST(GhostNamerTest, RejectsBadInputs) {
  const irc::CaseMapping rfc1459;
  EXPECT_FALSE(Default().UserIdFor("Libera", "a", rfc1459).ok());
  EXPECT_FALSE(Default().UserIdFor("lib_era", "a", rfc1459).ok());
  EXPECT_FALSE(Default().UserIdFor("libera", "", rfc1459).ok());
  EXPECT_FALSE(Default().UserIdFor("libera", std::string(100, '['), rfc1459).ok());
  EXPECT_FALSE(GhostNamer::Create("IRC_$NETWORK_$NICK", "hs.test").ok());
  EXPECT_FALSE(GhostNamer::Create("irc_$NICK", "hs.test").ok());
  // "e" after $NETWORK: "irc_nete..." could be network "n" or "net".
  EXPECT_FALSE(GhostNamer::Create("irc_$NETWORKe$NICK", "hs.test").ok());
  EXPECT_FALSE(GhostNamer::Create("irc$NETWORK_$NICK", "hs.test").ok());
  EXPECT_TRUE(GhostNamer::Create("$NICK/$NETWORK", "hs.test").ok());
  EXPECT_FALSE(GhostNamer::Create(GhostNamer::kDefaultTemplate, "bad host!").ok());
}

}  // namespace
}  // namespace mxedge::bridge
