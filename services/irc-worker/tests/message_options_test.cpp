#include "message_options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;

NetworkConfig Network(std::string id, int line_limit, std::string charset,
                      std::chrono::milliseconds drop_after) {
  NetworkConfig net;
  net.id = std::move(id);
  net.line_limit = line_limit;
  net.fallback_charset = std::move(charset);
  net.drop_matrix_messages_after = drop_after;
  net.media_link_ttl = std::chrono::hours(1);
  return net;
}

TEST(ApplyMessageSettingsTest, EveryNetworkGetsItsSettings) {
  Config config;
  config.networks = {Network("libera", 5, "latin1", std::chrono::minutes(10)),
                     Network("oftc", 3, "windows-1252", std::chrono::milliseconds(0))};
  MatrixToIrcOptions m2i;
  IrcToMatrixOptions i2m;
  ASSERT_TRUE(ApplyMessageSettings(config, m2i, i2m).ok());
  EXPECT_EQ(m2i.rendering.at("libera").line_limit, 5u);
  EXPECT_EQ(m2i.rendering.at("libera").media_link_ttl, std::chrono::hours(1));
  EXPECT_EQ(m2i.rendering.at("oftc").line_limit, 3u);
  EXPECT_EQ(m2i.drop_after.at("libera"), std::chrono::minutes(10));
  EXPECT_EQ(m2i.drop_after.at("oftc"), std::chrono::milliseconds(0));
  EXPECT_EQ(i2m.charsets.at("libera"), bridge::FallbackCharset::kLatin1);
  EXPECT_EQ(i2m.charsets.at("oftc"), bridge::FallbackCharset::kCp1252);
}

TEST(ApplyMessageSettingsTest, AnUnknownCharsetNamesTheKey) {
  Config config;
  config.networks = {Network("libera", 3, "ebcdic", std::chrono::milliseconds(0))};
  MatrixToIrcOptions m2i;
  IrcToMatrixOptions i2m;
  absl::Status s = ApplyMessageSettings(config, m2i, i2m);
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_THAT(s.message(), HasSubstr("networks[libera].fallback_charset"));
}

TEST(ApplyMessageSettingsTest, EveryNetworkGetsItsCoalesceWindow) {
  Config config;
  config.networks = {Network("libera", 3, "latin1", std::chrono::milliseconds(0)),
                     Network("oftc", 3, "latin1", std::chrono::milliseconds(0))};
  config.networks[0].coalesce_window = std::chrono::milliseconds(1500);
  MatrixToIrcOptions m2i;
  IrcToMatrixOptions i2m;
  ASSERT_TRUE(ApplyMessageSettings(config, m2i, i2m).ok());
  EXPECT_EQ(i2m.coalesce_windows.at("libera"), std::chrono::milliseconds(1500));
  EXPECT_EQ(i2m.coalesce_windows.at("oftc"), std::chrono::milliseconds(0));
}

}  // namespace
}  // namespace mxedge::irc_worker
