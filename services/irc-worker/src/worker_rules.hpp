#pragma once
// Rules every WorkerRegistry implementation shares: advert validation, error texts, ordering.
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "worker_registry.hpp"

namespace mxedge::irc_worker {

// InvalidArgumentError for an invalid id, an empty or over-long address or a capacity below 1.
absl::Status ValidateAdvert(const WorkerAdvert& advert);

absl::Status NotRegisteredError(std::string_view worker_id);
absl::Status OtherEpochError(std::string_view worker_id, int64_t epoch,
                             std::string_view registered_epoch);

void SortById(std::vector<WorkerInfo>& workers);

}  // namespace mxedge::irc_worker
