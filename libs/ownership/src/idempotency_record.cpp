#include "mxedge/ownership/idempotency_record.hpp"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"
#include "mxedge/ownership/owner_id.hpp"

namespace mxedge::ownership {
namespace {
constexpr std::string_view kDone = "done";
constexpr std::string_view kPendingPrefix = "pending:";
}  // namespace

std::string IdempotencyRecord::ToString() const {
  if (state == State::kDone) {
    return std::string(kDone);
  }
  return absl::StrCat(internal::Sv(kPendingPrefix), holder);
}

absl::StatusOr<IdempotencyRecord> ParseIdempotencyRecord(std::string_view value) {
  if (value == kDone) {
    return IdempotencyRecord::Done();
  }
  if (!value.starts_with(kPendingPrefix)) {
    return absl::InvalidArgumentError(
        "idempotency record is neither \"done\" nor \"pending:<holder>\"");
  }
  const std::string_view holder = value.substr(kPendingPrefix.size());
  if (absl::Status s = ValidateOwnerId(holder); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("idempotency record holder: ", s.message()));
  }
  return IdempotencyRecord::Pending(std::string(holder));
}

}  // namespace mxedge::ownership
