#include "mxedge/common/service_main.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mxedge::common {
namespace {

struct TestConfig {
  std::string log_level = "info";
  std::string name;
};

class StartServiceTest : public ::testing::Test {
 protected:
  std::variant<int, ServiceStart<TestConfig>> Start(std::vector<const char*> args) {
    args.insert(args.begin(), "test-service");
    const ServiceInfo info{
        .program = "test-service", .version = "9.9", .print_help = [this] { ++helps_; }};
    return StartService<TestConfig>(
        info, static_cast<int>(args.size()), args.data(),
        [this](const ConfigSource& source, bool require_secrets) -> absl::StatusOr<TestConfig> {
          loads_.push_back(require_secrets);
          if (!load_result_.ok()) {
            return load_result_;
          }
          return TestConfig{.log_level = "debug", .name = source.file_path.value_or("")};
        });
  }

  int helps_ = 0;
  std::vector<bool> loads_;
  absl::Status load_result_;
};

TEST_F(StartServiceTest, LoadsTheConfigurationNamedByTheFlags) {
  auto start = Start({"--config", "/etc/x.yaml"});
  ASSERT_TRUE(std::holds_alternative<ServiceStart<TestConfig>>(start));
  const auto& started = std::get<ServiceStart<TestConfig>>(start);
  EXPECT_EQ(started.config.name, "/etc/x.yaml");
  EXPECT_FALSE(started.flags.check_config);
  EXPECT_EQ(loads_, std::vector<bool>{true});
}

TEST_F(StartServiceTest, CheckConfigDoesNotRequireSecrets) {
  auto start = Start({"--check-config"});
  ASSERT_TRUE(std::holds_alternative<ServiceStart<TestConfig>>(start));
  EXPECT_TRUE(std::get<ServiceStart<TestConfig>>(start).flags.check_config);
  EXPECT_EQ(loads_, std::vector<bool>{false});
}

TEST_F(StartServiceTest, HelpAndVersionEndTheProcessWithoutLoading) {
  EXPECT_EQ(std::get<int>(Start({"--help"})), 0);
  EXPECT_EQ(helps_, 1);
  EXPECT_EQ(std::get<int>(Start({"--version"})), 0);
  EXPECT_TRUE(loads_.empty());
}

TEST_F(StartServiceTest, BadFlagsExitWithTwoAndBadConfigurationWithOne) {
  EXPECT_EQ(std::get<int>(Start({"--nope"})), 2);
  EXPECT_TRUE(loads_.empty());
  load_result_ = absl::InvalidArgumentError("invalid config: x");
  EXPECT_EQ(std::get<int>(Start({})), 1);
}

}  // namespace
}  // namespace mxedge::common
