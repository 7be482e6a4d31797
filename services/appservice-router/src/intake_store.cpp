#include "intake_store.hpp"

#include "absl/strings/str_cat.h"
#include "intake_crc32.hpp"

namespace mxedge::appservice_router {
namespace {

absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

std::string ShardStreamKey(std::string_view prefix, int shard) {
  return absl::StrCat(Av(prefix), "as:events:", shard);
}

std::string TxnMarkerKey(std::string_view prefix, std::string_view txn_id) {
  return absl::StrCat(Av(prefix), "as:txn:", Av(txn_id));
}

int ShardFor(std::string_view routing_key, int shards) {
  return static_cast<int>(Crc32(routing_key) % static_cast<uint32_t>(shards));
}

std::string_view IntakeOutcomeName(IntakeOutcome outcome) {
  switch (outcome) {
    case IntakeOutcome::kStored:
      return "stored";
    case IntakeOutcome::kDuplicate:
      return "duplicate";
    case IntakeOutcome::kReplaced:
      return "replaced";
  }
  return "unknown";
}

}  // namespace mxedge::appservice_router
