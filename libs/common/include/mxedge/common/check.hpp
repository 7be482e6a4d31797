#pragma once
// MXEDGE_CHECK: for bugs in our own code only. Never on network input (that returns a Status).
#include <string_view>

namespace mxedge::common {
[[noreturn]] void CheckFailed(std::string_view condition, std::string_view file, int line);
}  // namespace mxedge::common

#define MXEDGE_CHECK(cond)                                                 \
  do {                                                                     \
    if (!(cond)) ::mxedge::common::CheckFailed(#cond, __FILE__, __LINE__); \
  } while (false)
