#include "mxedge/ownership/owner_id.hpp"

#include "absl/strings/str_cat.h"

namespace mxedge::ownership {

absl::Status ValidateOwnerId(std::string_view owner_id) {
  if (owner_id.empty()) {
    return absl::InvalidArgumentError("owner id is empty");
  }
  if (owner_id.size() > kMaxOwnerIdBytes) {
    return absl::InvalidArgumentError(absl::StrCat("owner id is ", owner_id.size(),
                                                   " bytes long, the limit is ", kMaxOwnerIdBytes));
  }
  for (std::size_t i = 0; i < owner_id.size(); ++i) {
    const auto c = static_cast<unsigned char>(owner_id[i]);
    if (c <= 0x20 || c >= 0x7f || c == ':') {
      return absl::InvalidArgumentError(absl::StrCat("owner id has a forbidden character (byte 0x",
                                                     absl::Hex(c, absl::kZeroPad2), ") at offset ",
                                                     i));
    }
  }
  return absl::OkStatus();
}

}  // namespace mxedge::ownership
