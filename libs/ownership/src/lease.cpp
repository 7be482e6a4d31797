#include "mxedge/ownership/lease.hpp"

#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "mxedge/ownership/owner_id.hpp"

namespace mxedge::ownership {

std::string Lease::ToString() const { return absl::StrCat(owner_id, ":", epoch); }

absl::StatusOr<Lease> ParseLease(std::string_view value) {
  const auto colon = value.rfind(':');
  if (colon == std::string_view::npos) {
    return absl::InvalidArgumentError("lease value has no ':' between owner and epoch");
  }
  const std::string_view owner = value.substr(0, colon);
  const std::string_view digits = value.substr(colon + 1);
  if (absl::Status s = ValidateOwnerId(owner); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("lease value: ", s.message()));
  }
  if (digits.empty()) {
    return absl::InvalidArgumentError("lease value has an empty epoch");
  }
  if (digits.front() == '0') {
    return absl::InvalidArgumentError("lease epoch must be positive, without leading zeros");
  }
  int64_t epoch = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError("lease epoch is not a decimal number");
    }
    const int digit = c - '0';
    if (epoch > (std::numeric_limits<int64_t>::max() - digit) / 10) {
      return absl::InvalidArgumentError("lease epoch overflows 64 bits");
    }
    epoch = epoch * 10 + digit;
  }
  return Lease{std::string(owner), epoch};
}

}  // namespace mxedge::ownership
