// IrcToMatrix folds the keys it shares with the other workers (irc:nick, irc:recv) by the
// network's configured casemapping, whatever the server announces.
#include <gtest/gtest.h>

#include "irc_to_matrix.hpp"
#include "support/irc_to_matrix_pair_test.hpp"

namespace mxedge::irc_worker {
namespace {

using Kind = irc::CaseMapping::Kind;

// The pair fixture's shared stores, with IrcToMatrix instances made per mapping.
class IrcToMatrixKeyMappingTest : public IrcToMatrixPairTest {
 protected:
  IrcToMatrixKeyMappingTest() : IrcToMatrixPairTest(std::chrono::milliseconds(0)) {}

  IrcToMatrix Make(Kind kind) {
    IrcToMatrixOptions options = Options("w1", std::chrono::milliseconds(0));
    options.key_mappings = {{"local", irc::CaseMapping(kind)}};
    return IrcToMatrix(records_, nicks_, receivers_, sender_, Channels(), options);
  }

  std::chrono::steady_clock::time_point Now() const {
    return std::chrono::steady_clock::time_point{} + std::chrono::seconds(1);
  }
};

TEST_F(IrcToMatrixKeyMappingTest, PuppetNicksAreRecordedAndFoundByTheConfiguredMapping) {
  IrcToMatrix ascii = Make(Kind::kAscii);
  ASSERT_TRUE(ascii.OnPuppetNick("local", "@alice:example.org", "", "Alice[m]").ok());
  EXPECT_EQ(nicks_.Lookup("local", "alice[m]").value(), "@alice:example.org");
  EXPECT_FALSE(nicks_.Lookup("local", "alice{m}").value().has_value());
  // Under ascii "Alice{m}" is somebody else: bridged as a ghost.
  EXPECT_EQ(
      ascii.OnChannelLine(LocalChannelLine("mine", "@dave:example.org", "ALICE[m]!a@h"), Now())
          .value(),
      LineFate::kOwnPuppet);
  EXPECT_EQ(
      ascii.OnChannelLine(LocalChannelLine("other", "@dave:example.org", "Alice{m}!a@h"), Now())
          .value(),
      LineFate::kBridged);
  ASSERT_TRUE(ascii.OnPuppetGone("local", "@alice:example.org", "ALICE[M]").ok());
  EXPECT_FALSE(nicks_.Lookup("local", "alice[m]").value().has_value());
}

TEST_F(IrcToMatrixKeyMappingTest, TheDefaultIsRfc1459) {
  IrcToMatrix rfc = Make(Kind::kRfc1459);
  ASSERT_TRUE(rfc.OnPuppetNick("local", "@alice:example.org", "", "Alice[m]~").ok());
  EXPECT_EQ(nicks_.Lookup("local", "alice{m}^").value(), "@alice:example.org");
  IrcToMatrix strict = Make(Kind::kStrictRfc1459);
  ASSERT_TRUE(strict.OnPuppetNick("local", "@bob:example.org", "", "Bob[m]~").ok());
  EXPECT_EQ(nicks_.Lookup("local", "bob{m}~").value(), "@bob:example.org");
}

}  // namespace
}  // namespace mxedge::irc_worker
