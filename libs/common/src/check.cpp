#include "mxedge/common/check.hpp"

#include <cstdlib>

#include "mxedge/common/log.hpp"

namespace mxedge::common {

void CheckFailed(std::string_view condition, std::string_view file, int line) {
  LogError("check failed", {{"condition", condition}, {"file", file}, {"line", line}});
  std::abort();
}

}  // namespace mxedge::common
