#include "worker_rules.hpp"

#include <algorithm>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/owner_id.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {
constexpr size_t kMaxAddressBytes = 256;
}  // namespace

absl::Status ValidateAdvert(const WorkerAdvert& advert) {
  if (absl::Status s = ownership::ValidateOwnerId(advert.id); !s.ok()) {
    return s;
  }
  if (advert.grpc_address.empty() || advert.grpc_address.size() > kMaxAddressBytes) {
    return absl::InvalidArgumentError(
        Cat("irc worker ", advert.id, " needs a grpc address of 1..", kMaxAddressBytes, " bytes"));
  }
  for (char c : advert.grpc_address) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(
          Cat("grpc address of irc worker ", advert.id, " holds a space or control character"));
    }
  }
  if (advert.capacity < 1) {
    return absl::InvalidArgumentError(
        Cat("capacity of irc worker ", advert.id, " must be at least 1, got ", advert.capacity));
  }
  return absl::OkStatus();
}

absl::Status NotRegisteredError(std::string_view worker_id) {
  return absl::NotFoundError(Cat("irc worker ", worker_id, " is not registered"));
}

absl::Status OtherEpochError(std::string_view worker_id, int64_t epoch,
                             std::string_view registered_epoch) {
  return absl::FailedPreconditionError(Cat("irc worker ", worker_id, " epoch ", epoch,
                                           " is fenced: registered epoch is ",
                                           registered_epoch.empty() ? "none" : registered_epoch));
}

void SortById(std::vector<WorkerInfo>& workers) {
  std::sort(workers.begin(), workers.end(),
            [](const WorkerInfo& a, const WorkerInfo& b) { return a.id < b.id; });
}

}  // namespace mxedge::irc_worker
