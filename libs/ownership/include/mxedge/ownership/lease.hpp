#pragma once
// A fenced lease as stored in Redis: "<owner_id>:<epoch>". The epoch comes from INCR on a
// per-lease counter at every acquisition, so whoever acquires later always holds a larger epoch
// and can be told apart from an earlier holder with the same owner id.
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::ownership {

struct Lease {
  std::string owner_id;
  int64_t epoch = 0;

  // The stored form, "<owner_id>:<epoch>".
  std::string ToString() const;

  friend bool operator==(const Lease&, const Lease&) = default;
};

// Parses the stored form strictly: a valid owner id (see owner_id.hpp), one ':', and an epoch in
// canonical decimal (1..INT64_MAX, no sign, no leading zero). InvalidArgumentError otherwise.
absl::StatusOr<Lease> ParseLease(std::string_view value);

}  // namespace mxedge::ownership
