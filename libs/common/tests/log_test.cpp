#include "mxedge/common/log.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace mxedge::common {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitLogging("test-service", LogLevel::kInfo);
    SetLogSinkForTesting(&out_);
  }
  void TearDown() override { SetLogSinkForTesting(nullptr); }
  std::ostringstream out_;
};

TEST_F(LogTest, WritesOneJsonObjectPerLine) {
  LogInfo("started", {{"port", 9000}, {"addr", "127.0.0.1"}, {"ready", true}, {"ratio", 0.5}});
  const auto line = nlohmann::json::parse(out_.str());
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["msg"], "started");
  EXPECT_EQ(line["service"], "test-service");
  EXPECT_EQ(line["port"], 9000);
  EXPECT_EQ(line["addr"], "127.0.0.1");
  EXPECT_EQ(line["ready"], true);
  EXPECT_DOUBLE_EQ(line["ratio"].get<double>(), 0.5);
  EXPECT_TRUE(line["ts"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(out_.str().back(), '\n');
}

TEST_F(LogTest, DropsLinesBelowTheMinimumLevel) {
  LogDebug("per message detail");
  EXPECT_TRUE(out_.str().empty());
  EXPECT_FALSE(LogEnabled(LogLevel::kDebug));
  EXPECT_TRUE(LogEnabled(LogLevel::kWarn));
}

TEST_F(LogTest, EscapesControlCharactersAndQuotes) {
  LogWarn("a \"quoted\"\nline\x01", {{"k\\", "tab\there"}});
  const auto line = nlohmann::json::parse(out_.str());
  EXPECT_EQ(line["msg"], "a \"quoted\"\nline\x01");
  EXPECT_EQ(line["k\\"], "tab\there");
}

TEST(ParseLogLevelTest, AcceptsKnownNamesOnly) {
  EXPECT_EQ(ParseLogLevel("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("warning"), LogLevel::kWarn);
  EXPECT_EQ(ParseLogLevel("error"), LogLevel::kError);
  EXPECT_FALSE(ParseLogLevel("verbose").has_value());
  EXPECT_FALSE(ParseLogLevel("").has_value());
}

}  // namespace
}  // namespace mxedge::common
