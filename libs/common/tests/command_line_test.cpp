#include "mxedge/common/command_line.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace mxedge::common {
namespace {

absl::StatusOr<CommandLine> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "svc");
  return ParseCommandLine(static_cast<int>(args.size()), args.data());
}

TEST(ParseCommandLineTest, NoArgumentsMeansDefaults) {
  auto cl = Parse({});
  ASSERT_TRUE(cl.ok());
  EXPECT_FALSE(cl->config_path.has_value());
  EXPECT_FALSE(cl->help || cl->version || cl->check_config);
}

TEST(ParseCommandLineTest, ReadsEveryFlagInBothConfigForms) {
  auto a = Parse({"--config", "/etc/mxedge/gw.yaml", "--check-config"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->config_path, "/etc/mxedge/gw.yaml");
  EXPECT_TRUE(a->check_config);
  auto b = Parse({"--config=x.yaml", "--help", "--version"});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->config_path, "x.yaml");
  EXPECT_TRUE(b->help);
  EXPECT_TRUE(b->version);
  EXPECT_TRUE(Parse({"-h"})->help);
}

TEST(ParseCommandLineTest, RejectsUnknownMissingEmptyAndRepeated) {
  EXPECT_EQ(Parse({"--verbose"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(Parse({"--verbose"}).status().message().find("--verbose"), absl::string_view::npos);
  EXPECT_EQ(Parse({"config.yaml"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse({"--config"}).status().message(), "--config: missing PATH");
  EXPECT_EQ(Parse({"--config="}).status().message(), "--config: empty PATH");
  EXPECT_EQ(Parse({"--config=a", "--config", "b"}).status().message(),
            "--config given more than once");
}

TEST(ParseCommandLineTest, UsageNamesEveryFlag) {
  const std::string usage = CommandLineUsage("irc-worker");
  for (const char* flag :
       {"irc-worker", "--config PATH", "--check-config", "--help", "--version"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace mxedge::common
