#include "mxedge/msc3079/enum_version.hpp"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace mxedge::msc3079 {

SessionEnumVersion::SessionEnumVersion(const EnumVersionPolicy& policy) : table_(&KeyTable::V1()) {
  absl::StatusOr<const KeyTable*> table = KeyTable::ForVersion(policy.default_version);
  if (table.ok()) {
    table_ = *table;
  }
}

absl::Status SessionEnumVersion::Apply(std::optional<std::uint64_t> option_value) {
  if (!option_value) {
    return absl::OkStatus();
  }
  absl::StatusOr<const KeyTable*> table = KeyTable::ForVersion(*option_value);
  if (!table.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("option ", kCborEnumVersionOption, ": ", table.status().message()));
  }
  table_ = *table;
  return absl::OkStatus();
}

}  // namespace mxedge::msc3079
