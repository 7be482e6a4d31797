#include "mxedge/common/environment.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace mxedge::common {
namespace {

TEST(EnvironmentTest, ProcessEnvironmentReadsTheRealEnvironment) {
  // Unique per process: ctest runs every test in its own process.
  const std::string name = "MXEDGE_ENVIRONMENT_TEST_" + std::to_string(::getpid());
  const EnvLookup env = ProcessEnvironment();
  EXPECT_EQ(env(name), std::nullopt);
  ASSERT_EQ(::setenv(name.c_str(), "value with spaces", 1), 0);
  EXPECT_EQ(env(name), "value with spaces");
  ASSERT_EQ(::setenv(name.c_str(), "", 1), 0);
  EXPECT_EQ(env(name), "");  // set but empty is not unset
  ::unsetenv(name.c_str());
  EXPECT_EQ(env(name), std::nullopt);
}

TEST(EnvironmentTest, MapEnvironmentAnswersOnlyItsKeys) {
  const EnvLookup env = MapEnvironment({{"MXEDGE_A", "1"}, {"MXEDGE_EMPTY", ""}});
  EXPECT_EQ(env("MXEDGE_A"), "1");
  EXPECT_EQ(env("MXEDGE_EMPTY"), "");
  EXPECT_EQ(env("MXEDGE_B"), std::nullopt);
  EXPECT_EQ(env("PATH"), std::nullopt);
}

}  // namespace
}  // namespace mxedge::common
