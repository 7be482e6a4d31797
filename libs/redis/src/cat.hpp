#pragma once
// The string helpers of this library: those of libs/common (see mxedge/common/str_cat.hpp).
#include "mxedge/common/str_cat.hpp"

namespace mxedge::redis::internal {

using ::mxedge::common::Absl;
using ::mxedge::common::Cat;
using ::mxedge::common::Piece;

}  // namespace mxedge::redis::internal
