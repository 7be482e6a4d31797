#include "case_mapping_check.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using Kind = irc::CaseMapping::Kind;

TEST(KeyCaseMappingTest, FollowsTheNetworksCasemapping) {
  NetworkConfig net;
  EXPECT_EQ(KeyCaseMapping(net).kind(), Kind::kRfc1459);
  net.casemapping = "ascii";
  EXPECT_EQ(KeyCaseMapping(net).kind(), Kind::kAscii);
  net.casemapping = "rfc1459-strict";
  EXPECT_EQ(KeyCaseMapping(net).kind(), Kind::kStrictRfc1459);
  EXPECT_EQ(KeyCaseMapping(net).Fold("Nick[m]~"), "nick{m}~");
}

TEST(KeyIsupportTest, DefaultsWithTheNetworksCasemapping) {
  NetworkConfig net;
  EXPECT_EQ(KeyIsupport(net).case_mapping().kind(), Kind::kRfc1459);
  net.casemapping = "rfc1459-strict";
  EXPECT_EQ(KeyIsupport(net).case_mapping().kind(), Kind::kStrictRfc1459);
  net.casemapping = "ascii";
  const irc::ISupport isupport = KeyIsupport(net);
  EXPECT_EQ(isupport.case_mapping().Fold("#Chan[1]"), "#chan[1]");
  EXPECT_TRUE(isupport.IsChannelName("#chan"));  // the other defaults stay
}

TEST(CaseMappingCheckTest, KeyMappingIsTheConfiguredOneAndRfc1459ForOthers) {
  Config config;
  NetworkConfig net;
  net.id = "libera";
  net.casemapping = "ascii";
  config.networks.push_back(net);
  const CaseMappingCheck check(config);
  EXPECT_EQ(check.KeyMapping("libera").kind(), Kind::kAscii);
  EXPECT_EQ(check.KeyMapping("oftc").kind(), Kind::kRfc1459);
}

TEST(CaseMappingCheckTest, WarnsOncePerNetworkAndAnnouncedMapping) {
  CaseMappingCheck check({{"libera", irc::CaseMapping()}, {"oftc", irc::CaseMapping()}});
  EXPECT_FALSE(check.Observe("libera", irc::CaseMapping()));  // as configured
  EXPECT_TRUE(check.Observe("libera", irc::CaseMapping(Kind::kAscii)));
  EXPECT_FALSE(check.Observe("libera", irc::CaseMapping(Kind::kAscii)));  // warned already
  EXPECT_TRUE(check.Observe("libera", irc::CaseMapping(Kind::kStrictRfc1459)));
  EXPECT_TRUE(check.Observe("oftc", irc::CaseMapping(Kind::kAscii)));
}

}  // namespace
}  // namespace mxedge::irc_worker
