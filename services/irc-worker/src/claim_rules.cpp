#include "claim_rules.hpp"

#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/owner_id.hpp"

namespace mxedge::irc_worker {

using common::Cat;

absl::Status ValidateConnection(std::string_view network, std::string_view mxid) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  return ValidateKeyPart("matrix user id", mxid);
}

absl::Status ValidateSelf(const ownership::Lease& self) {
  if (absl::Status s = ownership::ValidateOwnerId(self.owner_id); !s.ok()) {
    return s;
  }
  if (self.epoch < 1) {
    return absl::InvalidArgumentError(
        Cat("epoch of irc worker ", self.owner_id, " must be at least 1, got ", self.epoch));
  }
  return absl::OkStatus();
}

absl::Status NotLiveClaimerError(const ownership::Lease& self, std::string_view network,
                                 std::string_view mxid) {
  return absl::FailedPreconditionError(Cat("irc worker ", self.ToString(),
                                           " is not live with that epoch; not claiming ",
                                           RoutingKey(network, mxid)));
}

}  // namespace mxedge::irc_worker
