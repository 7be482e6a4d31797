#pragma once
// Text helpers for the dispatch files: libs/common's string adapters (mxedge/common/str_cat.hpp)
// and WithContext.
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::appservice_router::dispatch_text {

using ::mxedge::common::Absl;
using ::mxedge::common::Cat;
using ::mxedge::common::Piece;
using ::mxedge::common::Std;

// `status` with `context` and ": " before its message, same code.
inline absl::Status WithContext(const absl::Status& status, std::string_view context) {
  if (status.ok()) {
    return status;
  }
  return absl::Status(status.code(), Cat(context, ": ", status.message()));
}

}  // namespace mxedge::appservice_router::dispatch_text
