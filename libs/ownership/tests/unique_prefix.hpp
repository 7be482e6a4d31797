#pragma once
// A key prefix unique to the running test, its process and each call, so tests can share one Redis
// server while running in parallel and never see each other's keys.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <string>

#include "absl/strings/str_cat.h"

namespace mxedge::ownership {

inline std::string UniqueTestPrefix() {
  static std::atomic<int> counter{0};
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return absl::StrCat("mxedge-test:", info != nullptr ? info->test_suite_name() : "-", ".",
                      info != nullptr ? info->name() : "-", ":", getpid(), ":", counter++, ":");
}

}  // namespace mxedge::ownership
