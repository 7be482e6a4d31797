#include "mxedge/common/clock.hpp"

namespace mxedge::common {

SystemClock& SystemClock::Instance() {
  static SystemClock clock;
  return clock;
}

}  // namespace mxedge::common
